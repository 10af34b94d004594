import type { Scheduler, TimerHandle } from '../sync/adapters'

/** A scheduler whose time only moves when the test says so. */
export class FakeScheduler implements Scheduler {
  private time: number
  private seq = 0
  readonly timers = new Map<number, { at: number; fn: () => void; ms: number }>()
  /** every delay ever requested, in order */
  readonly requested: number[] = []

  constructor(start = Date.parse('2026-03-06T09:00:00Z')) {
    this.time = start
  }

  now(): number {
    return this.time
  }

  setTimeout(fn: () => void, ms: number): TimerHandle {
    const id = ++this.seq
    this.timers.set(id, { at: this.time + ms, fn, ms })
    this.requested.push(ms)
    return id
  }

  clearTimeout(handle: TimerHandle): void {
    this.timers.delete(handle as number)
  }

  /** the delay of the earliest pending timer */
  nextDelay(): number | undefined {
    const next = [...this.timers.values()].sort((a, b) => a.at - b.at)[0]
    return next ? next.at - this.time : undefined
  }

  /** moves time to the earliest timer and runs it; false if none */
  runNext(): boolean {
    const entry = [...this.timers.entries()].sort((a, b) => a[1].at - b[1].at)[0]
    if (!entry) return false
    this.timers.delete(entry[0])
    this.time = Math.max(this.time, entry[1].at)
    entry[1].fn()
    return true
  }

  advance(ms: number): void {
    const until = this.time + ms
    for (;;) {
      const entry = [...this.timers.entries()]
        .filter(([, t]) => t.at <= until)
        .sort((a, b) => a[1].at - b[1].at)[0]
      if (!entry) break
      this.timers.delete(entry[0])
      this.time = entry[1].at
      entry[1].fn()
    }
    this.time = until
  }
}
