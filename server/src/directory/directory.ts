/**
 * Who the caller may name (least privilege): an admin sees every enabled user and every team; an engineer sees
 * themself, the admins, the users who share a team with them, and only their own teams. The client shows these
 * names in place of short ids; nothing else about a user leaves the server.
 */
import type { Directory } from '@shared/protocol/index'
import type { Principal } from '../auth/principal'
import type { Db } from '../db/connect'

export async function readDirectory(db: Db, principal: Principal): Promise<Directory> {
  const read = db.read
  if (principal.role === 'admin') {
    const [users, teams] = await Promise.all([
      read
        .selectFrom('users')
        .select(['id', 'username', 'role'])
        .where('disabled', '=', 0)
        .orderBy('username')
        .execute(),
      read.selectFrom('teams').select(['id', 'name']).orderBy('name').execute(),
    ])
    return { users, teams }
  }
  const teamIds = principal.teamIds
  const users = await read
    .selectFrom('users')
    .select(['id', 'username', 'role'])
    .where('disabled', '=', 0)
    .where((eb) => {
      const visible = [eb('id', '=', principal.userId), eb('role', '=', 'admin')]
      if (teamIds.length > 0) {
        visible.push(
          eb('id', 'in', eb.selectFrom('user_teams').select('user_id').where('team_id', 'in', teamIds)),
        )
      }
      return eb.or(visible)
    })
    .orderBy('username')
    .execute()
  const teams =
    teamIds.length > 0
      ? await read
          .selectFrom('teams')
          .select(['id', 'name'])
          .where('id', 'in', teamIds)
          .orderBy('name')
          .execute()
      : []
  return { users, teams }
}
