/**
 * Login throttling. Every sign-in attempt is counted *before* its password is checked, in one atomic step that
 * checks the allowance and records the attempt: a burst of concurrent guesses, or guesses spread over several
 * server processes on one database, gets at most the allowance evaluated; the rest are answered 429 with
 * Retry-After without touching the password. An attempt that signs in removes its username + address's
 * attempts; one that fails stays counted until it leaves the window.
 *
 * Three counts, each over the same rows (username, address, time), within `windowMs`:
 * - one username from one address: `maxFailures` (a user who mistyped, or a guesser);
 * - one username from any address: `maxPerUsername` (one account guessed from many addresses);
 * - one address under any username: `maxPerAddress` (a spray of usernames, and refresh-token guessing).
 * A username that does not exist is counted like one that does, so 429s don't tell which exist.
 *
 * The attempts live in the server's database (SqlFailureLog, table login_failures), so every process on one
 * database counts the same ones: a guesser can't multiply the allowance by spreading attempts over processes.
 */
import { sql, type Kysely } from 'kysely'
import type { DialectName } from '../db/dialect'
import type { Database } from '../db/schema'

export interface RateLimitOptions {
  /** attempts of one username from one address in the window */
  maxFailures: number
  windowMs: number
  /** attempts of one username from any address (default 4 × maxFailures) */
  maxPerUsername?: number
  /** attempts from one address under any username (default 10 × maxFailures) */
  maxPerAddress?: number
}

/**
 * Who tried: a lower-cased username (names compare case-insensitively) and an address. `username: null` is an
 * attempt that names no user (a refresh token): it counts only against its address.
 */
export interface Attempter {
  username: string | null
  ip: string
}

export interface Limits {
  pair: number
  username: number
  address: number
}

/** Where attempts are counted. Times are epoch milliseconds. */
export interface FailureLog {
  /**
   * Atomically (one transaction, serialised with every other reservation on the database): if each of the
   * attempter's counts holds fewer than its limit of attempts after `since`, records an attempt at `at` (when
   * `record`) and answers []; otherwise records nothing and answers, for each full count, the time of the attempt
   * that keeps it full (the limit-th newest: once it leaves the window, an attempt is allowed again).
   */
  reserve(who: Attempter, at: number, since: number, limits: Limits, record: boolean): Promise<number[]>
  /** records an attempt that failed without a reservation (a refresh token that matches nothing) */
  add(who: Attempter, at: number): Promise<void>
  /** forgets the attempts of this username from this address */
  clear(who: Attempter): Promise<void>
}

export class LoginRateLimiter {
  private readonly limits: Limits

  constructor(
    private readonly log: FailureLog,
    private readonly options: RateLimitOptions = { maxFailures: 5, windowMs: 60_000 },
    private readonly now: () => number = Date.now,
  ) {
    this.limits = {
      pair: options.maxFailures,
      username: options.maxPerUsername ?? options.maxFailures * 4,
      address: options.maxPerAddress ?? options.maxFailures * 10,
    }
  }

  private who(username: string | null, ip: string): Attempter {
    return { username: username === null ? null : username.toLowerCase(), ip }
  }

  private wait(full: number[], now: number): number {
    if (full.length === 0) return 0
    const until = Math.max(...full) + this.options.windowMs
    return Math.max(1, Math.ceil((until - now) / 1000))
  }

  /**
   * Counts a sign-in attempt before its password is checked. Answers 0 when the attempt may go on (it is now
   * counted: `succeed` removes it), or the seconds to wait (nothing was counted).
   */
  async attempt(username: string, ip: string): Promise<number> {
    const now = this.now()
    return this.wait(
      await this.log.reserve(this.who(username, ip), now, now - this.options.windowMs, this.limits, true),
      now,
    )
  }

  /** seconds to wait before an attempt from this address (and username, if any) is allowed; counts nothing */
  async retryAfter(username: string | null, ip: string): Promise<number> {
    const now = this.now()
    return this.wait(
      await this.log.reserve(this.who(username, ip), now, now - this.options.windowMs, this.limits, false),
      now,
    )
  }

  /** an attempt that was not reserved failed (a refresh token that matches nothing) */
  async fail(username: string | null, ip: string): Promise<void> {
    await this.log.add(this.who(username, ip), this.now())
  }

  async succeed(username: string, ip: string): Promise<void> {
    await this.log.clear(this.who(username, ip))
  }
}

/** Stored for attempts that name no user: no username is empty (the login schema says min 1). */
const noUsername = ''
/** PostgreSQL advisory lock that serialises reservations across every process on the database */
const reservationLock = 0x6361_7365 // "case"

/** The attempts in the server's database (table login_failures, migrations 0007 and 0009). */
export class SqlFailureLog implements FailureLog {
  constructor(
    private readonly db: Kysely<Database>,
    private readonly dialect: DialectName,
  ) {}

  async reserve(
    who: Attempter,
    at: number,
    since: number,
    limits: Limits,
    record: boolean,
  ): Promise<number[]> {
    return this.db.transaction().execute(async (trx) => {
      // SQLite: the transaction is BEGIN IMMEDIATE (db/sqlite.ts), which holds the file's write lock, shared by
      // every process. PostgreSQL (read committed): two transactions could each count before the other's insert
      // commits; the advisory lock makes them take turns, and each count then sees every earlier commit.
      if (this.dialect === 'postgres')
        await sql`select pg_advisory_xact_lock(${reservationLock})`.execute(trx)
      // the limit-th newest attempt of a count, if it has that many in the window
      const nth = async (
        where: { username?: string; ip?: string },
        limit: number,
      ): Promise<number | undefined> => {
        let q = trx.selectFrom('login_failures').select('at_ms').where('at_ms', '>', since)
        if (where.username !== undefined) q = q.where('username', '=', where.username)
        if (where.ip !== undefined) q = q.where('ip', '=', where.ip)
        const row = await q
          .orderBy('at_ms', 'desc')
          .limit(1)
          .offset(Math.max(0, limit - 1))
          .executeTakeFirst()
        return row === undefined ? undefined : Number(row.at_ms)
      }
      const full: number[] = []
      const counts: Array<[{ username?: string; ip?: string }, number]> = [[{ ip: who.ip }, limits.address]]
      if (who.username !== null)
        counts.push(
          [{ username: who.username, ip: who.ip }, limits.pair],
          [{ username: who.username }, limits.username],
        )
      for (const [where, limit] of counts) {
        const t = await nth(where, limit)
        if (t !== undefined) full.push(t)
      }
      if (full.length > 0 || !record) return full
      await trx
        .insertInto('login_failures')
        .values({ username: who.username ?? noUsername, ip: who.ip, at_ms: at })
        .execute()
      // keeps the table to one window's worth of attempts, whatever the spray of usernames
      await trx.deleteFrom('login_failures').where('at_ms', '<=', since).execute()
      return []
    })
  }

  async add(who: Attempter, at: number): Promise<void> {
    await this.db
      .insertInto('login_failures')
      .values({ username: who.username ?? noUsername, ip: who.ip, at_ms: at })
      .execute()
  }

  async clear(who: Attempter): Promise<void> {
    await this.db
      .deleteFrom('login_failures')
      .where('username', '=', who.username ?? noUsername)
      .where('ip', '=', who.ip)
      .execute()
  }
}
