/**
 * Who the caller may name (least privilege): an admin sees every enabled user and every team; an engineer sees
 * themself, the admins, the users who share a team with them, and only their own teams. The client shows these
 * names in place of short ids and offers as assignees only who the server will accept (an admin, or an enabled
 * member of the customer's team), so each user carries the ids of their teams the caller may see - never a team
 * the caller isn't in. Nothing else about a user leaves the server.
 */
import type { Directory } from '@shared/protocol/index'
import type { Principal } from '../auth/principal'
import type { Db } from '../db/connect'

export async function readDirectory(db: Db, principal: Principal): Promise<Directory> {
  const read = db.read
  const admin = principal.role === 'admin'
  const teamIds = principal.teamIds
  const users = await read
    .selectFrom('users')
    .select(['id', 'username', 'role'])
    .where('disabled', '=', 0)
    .$if(!admin, (q) =>
      q.where((eb) => {
        const visible = [eb('id', '=', principal.userId), eb('role', '=', 'admin')]
        if (teamIds.length > 0) {
          visible.push(
            eb('id', 'in', eb.selectFrom('user_teams').select('user_id').where('team_id', 'in', teamIds)),
          )
        }
        return eb.or(visible)
      }),
    )
    .orderBy('username')
    .execute()
  if (!admin && teamIds.length === 0) return { users: users.map((u) => ({ ...u, teamIds: [] })), teams: [] }
  const [teams, memberships] = await Promise.all([
    read
      .selectFrom('teams')
      .select(['id', 'name'])
      .$if(!admin, (q) => q.where('id', 'in', teamIds))
      .orderBy('name')
      .execute(),
    read
      .selectFrom('user_teams')
      .select(['user_id', 'team_id'])
      .$if(!admin, (q) => q.where('team_id', 'in', teamIds))
      .orderBy('team_id')
      .execute(),
  ])
  const teamsOf = new Map<string, string[]>()
  for (const m of memberships) teamsOf.set(m.user_id, [...(teamsOf.get(m.user_id) ?? []), m.team_id])
  return { users: users.map((u) => ({ ...u, teamIds: teamsOf.get(u.id) ?? [] })), teams }
}
