/**
 * Live sockets outlive the request that opened them, so a session that ends elsewhere (a user disabled from
 * the CLI, a refresh-token family revoked on another server process) must still close them. Every few
 * seconds the sessions that hold sockets are checked against the database in one query; ended ones are closed,
 * and the teams of the users behind the others are re-read (so a team change moves their pokes too).
 * HTTP requests need no sweep: each one checks its token against the database.
 */
import type { Db } from '../db/connect'
import type { PokeHub } from './poke-hub'

export function startSessionSweeper(db: Db, hub: PokeHub, everyMs = 5000): { stop(): void } {
  let running = false
  const timer = setInterval(() => {
    const ids = hub.sessionIds()
    if (running || ids.length === 0) return
    running = true
    void (async () => {
      try {
        const live = await db.read
          .selectFrom('sessions as s')
          .innerJoin('users as u', 'u.id', 's.user_id')
          .select('s.id')
          .where('s.id', 'in', ids)
          .where('s.revoked_at', 'is', null)
          .where('u.disabled', '=', 0)
          .execute()
        const alive = new Set(live.map((r) => r.id))
        hub.closeSessions(ids.filter((id) => !alive.has(id)))
        // teams change from the CLI too (user teams): keep the sockets' poke scope current
        const users = hub.userIds()
        if (users.length > 0) {
          const memberships = await db.read
            .selectFrom('user_teams')
            .select(['user_id', 'team_id'])
            .where('user_id', 'in', users)
            .execute()
          for (const userId of users) {
            hub.updateTeams(
              userId,
              memberships
                .filter((m) => m.user_id === userId)
                .map((m) => m.team_id)
                .sort(),
            )
          }
        }
      } catch {
        // the database is away: try again at the next tick
      } finally {
        running = false
      }
    })()
  }, everyMs)
  timer.unref()
  return { stop: () => clearInterval(timer) }
}
