/**
 * Login throttling: after `maxFailures` failed logins for one username from one address within `windowMs`,
 * further attempts get 429 with Retry-After until the oldest of those failures leaves the window. The failures
 * live in a FailureLog: the server keeps them in its database (SqlFailureLog), so every process on one database
 * counts the same attempts; a guesser can't multiply the allowance by spreading attempts over processes.
 */
import type { Kysely } from 'kysely'
import type { Database } from '../db/schema'

export interface RateLimitOptions {
  maxFailures: number
  windowMs: number
}

/** Who tried: a lower-cased username (names compare case-insensitively) and an address. */
export interface Attempter {
  username: string
  ip: string
}

/** Where failed attempts are counted, per attempter. Times are epoch milliseconds. */
export interface FailureLog {
  /** the times of the attempter's failures after `since`, oldest first, at most `limit` of the newest */
  recent(who: Attempter, since: number, limit: number): Promise<number[]>
  add(who: Attempter, at: number): Promise<void>
  clear(who: Attempter): Promise<void>
  /** forgets every failure at or before `before` */
  prune(before: number): Promise<void>
}

export class LoginRateLimiter {
  constructor(
    private readonly log: FailureLog,
    private readonly options: RateLimitOptions = { maxFailures: 5, windowMs: 60_000 },
    private readonly now: () => number = Date.now,
  ) {}

  private who(username: string, ip: string): Attempter {
    return { username: username.toLowerCase(), ip }
  }

  /** seconds to wait before trying again, or 0 if an attempt is allowed now */
  async retryAfter(username: string, ip: string): Promise<number> {
    const now = this.now()
    const { maxFailures, windowMs } = this.options
    const failures = await this.log.recent(this.who(username, ip), now - windowMs, maxFailures)
    if (failures.length < maxFailures) return 0
    const oldest = failures[0] as number
    return Math.max(1, Math.ceil((oldest + windowMs - now) / 1000))
  }

  async fail(username: string, ip: string): Promise<void> {
    const now = this.now()
    await this.log.add(this.who(username, ip), now)
    // keeps the log to one window's worth of attempts, whatever the spray of usernames
    await this.log.prune(now - this.options.windowMs)
  }

  async succeed(username: string, ip: string): Promise<void> {
    await this.log.clear(this.who(username, ip))
  }
}

/** The failures in the server's database (table login_failures, migration 0007). */
export class SqlFailureLog implements FailureLog {
  constructor(private readonly db: Kysely<Database>) {}

  async recent(who: Attempter, since: number, limit: number): Promise<number[]> {
    const rows = await this.db
      .selectFrom('login_failures')
      .select('at_ms')
      .where('username', '=', who.username)
      .where('ip', '=', who.ip)
      .where('at_ms', '>', since)
      .orderBy('at_ms', 'desc')
      .limit(limit)
      .execute()
    return rows.map((r) => Number(r.at_ms)).reverse()
  }

  async add(who: Attempter, at: number): Promise<void> {
    await this.db
      .insertInto('login_failures')
      .values({ ...who, at_ms: at })
      .execute()
  }

  async clear(who: Attempter): Promise<void> {
    await this.db
      .deleteFrom('login_failures')
      .where('username', '=', who.username)
      .where('ip', '=', who.ip)
      .execute()
  }

  async prune(before: number): Promise<void> {
    await this.db.deleteFrom('login_failures').where('at_ms', '<=', before).execute()
  }
}
