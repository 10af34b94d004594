/**
 * A real Caseload server on 127.0.0.1 (port 0) over a fresh database, plus a tiny fetch-based client.
 * Users get a cheap scrypt cost here: the hash parameters travel in the stored hash, so login takes the same
 * code path as production, only faster.
 */
import { addTeam, addUser } from '../../server/src/auth/users'
import type { Db } from '../../server/src/db/connect'
import { openDatabase } from '../../server/src/db/connect'
import { createServer, type CaseloadServer, type ServerOptions } from '../../server/src/http/app'
import { freshDatabase, type DialectName, type FreshDatabase } from './databases'

export const testScrypt = { N: 1024, r: 8, p: 1 }
export const testPassword = 'correct horse battery'

export interface TestServer {
  url: string
  db: Db
  server: CaseloadServer
  fresh: FreshDatabase
  close(): Promise<void>
}

export async function startTestServer(
  dialect: DialectName,
  options: Omit<ServerOptions, 'db'> = {},
  fresh?: FreshDatabase,
): Promise<TestServer> {
  const database = fresh ?? (await freshDatabase(dialect))
  const db = await openDatabase(database.config)
  const server = await createServer({ logLevel: 'silent', dataDir: database.dataDir, ...options, db })
  const address = await server.app.listen({ host: '127.0.0.1', port: 0 })
  return {
    url: address,
    db,
    server,
    fresh: database,
    async close() {
      await server.close()
      await db.close()
      if (!fresh) await database.cleanup()
    },
  }
}

export interface Team {
  id: string
  name: string
}

/** An engineer in `teams` with the shared test password and cheap scrypt: the user most tests sign in as. */
export async function addEngineer(
  db: Db['write'],
  username: string,
  teams: string[],
): Promise<{ id: string; username: string }> {
  return addUser(db, { username, password: testPassword, role: 'engineer', teams, scrypt: testScrypt })
}

export async function seedUsers(db: Db): Promise<{ red: Team; blue: Team }> {
  const red = await addTeam(db.write, 'red')
  const blue = await addTeam(db.write, 'blue')
  await addUser(db.write, { username: 'admin', password: testPassword, role: 'admin', scrypt: testScrypt })
  await addEngineer(db.write, 'alice', ['red'])
  await addEngineer(db.write, 'bob', ['blue'])
  return { red, blue }
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- tests read response bodies loosely and assert on them
export interface ApiResponse<T = any> {
  status: number
  body: T
  headers: Headers
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- tests read response bodies loosely and assert on them
export async function api<T = any>(
  base: string,
  method: string,
  path: string,
  opts: { token?: string; body?: unknown; rawBody?: string; headers?: Record<string, string> } = {},
): Promise<ApiResponse<T>> {
  const headers: Record<string, string> = { ...opts.headers }
  if (opts.token) headers.authorization = `Bearer ${opts.token}`
  let body: string | undefined
  if (opts.rawBody !== undefined) body = opts.rawBody
  else if (opts.body !== undefined) body = JSON.stringify(opts.body)
  if (body !== undefined) headers['content-type'] ??= 'application/json'
  const response = await fetch(base + path, { method, headers, body })
  const text = await response.text()
  let parsed: unknown = text
  try {
    parsed = text ? JSON.parse(text) : undefined
  } catch {
    // not JSON: keep the text
  }
  return { status: response.status, body: parsed as T, headers: response.headers }
}

export async function loginAs(
  base: string,
  username: string,
  password = testPassword,
): Promise<{ accessToken: string; refreshToken: string; user: { id: string; teams: string[] } }> {
  const res = await api(base, 'POST', '/v1/auth/login', { body: { username, password } })
  if (res.status !== 200) throw new Error(`login ${username}: ${res.status} ${JSON.stringify(res.body)}`)
  return res.body
}
