/**
 * The browser implementations of the engine's adapters (timers, navigator.onLine, navigator.locks, Math.random).
 */
import { seededRandom as seededNumbers } from '@shared/random/seeded-random'
import type { LeaderLock, NetworkStatus, Random, Scheduler, TimerHandle } from './adapters'

export const browserScheduler: Scheduler = {
  now: () => Date.now(),
  setTimeout: (fn, ms) => globalThis.setTimeout(fn, ms),
  clearTimeout: (handle: TimerHandle) =>
    globalThis.clearTimeout(handle as ReturnType<typeof globalThis.setTimeout>),
}

export const mathRandom: Random = { next: () => Math.random() }

/** Seedable PRNG (mulberry32) for jitter in tests and the deterministic simulation. */
export function seededRandom(seed: number): Random {
  return { next: seededNumbers(seed) }
}

/** navigator.onLine and the online/offline events of `target` (window). */
export function browserNetworkStatus(
  target: EventTarget = globalThis,
  nav: { onLine: boolean } = navigator,
): NetworkStatus {
  return {
    online: () => nav.onLine,
    subscribe(listener) {
      const on = () => listener(true)
      const off = () => listener(false)
      target.addEventListener('online', on)
      target.addEventListener('offline', off)
      return () => {
        target.removeEventListener('online', on)
        target.removeEventListener('offline', off)
      }
    },
  }
}

/** A network status set by hand (tests, or a host that knows better than navigator.onLine). */
export class ManualNetworkStatus implements NetworkStatus {
  private readonly listeners = new Set<(online: boolean) => void>()
  constructor(private state = true) {}
  online(): boolean {
    return this.state
  }
  set(online: boolean): void {
    if (online === this.state) return
    this.state = online
    for (const l of [...this.listeners]) l(online)
  }
  subscribe(listener: (online: boolean) => void): () => void {
    this.listeners.add(listener)
    return () => this.listeners.delete(listener)
  }
}

/**
 * Web Locks: the lock is held while the returned promise of the callback is pending, so a closed window
 * releases it and the next window's request is granted (the "takeover").
 */
export function webLocksLeaderLock(locks: LockManager = navigator.locks): LeaderLock {
  return {
    request(name, onAcquired) {
      const controller = new AbortController()
      let release: () => void = () => {}
      const held = new Promise<void>((resolve) => (release = resolve))
      locks
        .request(name, { mode: 'exclusive', signal: controller.signal }, async () => {
          onAcquired()
          await held
        })
        .catch(() => {
          // aborted before it was granted: nothing to release
        })
      return () => {
        controller.abort()
        release()
      }
    },
  }
}

/** An in-process lock with the same semantics, for tests and for a browser without navigator.locks. */
export class InProcessLeaderLock implements LeaderLock {
  private readonly queues = new Map<string, Array<{ onAcquired: () => void; token: object }>>()
  private readonly holders = new Map<string, object>()

  request(name: string, onAcquired: () => void): () => void {
    const token = {}
    const queue = this.queues.get(name) ?? []
    this.queues.set(name, queue)
    queue.push({ onAcquired, token })
    this.grant(name)
    return () => {
      const q = this.queues.get(name) ?? []
      const i = q.findIndex((w) => w.token === token)
      if (i >= 0) q.splice(i, 1)
      if (this.holders.get(name) === token) {
        this.holders.delete(name)
        this.grant(name)
      }
    }
  }

  private grant(name: string): void {
    if (this.holders.has(name)) return
    const next = this.queues.get(name)?.shift()
    if (!next) return
    this.holders.set(name, next.token)
    next.onAcquired()
  }
}
