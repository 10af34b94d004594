import type { Random } from './adapters'

export interface BackoffPolicy {
  baseMs: number
  maxMs: number
}

export const defaultBackoff: BackoffPolicy = { baseMs: 1_000, maxMs: 60_000 }

/**
 * Exponential backoff with "equal jitter": attempt n waits between half and all of min(max, base·2ⁿ), so retries
 * of many clients spread out but still grow. attempt counts from 0.
 */
export function backoffDelay(
  attempt: number,
  random: Random,
  policy: BackoffPolicy = defaultBackoff,
): number {
  const cap = Math.min(policy.maxMs, policy.baseMs * 2 ** Math.min(attempt, 30))
  return Math.round(cap / 2 + random.next() * (cap / 2))
}
