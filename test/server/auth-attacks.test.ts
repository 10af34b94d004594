/**
 * The sign-in surface as an outsider attacks it, over real HTTP on SQLite and PostgreSQL: bursts of concurrent
 * guesses (in one process and spread over two processes on one database), the right password hidden in a burst,
 * disabled accounts and unknown usernames as oracles, and the per-username, per-address and refresh throttles.
 */
import { request } from 'node:http'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { addUser, disableUser } from '../../server/src/auth/users'
import type { Db } from '../../server/src/db/connect'
import { startChildServer, type ChildServer } from '../support/child-server'
import { dialects, freshDatabase, openFresh, stopPostgres, type DialectName } from '../support/databases'
import {
  api,
  loginAs,
  seedUsers,
  startTestServer,
  testPassword,
  testScrypt,
  type ApiResponse,
  type TestServer,
} from '../support/server'

afterAll(stopPostgres)

const wrong = (username: string) => ({ username, password: 'wrong-wrong' })

/** a POST from a chosen loopback address (127.0.0.0/8 all reach a server on 127.0.0.1): another "machine" */
function postFrom(localAddress: string, base: string, path: string, body: unknown): Promise<ApiResponse> {
  const url = new URL(path, base)
  const payload = JSON.stringify(body)
  return new Promise((resolve, reject) => {
    const req = request(
      {
        host: url.hostname,
        port: url.port,
        path: url.pathname,
        method: 'POST',
        localAddress,
        headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(payload) },
      },
      (res) => {
        let text = ''
        res.setEncoding('utf8')
        res.on('data', (chunk: string) => (text += chunk))
        res.on('end', () => {
          const headers = new Headers()
          for (const [k, v] of Object.entries(res.headers)) if (typeof v === 'string') headers.set(k, v)
          resolve({ status: res.statusCode ?? 0, body: text ? JSON.parse(text) : undefined, headers })
        })
      },
    )
    req.on('error', reject)
    req.end(payload)
  })
}

async function attemptsOf(db: Db, username: string): Promise<number> {
  const rows = await db.read
    .selectFrom('login_failures')
    .select('at_ms')
    .where('username', '=', username)
    .execute()
  return rows.length
}

async function auditOf(db: Db, username: string, action: string): Promise<number> {
  const rows = await db.read
    .selectFrom('audit_log')
    .select('id')
    .where('username', '=', username)
    .where('action', '=', action)
    .execute()
  return rows.length
}

/** resolves once `username` has `n` attempts counted (the allowance is used), polling the database */
async function allowanceUsed(db: Db, username: string, n: number): Promise<void> {
  for (let i = 0; i < 2000 && (await attemptsOf(db, username)) < n; i++)
    await new Promise((r) => setTimeout(r, 5))
}

function expectThrottled(res: ApiResponse): void {
  expect(res.status).toBe(429)
  expect(res.body.error.code).toBe('too-many-attempts')
  const wait = Number(res.headers.get('retry-after'))
  expect(wait).toBeGreaterThan(0)
  expect(wait).toBeLessThanOrEqual(60)
}

/**
 * 39 wrong guesses and the right password in one concurrent burst; the right one leaves once the burst has used
 * the allowance (so the test says what it means whatever order the server happens to take the others in).
 */
async function burstWithRightPassword(
  urls: string[],
  db: Db,
  username: string,
  allowance: number,
): Promise<{ wrong: ApiResponse[]; right: ApiResponse }> {
  const guesses = Array.from({ length: 39 }, (_, i) =>
    api(urls[i % urls.length]!, 'POST', '/v1/auth/login', { body: wrong(username) }),
  )
  const right = (async () => {
    await allowanceUsed(db, username, allowance)
    return api(urls[0]!, 'POST', '/v1/auth/login', { body: { username, password: testPassword } })
  })()
  const [all, answer] = await Promise.all([Promise.all(guesses), right])
  return { wrong: all, right: answer }
}

describe.each(dialects)('sign-in attacks on %s', (dialect: DialectName) => {
  let t: TestServer
  beforeAll(async () => {
    // the per-address count is tested on its own server below; here it stays out of the way
    t = await startTestServer(dialect, {
      rateLimit: { maxFailures: 3, windowMs: 60_000, maxPerAddress: 10_000 },
    })
    await seedUsers(t.db)
    for (const username of ['erin', 'frank', 'gina', 'hal'])
      await addUser(t.db.write, { username, password: testPassword, role: 'engineer', scrypt: testScrypt })
  })
  afterAll(async () => t?.close())

  it('40 wrong passwords at once: only the allowance is evaluated, the other 37 are 429 with Retry-After', async () => {
    const answers = await Promise.all(
      Array.from({ length: 40 }, () => api(t.url, 'POST', '/v1/auth/login', { body: wrong('alice') })),
    )
    expect(answers.filter((a) => a.status === 401)).toHaveLength(3)
    const throttled = answers.filter((a) => a.status !== 401)
    expect(throttled).toHaveLength(37)
    for (const a of throttled) expectThrottled(a)
    // the passwords checked are exactly the ones answered 401
    expect(await auditOf(t.db, 'alice', 'login-failed')).toBe(3)
    // and the account's own password now waits too
    expectThrottled(
      await api(t.url, 'POST', '/v1/auth/login', { body: { username: 'alice', password: testPassword } }),
    )
  })

  it('the right password inside a burst of 39 wrong ones does not sign in once the allowance is used', async () => {
    const { wrong: guesses, right } = await burstWithRightPassword([t.url], t.db, 'bob', 3)
    expectThrottled(right)
    expect(right.body.accessToken).toBeUndefined()
    expect(guesses.filter((a) => a.status === 401)).toHaveLength(3)
    expect(await auditOf(t.db, 'bob', 'login')).toBe(0)
  })

  it('a disabled account answers the right and a wrong password alike', async () => {
    await disableUser(t.db.write, 'erin')
    const right = await api(t.url, 'POST', '/v1/auth/login', {
      body: { username: 'erin', password: testPassword },
    })
    const bad = await api(t.url, 'POST', '/v1/auth/login', { body: wrong('erin') })
    const unknown = await api(t.url, 'POST', '/v1/auth/login', { body: wrong('no-such-user') })
    for (const a of [right, bad, unknown]) {
      expect(a.status).toBe(401)
      expect(a.body).toEqual(bad.body)
      expect(a.headers.get('www-authenticate')).toBe(bad.headers.get('www-authenticate'))
    }
    expect(right.body.error.code).toBe('invalid-credentials')
    // the server's own record still says what happened
    expect(await auditOf(t.db, 'erin', 'login-disabled')).toBe(1)
  })

  it('an unknown username is throttled exactly like a known one', async () => {
    const known = await Promise.all(
      Array.from({ length: 6 }, () => api(t.url, 'POST', '/v1/auth/login', { body: wrong('frank') })),
    )
    const unknown = await Promise.all(
      Array.from({ length: 6 }, () => api(t.url, 'POST', '/v1/auth/login', { body: wrong('franky') })),
    )
    const shape = (answers: ApiResponse[]) => answers.map((a) => `${a.status} ${a.body.error.code}`).sort()
    expect(shape(unknown)).toEqual(shape(known))
    expect(shape(known).filter((s) => s.startsWith('401'))).toHaveLength(3)
  })

  it('one username guessed from many addresses is throttled whatever the address', async () => {
    // maxPerUsername defaults to 4 × 3 = 12 attempts; each address stays within its own 3
    const answers: ApiResponse[] = []
    for (let host = 2; host <= 6; host++)
      for (let i = 0; i < 3; i++)
        answers.push(await postFrom(`127.0.0.${host}`, t.url, '/v1/auth/login', wrong('gina')))
    expect(answers.slice(0, 12).every((a) => a.status === 401)).toBe(true)
    for (const a of answers.slice(12)) expectThrottled(a)
    // the account's owner, from an address of their own, waits for the window too
    expectThrottled(
      await postFrom('127.0.0.7', t.url, '/v1/auth/login', { username: 'gina', password: testPassword }),
    )
    // other accounts are not affected
    expect(
      (await postFrom('127.0.0.7', t.url, '/v1/auth/login', { username: 'hal', password: testPassword }))
        .status,
    ).toBe(200)
  })
})

describe.each(dialects)('address throttles on %s', (dialect: DialectName) => {
  let t: TestServer
  beforeAll(async () => {
    t = await startTestServer(dialect, { rateLimit: { maxFailures: 3, windowMs: 60_000, maxPerAddress: 5 } })
    await seedUsers(t.db)
  })
  afterAll(async () => t?.close())

  it('a spray of usernames from one address is throttled, and signing in with an account of its own does not reset it', async () => {
    const from = '127.0.0.20'
    for (const name of ['u1', 'u2', 'u3', 'u4'])
      expect((await postFrom(from, t.url, '/v1/auth/login', wrong(name))).status).toBe(401)
    expect(
      (await postFrom(from, t.url, '/v1/auth/login', { username: 'alice', password: testPassword })).status,
    ).toBe(200)
    expect((await postFrom(from, t.url, '/v1/auth/login', wrong('u5'))).status).toBe(401)
    expectThrottled(await postFrom(from, t.url, '/v1/auth/login', wrong('u6')))
    expectThrottled(
      await postFrom(from, t.url, '/v1/auth/login', { username: 'bob', password: testPassword }),
    )
    // another address is not affected
    expect(
      (await postFrom('127.0.0.21', t.url, '/v1/auth/login', { username: 'bob', password: testPassword }))
        .status,
    ).toBe(200)
  })

  it('refresh: guessed tokens are throttled per address with Retry-After; an ended session is not a guess', async () => {
    const from = '127.0.0.30'
    const session = await loginAs(t.url, 'alice')
    await api(t.url, 'POST', '/v1/auth/logout', { token: session.accessToken })
    // the holder of an ended session is told so as often as they ask: it counts nothing
    for (let i = 0; i < 6; i++) {
      const ended = await postFrom(from, t.url, '/v1/auth/refresh', { refreshToken: session.refreshToken })
      expect(ended.status).toBe(401)
      expect(ended.body.error.code).toBe('session-ended')
    }
    for (let i = 0; i < 5; i++) {
      const guess = await postFrom(from, t.url, '/v1/auth/refresh', { refreshToken: `guess-${i}` })
      expect(guess.status).toBe(401)
      expect(guess.body.error.code).toBe('invalid-token')
    }
    expectThrottled(await postFrom(from, t.url, '/v1/auth/refresh', { refreshToken: 'guess-6' }))
    // the address waits for everything, a real token included; other addresses do not
    const live = await loginAs(t.url, 'bob')
    expectThrottled(await postFrom(from, t.url, '/v1/auth/refresh', { refreshToken: live.refreshToken }))
    expect(
      (await postFrom('127.0.0.31', t.url, '/v1/auth/refresh', { refreshToken: live.refreshToken })).status,
    ).toBe(200)
    expect(
      await t.db.read
        .selectFrom('audit_log')
        .select('id')
        .where('action', '=', 'refresh-throttled')
        .execute(),
    ).not.toHaveLength(0)
  })
})

describe.each(dialects)('two server processes on one %s database', (dialect: DialectName) => {
  it('share one allowance: a concurrent burst over both is evaluated at most 5 times, and the right password inside it does not sign in', async () => {
    const fresh = await freshDatabase(dialect)
    const db = await openFresh(fresh)
    await seedUsers(db)
    const servers: ChildServer[] = []
    try {
      // the CLI's defaults: 5 attempts per username and address per minute
      servers.push(
        await startChildServer(fresh.args, fresh.env),
        await startChildServer(fresh.args, fresh.env),
      )
      const urls = servers.map((s) => s.url)
      const answers = await Promise.all(
        Array.from({ length: 40 }, (_, i) =>
          api(urls[i % 2]!, 'POST', '/v1/auth/login', { body: wrong('alice') }),
        ),
      )
      expect(answers.filter((a) => a.status === 401)).toHaveLength(5)
      for (const a of answers.filter((x) => x.status !== 401)) expectThrottled(a)
      expect(await auditOf(db, 'alice', 'login-failed')).toBe(5)

      const { wrong: guesses, right } = await burstWithRightPassword(urls, db, 'bob', 5)
      expectThrottled(right)
      expect(guesses.filter((a) => a.status === 401)).toHaveLength(5)
      expect(await auditOf(db, 'bob', 'login')).toBe(0)
    } finally {
      for (const s of servers) {
        s.process.kill('SIGTERM')
        await s.exited
      }
      await db.close()
      await fresh.cleanup()
    }
  })
})
