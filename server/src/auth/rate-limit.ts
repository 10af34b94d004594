/**
 * Login throttling: after `maxFailures` failed logins for one username from one address within `windowMs`,
 * further attempts get 429 with Retry-After until the window has passed. Kept in memory: per process, which is
 * the right trade for a login endpoint (several processes each allow `maxFailures`; scrypt's cost bounds the rest).
 */
export interface RateLimitOptions {
  maxFailures: number
  windowMs: number
}

export class LoginRateLimiter {
  private readonly failures = new Map<string, number[]>()

  constructor(
    private readonly options: RateLimitOptions = { maxFailures: 5, windowMs: 60_000 },
    private readonly now: () => number = Date.now,
  ) {}

  private key(username: string, ip: string): string {
    return `${username.toLowerCase()}\u0000${ip}`
  }

  private recent(key: string): number[] {
    const cutoff = this.now() - this.options.windowMs
    const list = (this.failures.get(key) ?? []).filter((t) => t > cutoff)
    if (list.length === 0) this.failures.delete(key)
    else this.failures.set(key, list)
    return list
  }

  /** seconds to wait before trying again, or 0 if an attempt is allowed now */
  retryAfter(username: string, ip: string): number {
    const list = this.recent(this.key(username, ip))
    if (list.length < this.options.maxFailures) return 0
    const oldest = list[list.length - this.options.maxFailures] as number
    return Math.max(1, Math.ceil((oldest + this.options.windowMs - this.now()) / 1000))
  }

  fail(username: string, ip: string): void {
    const key = this.key(username, ip)
    this.failures.set(key, [...this.recent(key), this.now()])
    // bound memory under a spray of usernames
    if (this.failures.size > 100_000) this.failures.delete(this.failures.keys().next().value as string)
  }

  succeed(username: string, ip: string): void {
    this.failures.delete(this.key(username, ip))
  }
}
