/**
 * Users and teams: what the CLI (and tests) administer. Disabling a user revokes every session in the same
 * transaction, and every token check reads the session, so the user is locked out at once.
 */
import type { Kysely } from 'kysely'
import { v7 as uuidv7 } from 'uuid'
import { audit } from '../audit/audit'
import type { Db } from '../db/connect'
import type { Database } from '../db/schema'
import { sqlEntityTables } from '../db/tables'
import { nextVersion } from '../db/version'
import { hashPassword, type ScryptParams } from './password'
import { revokeUserSessions } from './sessions'

export class AdminError extends Error {
  constructor(message: string) {
    super(message)
    this.name = 'AdminError'
  }
}

export async function addTeam(
  db: Kysely<Database>,
  name: string,
  now = new Date(),
): Promise<{ id: string; name: string }> {
  const existing = await db
    .selectFrom('teams')
    .select(['id', 'name'])
    .where('name', '=', name)
    .executeTakeFirst()
  if (existing) throw new AdminError(`A team named "${name}" already exists.`)
  const team = { id: uuidv7(), name }
  await db.transaction().execute(async (trx) => {
    await trx
      .insertInto('teams')
      .values({ ...team, created_at: now.toISOString() })
      .execute()
    await audit(trx, { kind: 'admin', action: 'team-add', at: now.toISOString(), detail: team })
  })
  return team
}

export async function teamIdsByName(db: Kysely<Database>, names: string[]): Promise<string[]> {
  const ids: string[] = []
  for (const name of names) {
    const team = await db
      .selectFrom('teams')
      .select('id')
      .where((eb) => eb.or([eb('name', '=', name), eb('id', '=', name)]))
      .executeTakeFirst()
    if (!team) throw new AdminError(`No team named "${name}". Create it with: team add "${name}"`)
    ids.push(team.id)
  }
  return ids
}

export interface NewUser {
  username: string
  password: string
  role: 'admin' | 'engineer'
  teams?: string[]
  scrypt?: ScryptParams
}

export async function addUser(
  db: Kysely<Database>,
  input: NewUser,
  now = new Date(),
): Promise<{ id: string; username: string }> {
  if (!/^[A-Za-z0-9._@-]{1,100}$/.test(input.username))
    throw new AdminError('username: use 1–100 letters, digits, dots, dashes, @ or _.')
  if (input.password.length < 8) throw new AdminError('password: at least 8 characters.')
  if (await db.selectFrom('users').select('id').where('username', '=', input.username).executeTakeFirst()) {
    throw new AdminError(`A user named "${input.username}" already exists.`)
  }
  const teamIds = await teamIdsByName(db, input.teams ?? [])
  const passwordHash = await hashPassword(input.password, input.scrypt)
  const id = uuidv7()
  await db.transaction().execute(async (trx) => {
    await trx
      .insertInto('users')
      .values({
        id,
        username: input.username,
        password_hash: passwordHash,
        role: input.role,
        disabled: 0,
        created_at: now.toISOString(),
      })
      .execute()
    for (const teamId of teamIds)
      await trx.insertInto('user_teams').values({ user_id: id, team_id: teamId }).execute()
    await audit(trx, {
      kind: 'admin',
      action: 'user-add',
      at: now.toISOString(),
      userId: id,
      username: input.username,
      detail: { role: input.role, teamIds },
    })
  })
  return { id, username: input.username }
}

export async function disableUser(db: Kysely<Database>, username: string, now = new Date()): Promise<void> {
  const user = await db
    .selectFrom('users')
    .select(['id', 'username'])
    .where('username', '=', username)
    .executeTakeFirst()
  if (!user) throw new AdminError(`No user named "${username}".`)
  const at = now.toISOString()
  await db.transaction().execute(async (trx) => {
    await trx.updateTable('users').set({ disabled: 1 }).where('id', '=', user.id).execute()
    await revokeUserSessions(trx, user.id, 'user-disabled', at)
    await audit(trx, { kind: 'admin', action: 'user-disable', at, userId: user.id, username: user.username })
  })
}

export interface UserListing {
  id: string
  username: string
  role: 'admin' | 'engineer'
  disabled: boolean
  teams: string[]
}

export async function listUsers(db: Kysely<Database>): Promise<UserListing[]> {
  const users = await db
    .selectFrom('users')
    .select(['id', 'username', 'role', 'disabled'])
    .orderBy('username')
    .execute()
  const memberships = await db
    .selectFrom('user_teams as ut')
    .innerJoin('teams as t', 't.id', 'ut.team_id')
    .select(['ut.user_id', 't.name'])
    .orderBy('t.name')
    .execute()
  return users.map((u) => ({
    id: u.id,
    username: u.username,
    role: u.role,
    disabled: Boolean(u.disabled),
    teams: memberships.filter((m) => m.user_id === u.id).map((m) => m.name),
  }))
}

/**
 * Sets a user's teams to exactly `teams`. Takes effect on the user's next request (teams are read on each).
 * A joined team's rows are re-stamped with a new version, so the user pulls them as added rows (its other
 * members get identical rows again, which changes nothing); a left team is recorded in membership_changes, so
 * the user's next pull purges its rows.
 */
export async function setUserTeams(
  db: Db,
  username: string,
  teams: string[],
  now = new Date(),
): Promise<{ added: string[]; removed: string[] }> {
  const user = await db.read
    .selectFrom('users')
    .select(['id', 'username'])
    .where('username', '=', username)
    .executeTakeFirst()
  if (!user) throw new AdminError(`No user named "${username}".`)
  const wanted = new Set(await teamIdsByName(db.write, teams))
  const at = now.toISOString()
  return db.write.transaction().execute(async (trx) => {
    if (db.dialect === 'postgres')
      await trx.selectFrom('meta').select('version').where('id', '=', 1).forUpdate().execute()
    const current = new Set(
      (await trx.selectFrom('user_teams').select('team_id').where('user_id', '=', user.id).execute()).map(
        (r) => r.team_id,
      ),
    )
    const added = [...wanted].filter((t) => !current.has(t))
    const removed = [...current].filter((t) => !wanted.has(t))
    if (added.length === 0 && removed.length === 0) return { added, removed }
    const version = await nextVersion(trx)
    for (const teamId of removed) {
      await trx
        .deleteFrom('user_teams')
        .where('user_id', '=', user.id)
        .where('team_id', '=', teamId)
        .execute()
      await trx
        .insertInto('membership_changes')
        .values({ version, user_id: user.id, team_id: teamId, added: 0 })
        .execute()
    }
    for (const teamId of added) {
      await trx.insertInto('user_teams').values({ user_id: user.id, team_id: teamId }).execute()
      await trx
        .insertInto('membership_changes')
        .values({ version, user_id: user.id, team_id: teamId, added: 1 })
        .execute()
      for (const table of sqlEntityTables) {
        await trx
          .updateTable(table as 'contacts')
          .set({ version })
          .where(
            'customer_id',
            'in',
            trx.selectFrom('customers as c').select('c.id').where('c.team_id', '=', teamId),
          )
          .execute()
      }
    }
    await audit(trx, {
      kind: 'admin',
      action: 'user-teams',
      at,
      userId: user.id,
      username: user.username,
      detail: { added, removed, version },
    })
    return { added, removed }
  })
}
