/**
 * Login, refresh with rotation, refresh-token reuse, logout, disabling a user, login throttling, and the audit
 * trail of each, over real HTTP, on SQLite and on PostgreSQL.
 */
import WebSocket from 'ws'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { disableUser } from '../../server/src/auth/users'
import { dialects, stopPostgres } from '../support/databases'
import {
  addEngineer,
  api,
  loginAs,
  seedUsers,
  startTestServer,
  testPassword,
  type TestServer,
} from '../support/server'

afterAll(stopPostgres)

describe.each(dialects)('auth on %s', (dialect) => {
  let t: TestServer
  beforeAll(async () => {
    t = await startTestServer(dialect, {
      rateLimit: { maxFailures: 3, windowMs: 60_000 },
      sessionSweepMs: 100,
    })
    await seedUsers(t.db)
  })
  afterAll(async () => t?.close())

  it('health needs no token and names the database', async () => {
    const res = await api(t.url, 'GET', '/v1/health')
    expect(res.status).toBe(200)
    expect(res.body).toMatchObject({ ok: true, database: dialect })
    expect(typeof res.body.epoch).toBe('string')
  })

  it('login returns a token pair and the user with role and teams; the token opens pull', async () => {
    const login = await loginAs(t.url, 'alice')
    expect(login.user).toMatchObject({ username: 'alice', role: 'engineer' })
    expect(login.user.teams).toHaveLength(1)
    const pull = await api(t.url, 'GET', '/v1/pull?cursor=0', { token: login.accessToken })
    expect(pull.status).toBe(200)
  })

  it('a wrong password or unknown user is 401 with no hint which', async () => {
    const a = await api(t.url, 'POST', '/v1/auth/login', { body: { username: 'bob', password: 'nope-nope' } })
    const b = await api(t.url, 'POST', '/v1/auth/login', {
      body: { username: 'nobody', password: 'nope-nope' },
    })
    expect(a.status).toBe(401)
    expect(b.status).toBe(401)
    expect(a.body.error.code).toBe(b.body.error.code)
    expect(JSON.stringify(a.body)).not.toMatch(/stack|at /)
  })

  it('requests without a valid token are 401', async () => {
    expect((await api(t.url, 'GET', '/v1/pull?cursor=0')).status).toBe(401)
    expect((await api(t.url, 'GET', '/v1/pull?cursor=0', { token: 'forged' })).status).toBe(401)
  })

  it('refresh rotates: the new pair works, the old refresh token is spent', async () => {
    const first = await loginAs(t.url, 'alice')
    const r1 = await api(t.url, 'POST', '/v1/auth/refresh', { body: { refreshToken: first.refreshToken } })
    expect(r1.status).toBe(200)
    expect(r1.body.refreshToken).not.toBe(first.refreshToken)
    expect((await api(t.url, 'GET', '/v1/pull?cursor=0', { token: r1.body.accessToken })).status).toBe(200)
    // the previous access token of the family is replaced
    expect((await api(t.url, 'GET', '/v1/pull?cursor=0', { token: first.accessToken })).status).toBe(401)
  })

  it('reusing a spent refresh token revokes the whole family', async () => {
    const first = await loginAs(t.url, 'alice')
    const rotated = await api(t.url, 'POST', '/v1/auth/refresh', {
      body: { refreshToken: first.refreshToken },
    })
    expect(rotated.status).toBe(200)
    const reuse = await api(t.url, 'POST', '/v1/auth/refresh', { body: { refreshToken: first.refreshToken } })
    expect(reuse.status).toBe(401)
    expect(reuse.body.error.code).toBe('refresh-reused')
    // the legitimate holder's newer tokens die with the family
    expect((await api(t.url, 'GET', '/v1/pull?cursor=0', { token: rotated.body.accessToken })).status).toBe(
      401,
    )
    expect(
      (await api(t.url, 'POST', '/v1/auth/refresh', { body: { refreshToken: rotated.body.refreshToken } }))
        .status,
    ).toBe(401)
    const audit = await t.db.read
      .selectFrom('audit_log')
      .select('action')
      .where('action', '=', 'refresh-reuse')
      .execute()
    expect(audit.length).toBeGreaterThan(0)
  })

  it('logout ends this session only', async () => {
    const a = await loginAs(t.url, 'alice')
    const b = await loginAs(t.url, 'alice')
    expect((await api(t.url, 'POST', '/v1/auth/logout', { token: a.accessToken })).status).toBe(204)
    expect((await api(t.url, 'GET', '/v1/pull?cursor=0', { token: a.accessToken })).status).toBe(401)
    expect(
      (await api(t.url, 'POST', '/v1/auth/refresh', { body: { refreshToken: a.refreshToken } })).status,
    ).toBe(401)
    expect((await api(t.url, 'GET', '/v1/pull?cursor=0', { token: b.accessToken })).status).toBe(200)
  })

  it('a disabled user is locked out at once: access, refresh and login', async () => {
    await addEngineer(t.db.write, 'carol', ['red'])
    const s = await loginAs(t.url, 'carol')
    expect((await api(t.url, 'GET', '/v1/pull?cursor=0', { token: s.accessToken })).status).toBe(200)
    await disableUser(t.db.write, 'carol')
    expect((await api(t.url, 'GET', '/v1/pull?cursor=0', { token: s.accessToken })).status).toBe(401)
    expect(
      (await api(t.url, 'POST', '/v1/auth/refresh', { body: { refreshToken: s.refreshToken } })).status,
    ).toBe(401)
    const again = await api(t.url, 'POST', '/v1/auth/login', {
      body: { username: 'carol', password: testPassword },
    })
    // 401 like a wrong password, not 403: a distinct answer for the right password was a password oracle
    expect(again.status).toBe(401)
    expect(again.body.error.code).toBe('invalid-credentials')
  })

  it("a disabled user's live socket is closed, and a socket can't open without a valid token", async () => {
    await addEngineer(t.db.write, 'dave', ['red'])
    const s = await loginAs(t.url, 'dave')
    const ws = new WebSocket(`${t.url.replace(/^http/, 'ws')}/v1/live?access_token=${s.accessToken}`)
    await new Promise((resolve, reject) => {
      ws.once('open', resolve)
      ws.once('error', reject)
    })
    const closed = new Promise<number>((resolve) => ws.once('close', (code) => resolve(code)))
    await disableUser(t.db.write, 'dave') // as the CLI would, from outside the server
    expect(await closed).toBe(4401)
  })

  it('login is rate limited per username and address with Retry-After', async () => {
    for (let i = 0; i < 3; i++) {
      expect(
        (await api(t.url, 'POST', '/v1/auth/login', { body: { username: 'admin', password: 'wrong-wrong' } }))
          .status,
      ).toBe(401)
    }
    const blocked = await api(t.url, 'POST', '/v1/auth/login', {
      body: { username: 'admin', password: testPassword },
    })
    expect(blocked.status).toBe(429)
    expect(Number(blocked.headers.get('retry-after'))).toBeGreaterThan(0)
    // another username from the same address is not affected
    expect(
      (await api(t.url, 'POST', '/v1/auth/login', { body: { username: 'bob', password: testPassword } }))
        .status,
    ).toBe(200)
  })

  it('the throttle counts failures across server processes on one database', async () => {
    const other = await startTestServer(dialect, { rateLimit: { maxFailures: 3, windowMs: 60_000 } }, t.fresh)
    try {
      // nobody of that name: a guesser gets the same 401s, then the same 429s
      const wrong = { username: 'mallory', password: 'wrong-wrong' }
      for (const url of [t.url, other.url, t.url])
        expect((await api(url, 'POST', '/v1/auth/login', { body: wrong })).status).toBe(401)
      for (const url of [other.url, t.url]) {
        const blocked = await api(url, 'POST', '/v1/auth/login', {
          body: { username: 'mallory', password: testPassword },
        })
        expect(blocked.status).toBe(429)
      }
    } finally {
      await other.close()
    }
  })

  it('login bodies are validated, naming the field', async () => {
    const res = await api(t.url, 'POST', '/v1/auth/login', { body: { username: 'x' } })
    expect(res.status).toBe(400)
    expect(res.body.error.field).toBe('password')
    const bad = await api(t.url, 'POST', '/v1/auth/login', { rawBody: '{"username":' })
    expect(bad.status).toBe(400)
  })

  it('every auth event is audited, and no secret is in the audit log', async () => {
    const rows = await t.db.read.selectFrom('audit_log').selectAll().where('kind', '=', 'auth').execute()
    const actions = new Set(rows.map((r) => r.action))
    for (const a of [
      'login',
      'login-failed',
      'refresh',
      'refresh-reuse',
      'logout',
      'login-disabled',
      'login-throttled',
    ])
      expect(actions).toContain(a)
    expect(JSON.stringify(rows)).not.toContain(testPassword)
  })

  it('the audit log is append-only', async () => {
    await expect(t.db.write.updateTable('audit_log').set({ action: 'x' }).execute()).rejects.toThrow()
    await expect(t.db.write.deleteFrom('audit_log').execute()).rejects.toThrow()
  })
})

describe('PostgreSQL least privilege', () => {
  it('the app role has no UPDATE or DELETE on audit_log, but may insert and read it', async () => {
    const { freshDatabase, openFresh } = await import('../support/databases')
    const { sql } = await import('kysely')
    const fresh = await freshDatabase('postgres')
    const db = await openFresh(fresh)
    try {
      const q = await sql<{ u: boolean; d: boolean; i: boolean; s: boolean }>`select
        has_table_privilege(current_user, 'audit_log', 'UPDATE') as u,
        has_table_privilege(current_user, 'audit_log', 'DELETE') as d,
        has_table_privilege(current_user, 'audit_log', 'INSERT') as i,
        has_table_privilege(current_user, 'audit_log', 'SELECT') as s`.execute(db.write)
      expect(q.rows[0]).toEqual({ u: false, d: false, i: true, s: true })
      await expect(sql`update audit_log set action = 'x'`.execute(db.write)).rejects.toThrow(
        /permission denied/,
      )
    } finally {
      await db.close()
    }
  })
})

describe('cross-origin access for the app', () => {
  it('answers preflights and tags answers for the app scheme and loopback pages, not for other origins', async () => {
    const t = await startTestServer('sqlite')
    try {
      const pre = await fetch(`${t.url}/v1/push`, {
        method: 'OPTIONS',
        headers: {
          origin: 'app://caseload',
          'access-control-request-method': 'POST',
          'access-control-request-headers': 'authorization,content-type',
        },
      })
      expect(pre.status).toBe(204)
      expect(pre.headers.get('access-control-allow-origin')).toBe('app://caseload')
      expect(pre.headers.get('access-control-allow-headers')).toContain('authorization')
      const health = await fetch(`${t.url}/v1/health`, { headers: { origin: 'http://localhost:5173' } })
      expect(health.headers.get('access-control-allow-origin')).toBe('http://localhost:5173')
      const evil = await fetch(`${t.url}/v1/health`, { headers: { origin: 'https://evil.example' } })
      expect(evil.headers.get('access-control-allow-origin')).toBeNull()
    } finally {
      await t.close()
    }
  })
})

describe('logs', () => {
  it('are structured and hold no password or token, even with a token in a WebSocket URL', async () => {
    const lines: string[] = []
    const t = await startTestServer('sqlite', {
      logLevel: 'debug',
      logStream: { write: (line) => lines.push(line) },
    })
    try {
      await seedUsers(t.db)
      const s = await loginAs(t.url, 'alice')
      const r = await api(t.url, 'POST', '/v1/auth/refresh', { body: { refreshToken: s.refreshToken } })
      await api(t.url, 'GET', '/v1/pull?cursor=0', { token: r.body.accessToken })
      await api(t.url, 'POST', '/v1/auth/login', {
        body: { username: 'alice', password: 'wrong-password-1' },
      })
      const ws = new WebSocket(`${t.url.replace(/^http/, 'ws')}/v1/live?access_token=${r.body.accessToken}`)
      await new Promise((resolve) => ws.once('open', resolve))
      ws.close()
      expect(lines.length).toBeGreaterThan(5)
      for (const line of lines) expect(() => JSON.parse(line)).not.toThrow()
      const all = lines.join('\n')
      for (const secret of [
        testPassword,
        'wrong-password-1',
        s.accessToken,
        s.refreshToken,
        r.body.accessToken,
        r.body.refreshToken,
      ]) {
        expect(all).not.toContain(secret)
      }
      expect(all).toContain('/v1/live')
    } finally {
      await t.close()
    }
  })
})
