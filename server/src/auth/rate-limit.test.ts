import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { openDatabase, type Db } from '../db/connect'
import { LoginRateLimiter, SqlFailureLog } from './rate-limit'

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

  it('blocks a username+address after N failures in the window, says how long, and forgets after it', async () => {
    let now = 1_000_000
    const limiter = new LoginRateLimiter(
      new SqlFailureLog(db.write),
      { maxFailures: 3, windowMs: 60_000 },
      () => now,
    )
    for (let i = 0; i < 3; i++) {
      expect(await limiter.retryAfter('Ann', '10.0.0.1')).toBe(0)
      await limiter.fail('Ann', '10.0.0.1')
      now += 1000
    }
    expect(await limiter.retryAfter('ann', '10.0.0.1')).toBe(57) // usernames compare case-insensitively
    expect(await limiter.retryAfter('ann', '10.0.0.2')).toBe(0)
    expect(await limiter.retryAfter('bob', '10.0.0.1')).toBe(0)
    now = 1_060_001
    expect(await limiter.retryAfter('ann', '10.0.0.1')).toBe(0)
  })

  it('a success clears the count', async () => {
    const limiter = new LoginRateLimiter(
      new SqlFailureLog(db.write),
      { maxFailures: 2, windowMs: 60_000 },
      () => 5e6,
    )
    await limiter.fail('cy', 'ip')
    await limiter.succeed('cy', 'ip')
    await limiter.fail('cy', 'ip')
    expect(await limiter.retryAfter('cy', 'ip')).toBe(0)
  })

  it('two limiters on one database (two server processes) count the same failures', async () => {
    const options = { maxFailures: 2, windowMs: 60_000 }
    const a = new LoginRateLimiter(new SqlFailureLog(db.write), options, () => 9e6)
    const b = new LoginRateLimiter(new SqlFailureLog(db.write), options, () => 9e6)
    await a.fail('dee', 'ip')
    await b.fail('dee', 'ip')
    expect(await a.retryAfter('dee', 'ip')).toBe(60)
    expect(await b.retryAfter('dee', 'ip')).toBe(60)
  })

  it('keeps only one window of failures', async () => {
    let now = 2e7
    const limiter = new LoginRateLimiter(
      new SqlFailureLog(db.write),
      { maxFailures: 5, windowMs: 60_000 },
      () => now,
    )
    for (const name of ['e1', 'e2', 'e3']) await limiter.fail(name, 'ip')
    now += 61_000
    await limiter.fail('e4', 'ip')
    const left = await db.read
      .selectFrom('login_failures')
      .select(['username', 'ip'])
      .where('at_ms', '>=', 2e7)
      .execute()
    expect(left).toEqual([{ username: 'e4', ip: 'ip' }])
  })
})
