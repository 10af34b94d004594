/**
 * The simulation's macrotasks, made independent of the machine's speed (see the contract at the top of sim.ts).
 *
 * Two kinds of macrotask drive the code under test: `setImmediate` (fake-indexeddb's transaction steps, Dexie's
 * `asap`, the server's group commit) and `setTimeout` (Dexie's liveQuery: the first query, delivering every
 * result to the engine, dropping a cache entry after 3 s). Immediates run in the order they were queued: that
 * order is a function of the program alone. A real timer is not: it fires once enough wall-clock time has
 * passed, so under CPU load a liveQuery result reaches the engine after a different number of IndexedDB steps,
 * and the engine kicks a push at another moment. While installed, `DeterministicLoop`:
 *  - replaces setTimeout/clearTimeout with timers on the simulated clock: a timer is due when the simulated
 *    time reaches it, and due timers fire, in (due time, creation) order, from an immediate queued when they
 *    were created: one turn of the event loop later, as a zero-delay timer does on an idle machine;
 *  - counts the immediates queued and not yet run, so that `quiesce` knows when nothing is left to run.
 * Vitest keeps the real timers it captured at start-up (its timeouts are unaffected).
 */
type Callback = (...args: unknown[]) => void

interface VirtualTimer {
  id: number
  at: number
  fn: Callback
  args: unknown[]
}

export class DeterministicLoop {
  private readonly realSetTimeout = globalThis.setTimeout
  private readonly realClearTimeout = globalThis.clearTimeout
  private readonly realSetImmediate = globalThis.setImmediate
  private readonly realClearImmediate = globalThis.clearImmediate
  private readonly timers = new Map<number, VirtualTimer>()
  private readonly pendingImmediates = new Set<NodeJS.Immediate>()
  private seq = 0
  private pumping = false
  private installed = false
  /** timers fired so far (the trace records it: a different count is a different schedule) */
  fired = 0

  constructor(private readonly now: () => number) {}

  install(): void {
    if (this.installed) throw new Error('the deterministic loop is already installed')
    this.installed = true
    const setTimeoutVirtual = (fn: Callback, ms?: number, ...args: unknown[]): VirtualTimer['id'] =>
      this.addTimer(fn, ms ?? 0, args)
    const clearTimeoutVirtual = (id: unknown): void => {
      if (typeof id === 'number') this.timers.delete(id)
      // a real timer made before install (a number is ours; anything else is Node's)
      else if (id !== undefined && id !== null)
        this.realClearTimeout(id as Parameters<typeof clearTimeout>[0])
    }
    const setImmediateCounted = (fn: Callback, ...args: unknown[]): NodeJS.Immediate => {
      const handle = this.realSetImmediate(() => {
        this.pendingImmediates.delete(handle)
        fn(...args)
      })
      this.pendingImmediates.add(handle)
      return handle
    }
    const clearImmediateCounted = (handle: NodeJS.Immediate | undefined): void => {
      if (!handle) return
      this.pendingImmediates.delete(handle)
      this.realClearImmediate(handle)
    }
    define('setTimeout', setTimeoutVirtual)
    define('clearTimeout', clearTimeoutVirtual)
    define('setImmediate', setImmediateCounted)
    define('clearImmediate', clearImmediateCounted)
  }

  /** Puts the real functions back; timers still pending move to real timers with the delay they have left. */
  uninstall(): void {
    if (!this.installed) return
    this.installed = false
    define('setTimeout', this.realSetTimeout)
    define('clearTimeout', this.realClearTimeout)
    define('setImmediate', this.realSetImmediate)
    define('clearImmediate', this.realClearImmediate)
    const now = this.now()
    for (const t of this.sortedTimers()) this.realSetTimeout(() => t.fn(...t.args), Math.max(0, t.at - now))
    this.timers.clear()
  }

  /**
   * Resolves once nothing is left to run: no immediate queued, no microtask pending, no timer due at the
   * simulated time. Returns how many turns of the event loop that took.
   */
  async quiesce(): Promise<number> {
    for (let turns = 0; ; turns++) {
      // a real immediate queued after everything queued so far: when it runs, every microtask before it has run
      await new Promise<void>((resolve) => this.realSetImmediate(resolve))
      if (this.pendingImmediates.size > 0 || this.pumping) continue
      if (this.fireDue()) continue
      return turns
    }
  }

  /** how many timers wait for a later simulated time */
  pendingTimers(): number {
    return this.timers.size
  }

  private addTimer(fn: Callback, ms: number, args: unknown[]): number {
    const id = ++this.seq
    this.timers.set(id, { id, at: this.now() + Math.max(0, ms), fn, args })
    if (!this.pumping) {
      this.pumping = true
      this.realSetImmediate(() => {
        this.pumping = false
        this.fireDue()
      })
    }
    return id
  }

  private sortedTimers(): VirtualTimer[] {
    return [...this.timers.values()].sort((a, b) => a.at - b.at || a.id - b.id)
  }

  /** fires every timer due now, in order; false if none was */
  private fireDue(): boolean {
    const now = this.now()
    const due = this.sortedTimers().filter((t) => t.at <= now)
    for (const t of due) {
      // a timer fired earlier in this batch may have cleared this one
      if (!this.timers.delete(t.id)) continue
      this.fired++
      t.fn(...t.args)
    }
    return due.length > 0
  }
}

function define(
  name: 'setTimeout' | 'clearTimeout' | 'setImmediate' | 'clearImmediate',
  value: unknown,
): void {
  Object.defineProperty(globalThis, name, { value, configurable: true, writable: true })
}
