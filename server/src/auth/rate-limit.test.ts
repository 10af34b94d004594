import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { openDatabase, type Db } from '../db/connect'
import { LoginRateLimiter, SqlFailureLog, type RateLimitOptions } from './rate-limit'

describe('LoginRateLimiter over the database', () => {
  let dir: string
  let db: Db
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'caseload-throttle-'))
    db = await openDatabase({ dataDir: dir })
  })
  afterAll(async () => {
    await db?.close()
    rmSync(dir, { recursive: true, force: true })
  })

  const limiter = (options: RateLimitOptions, now: () => number) =>
    new LoginRateLimiter(new SqlFailureLog(db.write, db.dialect), options, now)

  it('counts each attempt before it is evaluated, blocks after N in the window, says how long, and forgets after it', async () => {
    let now = 1_000_000
    const l = limiter({ maxFailures: 3, windowMs: 60_000 }, () => now)
    for (let i = 0; i < 3; i++) {
      expect(await l.attempt('Ann', '10.0.0.1')).toBe(0)
      now += 1000
    }
    expect(await l.attempt('ann', '10.0.0.1')).toBe(57) // usernames compare case-insensitively
    expect(await l.retryAfter('ann', '10.0.0.1')).toBe(57)
    // a refused attempt is not counted: the wait does not grow
    now += 1000
    expect(await l.attempt('ann', '10.0.0.1')).toBe(56)
    expect(await l.attempt('ann', '10.0.0.2')).toBe(0)
    expect(await l.attempt('bob', '10.0.0.1')).toBe(0)
    now = 1_060_001
    expect(await l.attempt('ann', '10.0.0.1')).toBe(0)
  })

  it('concurrent attempts get exactly the allowance', async () => {
    const l = limiter({ maxFailures: 4, windowMs: 60_000 }, () => 3e6)
    const waits = await Promise.all(Array.from({ length: 20 }, () => l.attempt('burst', 'ip')))
    expect(waits.filter((w) => w === 0)).toHaveLength(4)
    expect(waits.filter((w) => w === 60)).toHaveLength(16)
  })

  it('a success removes its own attempts', async () => {
    const l = limiter({ maxFailures: 2, windowMs: 60_000 }, () => 5e6)
    expect(await l.attempt('cy', 'ip')).toBe(0)
    expect(await l.attempt('cy', 'ip')).toBe(0)
    await l.succeed('cy', 'ip')
    expect(await l.attempt('cy', 'ip')).toBe(0)
    expect(await l.retryAfter('cy', 'ip')).toBe(0)
  })

  it('two limiters on one database (two server processes) count the same attempts', async () => {
    const options = { maxFailures: 2, windowMs: 60_000 }
    const a = limiter(options, () => 9e6)
    const b = limiter(options, () => 9e6)
    expect(await a.attempt('dee', 'ip')).toBe(0)
    expect(await b.attempt('dee', 'ip')).toBe(0)
    expect(await a.attempt('dee', 'ip')).toBe(60)
    expect(await b.attempt('dee', 'ip')).toBe(60)
  })

  it('counts one username from any address, and one address under any username', async () => {
    const now = 1.2e7
    const l = limiter({ maxFailures: 2, windowMs: 60_000, maxPerUsername: 3, maxPerAddress: 4 }, () => now)
    // one account from many addresses
    for (const ip of ['a1', 'a2', 'a3']) expect(await l.attempt('eve', ip)).toBe(0)
    expect(await l.attempt('eve', 'a4')).toBe(60)
    // a spray of usernames from one address
    for (const name of ['u1', 'u2', 'u3', 'u4']) expect(await l.attempt(name, 'spray')).toBe(0)
    expect(await l.attempt('u5', 'spray')).toBe(60)
    // signing in with an account of one's own does not reset the address's count of the others
    await l.succeed('u1', 'spray')
    expect(await l.attempt('u6', 'spray')).toBe(0)
    expect(await l.attempt('u7', 'spray')).toBe(60)
    // failures that name no user (refresh tokens) count against the address only
    for (let i = 0; i < 4; i++) await l.fail(null, 'tokens')
    expect(await l.retryAfter(null, 'tokens')).toBe(60)
    expect(await l.attempt('fay', 'tokens')).toBe(60)
    expect(await l.attempt('fay', 'elsewhere')).toBe(0)
  })

  it('keeps only one window of attempts', async () => {
    let now = 2e7
    const l = limiter({ maxFailures: 5, windowMs: 60_000 }, () => now)
    for (const name of ['e1', 'e2', 'e3']) await l.attempt(name, 'ip')
    now += 61_000
    await l.attempt('e4', 'ip')
    const left = await db.read
      .selectFrom('login_failures')
      .select(['username', 'ip'])
      .where('at_ms', '>=', 2e7)
      .execute()
    expect(left).toEqual([{ username: 'e4', ip: 'ip' }])
  })
})
