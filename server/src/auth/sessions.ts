/**
 * Sessions and tokens (design/sync.md, HTTP surface): login issues an access token (short-lived) and a refresh
 * token; refresh spends the refresh token and issues a new pair in the same family; presenting a spent refresh
 * token again is reuse, a sign that it was stolen, and revokes the whole family. Every state change is audited.
 */
import { randomUUID } from 'node:crypto'
import type { Kysely } from 'kysely'
import { audit } from '../audit/audit'
import type { Database } from '../db/schema'
import type { DialectName } from '../db/dialect'
import { runRows, statement } from '../db/statements'
import { paramsOf, verifyAgainstDummy, verifyPassword, type ScryptParams } from './password'
import type { Principal } from './principal'
import { hashToken, newToken } from './tokens'

export interface TokenTtls {
  accessMs: number
  refreshMs: number
}
export const defaultTtls: TokenTtls = { accessMs: 15 * 60_000, refreshMs: 30 * 24 * 3600_000 }

export interface TokenPair {
  accessToken: string
  refreshToken: string
}

export class AuthError extends Error {
  constructor(
    readonly status: 401 | 403,
    readonly code: string,
    message: string,
  ) {
    super(message)
    this.name = 'AuthError'
  }
}

export interface RequestMeta {
  ip: string | null
  now: Date
}

async function teamsOf(db: Kysely<Database>, userId: string): Promise<string[]> {
  const rows = await db
    .selectFrom('user_teams')
    .select('team_id')
    .where('user_id', '=', userId)
    .orderBy('team_id')
    .execute()
  return rows.map((r) => r.team_id)
}

async function issuePair(
  db: Kysely<Database>,
  sessionId: string,
  now: Date,
  ttls: TokenTtls,
): Promise<TokenPair> {
  const accessToken = newToken()
  const refreshToken = newToken()
  const created = now.toISOString()
  await db
    .insertInto('tokens')
    .values([
      {
        hash: hashToken(accessToken),
        session_id: sessionId,
        kind: 'access',
        expires_at: new Date(now.getTime() + ttls.accessMs).toISOString(),
        spent_at: null,
        created_at: created,
      },
      {
        hash: hashToken(refreshToken),
        session_id: sessionId,
        kind: 'refresh',
        expires_at: new Date(now.getTime() + ttls.refreshMs).toISOString(),
        spent_at: null,
        created_at: created,
      },
    ])
    .execute()
  return { accessToken, refreshToken }
}

export interface LoginResult extends TokenPair {
  user: { id: string; username: string; role: 'admin' | 'engineer'; teams: string[] }
}

/** the scrypt cost of a stored hash (any one: users are hashed with the server's cost), for the dummy check */
async function typicalParams(db: Kysely<Database>): Promise<ScryptParams | undefined> {
  const row = await db.selectFrom('users').select('password_hash').limit(1).executeTakeFirst()
  return row ? paramsOf(row.password_hash) : undefined
}

export async function login(
  db: Kysely<Database>,
  input: { username: string; password: string },
  meta: RequestMeta,
  ttls: TokenTtls = defaultTtls,
): Promise<LoginResult> {
  const user = await db
    .selectFrom('users')
    .selectAll()
    .where('username', '=', input.username)
    .executeTakeFirst()
  // The same path and cost for every refusal: an unknown username is verified against a dummy hash with the
  // cost of the stored ones, and a disabled account's password is checked like any other. All three answer the
  // same 401, so neither the answer nor its timing tells whether a username exists, is disabled, or whether the
  // password was right (a disabled account answering 403 only for the right password was a password oracle).
  const ok = user
    ? await verifyPassword(input.password, user.password_hash)
    : await verifyAgainstDummy(input.password, await typicalParams(db))
  const at = meta.now.toISOString()
  if (!user || !ok || user.disabled) {
    await audit(db, {
      kind: 'auth',
      // the audit log (never shown to the caller) keeps what really happened
      action: user && ok ? 'login-disabled' : 'login-failed',
      at,
      userId: user?.id ?? null,
      username: input.username,
      ip: meta.ip,
    })
    throw new AuthError(401, 'invalid-credentials', 'Wrong username or password.')
  }
  return db.transaction().execute(async (trx) => {
    const sessionId = randomUUID()
    await trx
      .insertInto('sessions')
      .values({
        id: sessionId,
        user_id: user.id,
        created_at: at,
        last_used_at: at,
        revoked_at: null,
        revoked_reason: null,
        client_info: null,
      })
      .execute()
    const pair = await issuePair(trx, sessionId, meta.now, ttls)
    await audit(trx, {
      kind: 'auth',
      action: 'login',
      at,
      userId: user.id,
      username: user.username,
      ip: meta.ip,
      detail: { sessionId },
    })
    return {
      ...pair,
      user: { id: user.id, username: user.username, role: user.role, teams: await teamsOf(trx, user.id) },
    }
  })
}

async function revokeSession(
  db: Kysely<Database>,
  sessionId: string,
  reason: string,
  at: string,
): Promise<void> {
  await db
    .updateTable('sessions')
    .set({ revoked_at: at, revoked_reason: reason })
    .where('id', '=', sessionId)
    .where('revoked_at', 'is', null)
    .execute()
  await db.deleteFrom('tokens').where('session_id', '=', sessionId).where('kind', '=', 'access').execute()
}

export async function refresh(
  db: Kysely<Database>,
  refreshToken: string,
  meta: RequestMeta,
  ttls: TokenTtls = defaultTtls,
): Promise<TokenPair> {
  const at = meta.now.toISOString()
  const outcome = await db.transaction().execute(async (trx) => {
    const row = await trx
      .selectFrom('tokens as t')
      .innerJoin('sessions as s', 's.id', 't.session_id')
      .innerJoin('users as u', 'u.id', 's.user_id')
      .select([
        't.hash',
        't.expires_at',
        't.spent_at',
        's.id as session_id',
        's.revoked_at',
        'u.id as user_id',
        'u.username',
        'u.disabled',
      ])
      .where('t.hash', '=', hashToken(refreshToken))
      .where('t.kind', '=', 'refresh')
      .executeTakeFirst()
    if (!row) return { error: new AuthError(401, 'invalid-token', 'Sign in again.') }
    const who = { userId: row.user_id, username: row.username, ip: meta.ip }
    if (row.spent_at !== null) {
      // Reuse of a rotated token: someone else holds a copy. End the family, so neither copy works.
      await revokeSession(trx, row.session_id, 'refresh-reuse', at)
      await audit(trx, {
        kind: 'auth',
        action: 'refresh-reuse',
        at,
        ...who,
        detail: { sessionId: row.session_id },
      })
      return {
        error: new AuthError(
          401,
          'refresh-reused',
          'This sign-in was used elsewhere and has been ended. Sign in again.',
        ),
      }
    }
    if (row.revoked_at !== null || row.disabled || row.expires_at <= at) {
      return { error: new AuthError(401, 'session-ended', 'Sign in again.') }
    }
    // Spend it; the `spent_at is null` guard makes a concurrent refresh with the same token lose and count as reuse.
    const spent = await trx
      .updateTable('tokens')
      .set({ spent_at: at })
      .where('hash', '=', row.hash)
      .where('spent_at', 'is', null)
      .executeTakeFirst()
    if (Number(spent.numUpdatedRows) !== 1) {
      await revokeSession(trx, row.session_id, 'refresh-reuse', at)
      return {
        error: new AuthError(
          401,
          'refresh-reused',
          'This sign-in was used elsewhere and has been ended. Sign in again.',
        ),
      }
    }
    await trx
      .deleteFrom('tokens')
      .where('session_id', '=', row.session_id)
      .where('kind', '=', 'access')
      .execute()
    await trx.updateTable('sessions').set({ last_used_at: at }).where('id', '=', row.session_id).execute()
    const pair = await issuePair(trx, row.session_id, meta.now, ttls)
    await audit(trx, { kind: 'auth', action: 'refresh', at, ...who, detail: { sessionId: row.session_id } })
    return { pair }
  })
  if ('error' in outcome) throw outcome.error
  return outcome.pair
}

export async function logout(db: Kysely<Database>, principal: Principal, meta: RequestMeta): Promise<void> {
  const at = meta.now.toISOString()
  await db.transaction().execute(async (trx) => {
    await revokeSession(trx, principal.sessionId, 'logout', at)
    await audit(trx, {
      kind: 'auth',
      action: 'logout',
      at,
      userId: principal.userId,
      username: principal.username,
      ip: meta.ip,
      detail: { sessionId: principal.sessionId },
    })
  })
}

/** The caller behind an access token, or an AuthError. One indexed lookup: revocation is immediate. */
/** authenticate's two lookups, written once: they run on every request (db/statements.ts says why not Kysely's builder) */
const tokenLookup = statement(
  'select t.expires_at, s.id as session_id, s.revoked_at, u.id as user_id, u.username, u.role, u.disabled ' +
    'from tokens as t inner join sessions as s on s.id = t.session_id inner join users as u on u.id = s.user_id ' +
    "where t.hash = ? and t.kind = 'access'",
)
const teamLookup = statement('select team_id from user_teams where user_id = ? order by team_id')

export async function authenticate(
  db: Kysely<Database>,
  dialect: DialectName,
  accessToken: string,
  now: Date,
): Promise<Principal> {
  const [row] = await runRows<{
    expires_at: string
    session_id: string
    revoked_at: string | null
    user_id: string
    username: string
    role: Principal['role']
    disabled: number | boolean
  }>(db, dialect, tokenLookup, [hashToken(accessToken)])
  if (!row || row.revoked_at !== null || row.disabled || row.expires_at <= now.toISOString()) {
    throw new AuthError(401, 'unauthenticated', 'Sign in again.')
  }
  const teams = await runRows<{ team_id: string }>(db, dialect, teamLookup, [row.user_id])
  return {
    userId: row.user_id,
    username: row.username,
    role: row.role,
    teamIds: teams.map((r) => r.team_id),
    sessionId: row.session_id,
  }
}

/** Ends every session of a user (disabling them, or an admin's "sign out everywhere"). */
export async function revokeUserSessions(
  db: Kysely<Database>,
  userId: string,
  reason: string,
  at: string,
): Promise<void> {
  const sessions = await db
    .selectFrom('sessions')
    .select('id')
    .where('user_id', '=', userId)
    .where('revoked_at', 'is', null)
    .execute()
  for (const s of sessions) await revokeSession(db, s.id, reason, at)
}
