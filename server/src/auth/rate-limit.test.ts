import { describe, expect, it } from 'vitest'
import { LoginRateLimiter } from './rate-limit'

describe('LoginRateLimiter', () => {
  it('blocks a username+address after N failures in the window, says how long, and forgets after it', () => {
    let now = 0
    const limiter = new LoginRateLimiter({ maxFailures: 3, windowMs: 60_000 }, () => now)
    for (let i = 0; i < 3; i++) {
      expect(limiter.retryAfter('Ann', '10.0.0.1')).toBe(0)
      limiter.fail('Ann', '10.0.0.1')
      now += 1000
    }
    expect(limiter.retryAfter('ann', '10.0.0.1')).toBe(57) // usernames compare case-insensitively
    expect(limiter.retryAfter('ann', '10.0.0.2')).toBe(0)
    expect(limiter.retryAfter('bob', '10.0.0.1')).toBe(0)
    now = 60_001
    expect(limiter.retryAfter('ann', '10.0.0.1')).toBe(0)
  })

  it('a success clears the count', () => {
    const limiter = new LoginRateLimiter({ maxFailures: 2, windowMs: 60_000 }, () => 0)
    limiter.fail('ann', 'ip')
    limiter.succeed('ann', 'ip')
    limiter.fail('ann', 'ip')
    expect(limiter.retryAfter('ann', 'ip')).toBe(0)
  })
})
