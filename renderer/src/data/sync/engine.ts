/**
 * The offline-first sync engine (design/sync.md). No React: the UI reads rows from Dexie with live queries and
 * this engine's status through `subscribe`.
 *
 * - `mutate` runs a mutator on the Dexie Store and appends its outbox entry in ONE transaction (P1).
 * - The leader window (one per database, `LeaderLock`) pushes the outbox in mid order with backoff and jitter,
 *   pulls by cursor (page and cursor in one transaction), rebases pending mutations, bootstraps from cursor 0 in
 *   large batches with progress, pulls on every poke and after every (re)connect, and follows online/offline.
 * - A new server epoch (restored from a backup): re-push what the server lacks, bootstrap again, and never delete
 *   local rows the server forgot without the user's confirmation.
 */
import { Dexie, liveQuery, type Table } from 'dexie'
import { v7 as uuidv7 } from 'uuid'
import { syncedTables, type StoredRow } from '@shared/mutations/store'
import {
  defaultPullLimit,
  maxPullLimit,
  parseRowKey,
  protocolVersion,
  rowKey,
  type ErrorDetail,
  type PullResponse,
  type PushResponse,
  type Reason,
} from '@shared/protocol'
import type { CaseloadDb } from '../db/database'
import { isQuotaError, tablesOf, type CaseloadTables } from '../db/database'
import { DexieStore } from '../db/dexie-store'
import type { ConflictRecord, MutationActor, OutboxEntry, RejectedRecord, SyncState } from '../db/types'
import {
  TransportError,
  type LeaderLock,
  type LiveChannel,
  type NetworkStatus,
  type Random,
  type Scheduler,
  type Transport,
} from './adapters'
import { applyPullBatch, pullScope, rebase, type PullBatch } from './apply-pull'
import { backoffDelay, defaultBackoff, type BackoffPolicy } from './backoff'
import { browserScheduler, mathRandom } from './platform'
import type { MutatorRunner, RunnerOutcome } from './runner'
import { sharedMutatorRunner } from './shared-runner'
import { initialStatus, type BlockedReason, type BootstrapProgress, type SyncStatus } from './status'

export interface SyncEngineDeps {
  /** the default-durability connection: pulls, bootstrap, reads */
  db: CaseloadDb
  /** the strict-durability connection for user writes (defaults to `db`) */
  strictDb?: CaseloadDb
  /** how mutators run; shared/mutations' `applyMutation` (the server's code) by default */
  runner?: MutatorRunner
  transport: Transport
  /** who is signed in; null = nobody (mutate refuses) */
  session: () => MutationActor | null
  live?: LiveChannel
  network: NetworkStatus
  lock: LeaderLock
  scheduler?: Scheduler
  random?: Random
  backoff?: BackoffPolicy
  /** navigator.storage, asked for persistence at start */
  storage?: { persist(): Promise<boolean> }
  /** id generator for the clientId (UUIDv7 by default) */
  newId?: () => string
  /** which mutations are written with strict durability (default: all of them: they are the user's work) */
  strict?: (name: string) => boolean
  pullLimit?: number
  /** rows asked for per bootstrap page: the server's maximum by default (pullLimit when that is given) */
  bootstrapPullLimit?: number
  pushBatch?: number
  /** changes gathered before one bootstrap transaction */
  bootstrapBatch?: number
  /**
   * Runs before each push batch with the entries about to go (data/attachments uploads the files they name, so
   * the server never sees a comment before its attachments). Throwing a TransportError fails the push like a
   * failed request: retried with backoff, nothing sent.
   */
  beforePush?: (entries: readonly OutboxEntry[]) => Promise<void>
}

export type MutateResult =
  | {
      mid: number
      status: 'applied' | 'conflict'
      flags: string[]
      reasons: Reason[]
    }
  | { mid: null; status: 'rejected'; error: ErrorDetail }

/** `mutateAll`: every mutation written, or the index of the first one refused and nothing written. */
export type MutateAllResult =
  { ok: true; results: MutateResult[] } | { ok: false; index: number; error: ErrorDetail }

/** Thrown by `mutate` when nothing could be written (disk full). The status shows it too. */
export class SyncBlockedError extends Error {
  constructor(
    readonly reason: BlockedReason,
    message: string,
  ) {
    super(message)
    this.name = 'SyncBlockedError'
  }
}

class LocalRejection extends Error {
  constructor(readonly outcome: Extract<RunnerOutcome, { status: 'rejected' }>) {
    super(outcome.error.message)
  }
}

/** The mutation at `index` of a mutateAll was refused locally: the whole transaction is rolled back. */
class BatchRejection extends LocalRejection {
  constructor(
    readonly index: number,
    outcome: Extract<RunnerOutcome, { status: 'rejected' }>,
  ) {
    super(outcome)
  }
}

const blockedMessages: Record<BlockedReason, string> = {
  'disk-full': 'Sync blocked: the disk is full. Free some space, then retry.',
  'signed-out': 'Sync paused: sign in again.',
  'update-required': 'Sync paused: this Caseload is too old for the server. Update Caseload.',
  forbidden: 'Sync paused: the server refused access.',
  'server-refused': 'Sync paused: the server refused a request. Report this problem.',
}

export class SyncEngine {
  private readonly db: CaseloadDb
  private readonly strictDb: CaseloadDb
  private readonly runner: MutatorRunner
  private readonly scheduler: Scheduler
  private readonly random: Random
  private readonly backoffPolicy: BackoffPolicy
  private readonly pullLimit: number
  private readonly bootstrapPullLimit: number
  private pushBatch: number
  private readonly bootstrapBatch: number

  private status: SyncStatus = { ...initialStatus }
  private readonly listeners = new Set<(s: SyncStatus) => void>()
  private readonly cleanups: Array<() => void> = []
  private stopLive: (() => void) | null = null
  private releaseLock: (() => void) | null = null

  private wantPull = false
  private wantPush = false
  private loop: Promise<void> | null = null
  private retryTimer: unknown = null
  private attempt = 0
  private knownCursor = 0
  private lastOutboxCount = 0

  constructor(private readonly deps: SyncEngineDeps) {
    this.db = deps.db
    this.strictDb = deps.strictDb ?? deps.db
    this.runner = deps.runner ?? sharedMutatorRunner
    this.scheduler = deps.scheduler ?? browserScheduler
    this.random = deps.random ?? mathRandom
    this.backoffPolicy = deps.backoff ?? defaultBackoff
    this.pullLimit = deps.pullLimit ?? defaultPullLimit
    // a bootstrap moves the whole scope: few large pages (the server caps a page at 10,000 rows) cost far less
    // per row than many small ones; later pulls are small and keep the smaller pages
    this.bootstrapPullLimit = deps.bootstrapPullLimit ?? deps.pullLimit ?? maxPullLimit
    this.pushBatch = deps.pushBatch ?? 100
    this.bootstrapBatch = deps.bootstrapBatch ?? maxPullLimit
  }

  // ---- lifecycle ----------------------------------------------------------------------------------------

  async start(): Promise<void> {
    if (this.status.running) return
    await this.ensureState()
    this.update({ running: true, online: this.deps.network.online() })
    this.cleanups.push(
      this.deps.network.subscribe((online) => {
        this.update({ online })
        if (online) this.requestSync('network back')
      }),
    )
    const sub = liveQuery(() => this.readLocalStatus()).subscribe({
      next: (local) => {
        if (this.status.leader && local.outboxCount > this.lastOutboxCount) {
          // another window (or this one) wrote: push
          this.wantPush = true
          this.kick()
        }
        this.lastOutboxCount = local.outboxCount
        const { outboxCount: _outboxCount, ...rest } = local
        this.update(rest)
      },
      error: (error: unknown) => this.update({ lastError: describe(error) }),
    })
    this.cleanups.push(() => sub.unsubscribe())
    if (this.deps.storage) {
      this.deps.storage.persist().then(
        (persisted) => this.update({ persisted }),
        () => this.update({ persisted: false }),
      )
    }
    this.releaseLock = this.deps.lock.request(`caseload-sync:${this.db.name}`, () => this.becomeLeader())
  }

  /** Stops the loops and gives up leadership (another window takes over). Waits for the running step. */
  async stop(): Promise<void> {
    if (!this.status.running) return
    this.update({ running: false, leader: false })
    this.releaseLock?.()
    this.releaseLock = null
    this.stopLive?.()
    this.stopLive = null
    for (const c of this.cleanups.splice(0)) c()
    this.clearRetry()
    await this.loop
  }

  /** Resolves when the sync loop has nothing running (tests and the simulation). */
  async idle(): Promise<void> {
    while (this.loop) await this.loop
  }

  getStatus(): SyncStatus {
    return this.status
  }

  subscribe(listener: (s: SyncStatus) => void): () => void {
    this.listeners.add(listener)
    listener(this.status)
    return () => {
      this.listeners.delete(listener)
    }
  }

  /** Push and pull now: the user's "sync now", and the way out of a blocked state once its cause is fixed. */
  syncNow(): Promise<void> {
    this.update({ blocked: null })
    this.attempt = 0
    this.requestSync('sync now')
    return this.idle()
  }

  // ---- writes -------------------------------------------------------------------------------------------

  /** Runs mutator `name` locally and queues it for the server, in one transaction (P1). */
  async mutate(name: string, args: unknown): Promise<MutateResult> {
    const [result] = await this.write([{ name, args }])
    return result!
  }

  /**
   * Runs several mutations locally as ONE transaction, each with its own outbox entry: either every one is
   * written, or (the first local refusal, a full disk) none is. For imports, where half a file is worse than
   * none. The server still judges each mutation on its own when they are pushed.
   */
  async mutateAll(
    calls: ReadonlyArray<{ name: string; args: unknown }>,
    onProgress?: (done: number, total: number) => void,
  ): Promise<MutateAllResult> {
    try {
      return { ok: true, results: await this.write(calls, undefined, [], onProgress) }
    } catch (error) {
      if (error instanceof BatchRejection)
        return { ok: false, index: error.index, error: error.outcome.error }
      throw error
    }
  }

  private async write(
    calls: ReadonlyArray<{ name: string; args: unknown }>,
    also?: (t: CaseloadTables) => Promise<unknown>,
    alsoTables: string[] = [],
    onProgress?: (done: number, total: number) => void,
  ): Promise<MutateResult[]> {
    const actor = this.deps.session()
    if (!actor) throw new Error('Sign in to make changes.')
    const versions = calls.map(({ name }) => {
      const mv = this.runner.version(name)
      if (mv === undefined) throw new Error(`Unknown mutation "${name}".`)
      return mv
    })
    const strict = calls.some(({ name }) => (this.deps.strict ? this.deps.strict(name) : true))
    const conn = strict ? this.strictDb : this.db
    const at = new Date(this.scheduler.now()).toISOString()
    let results: MutateResult[]
    try {
      results = await conn.transaction(
        'rw',
        [...conn.syncedTableNames(), 'outbox', 'shadows', 'syncState', ...alsoTables],
        async (tx) => {
          // P1: the mutator's rows, the outbox entry and the new lastMid in this one transaction, through tables
          // bound to it (the mutator's native awaits may lose Dexie's zone: see db/dexie-store.ts)
          const t = tablesOf(tx)
          const state = await t.syncState.get('state')
          if (!state) throw new Error('sync state missing: start the engine first')
          const out: MutateResult[] = []
          let mid = state.lastMid
          for (const [index, { name, args }] of calls.entries()) {
            mid += 1
            const store = new DexieStore(conn, { trackShadows: true, transaction: tx })
            const outcome = await this.runner.run(
              store,
              { name, mv: versions[index]!, args },
              { ...actor, now: at, clientId: state.clientId, mid },
            )
            if (outcome.status === 'rejected')
              throw calls.length === 1 ? new LocalRejection(outcome) : new BatchRejection(index, outcome)
            await t.outbox.add({
              mid,
              clientId: state.clientId,
              name,
              mv: versions[index]!,
              args,
              at,
              actor,
              writes: outcome.writes.length ? outcome.writes : store.writes,
            })
            out.push({ mid, status: outcome.status, flags: outcome.flags, reasons: outcome.reasons })
            onProgress?.(index + 1, calls.length)
          }
          await t.syncState.put({ ...state, lastMid: mid })
          if (also) await also(t)
          return out
        },
      )
    } catch (error) {
      if (error instanceof BatchRejection) throw error
      if (error instanceof LocalRejection)
        return [{ mid: null, status: 'rejected', error: error.outcome.error }]
      if (isQuotaError(error)) {
        this.block('disk-full')
        throw new SyncBlockedError('disk-full', blockedMessages['disk-full'])
      }
      throw error
    }
    if (this.status.leader) {
      this.wantPush = true
      this.kick()
    }
    return results
  }

  private async writeOne(
    name: string,
    args: unknown,
    also: (t: CaseloadTables) => Promise<unknown>,
    alsoTables: string[],
  ): Promise<MutateResult> {
    const [result] = await this.write([{ name, args }], also, alsoTables)
    return result!
  }

  // ---- resolution actions ---------------------------------------------------------------------------------

  /** Makes a rejected mutation again (with edited args if given) and clears it from the list, in one transaction. */
  retryRejected(mid: number, args?: unknown): Promise<MutateResult> {
    return this.resolve('rejected', mid, (rec) =>
      this.writeOne(rec.name, args ?? rec.args, (t) => t.rejected.delete(mid), ['rejected']),
    )
  }

  /**
   * "Apply mine" for a conflict: the same mutation again as a new one, with `baseVersion` set to the version the
   * client now sees (the server's), so the server applies it over the value it kept. `args` overrides entirely.
   */
  applyMine(mid: number, args?: unknown): Promise<MutateResult> {
    return this.resolve('conflicts', mid, async (rec) => {
      const next = args ?? (await this.withCurrentBaseVersion(rec))
      return this.writeOne(rec.name, next, (t) => t.conflicts.delete(mid), ['conflicts'])
    })
  }

  /** Dismisses a flagged, rejected or conflict record (the server's result stands). */
  async discard(kind: 'flagged' | 'rejected' | 'conflicts', mid: number): Promise<void> {
    await this.db.table(kind).delete(mid)
  }

  private async resolve<K extends 'rejected' | 'conflicts'>(
    kind: K,
    mid: number,
    act: (rec: K extends 'rejected' ? RejectedRecord : ConflictRecord) => Promise<MutateResult>,
  ): Promise<MutateResult> {
    const rec = (await this.db.table(kind).get(mid)) as
      (K extends 'rejected' ? RejectedRecord : ConflictRecord) | undefined
    if (!rec) throw new Error(`No ${kind} mutation ${mid}.`)
    return act(rec)
  }

  private async withCurrentBaseVersion(rec: ConflictRecord): Promise<unknown> {
    const args = rec.args
    if (typeof args !== 'object' || args === null || !('baseVersion' in args)) return args
    const target = rec.writes.find((w) => w.id === (args as { id?: unknown }).id) ?? rec.writes[0]
    if (!target) return args
    const row: StoredRow | undefined = await this.db.storedRows(target.table).get(target.id)
    return row ? { ...args, baseVersion: row.version } : args
  }

  // ---- server reset ---------------------------------------------------------------------------------------

  /**
   * The user agreed: delete the local rows the restored/reset server no longer has. Never a row a pending
   * mutation wrote (its push brings it back to the server) nor one the server has sent again since.
   */
  async confirmServerReset(): Promise<void> {
    await this.db.transaction(
      'rw',
      [...this.db.syncedTableNames(), 'shadows', 'outbox', 'syncState'],
      async (tx) => {
        const t = tablesOf(tx)
        const reset = await t.serverReset.get('reset')
        if (!reset || reset.missing.length === 0) return
        const kept = new Set((await t.shadows.toArray()).map((s) => rowKey(s.table, s.id)))
        for (const e of await t.outbox.toArray()) for (const w of e.writes) kept.add(rowKey(w.table, w.id))
        for (const k of reset.missing) {
          if (kept.has(k)) continue
          const { table, id } = parseRowKey(k)
          await t.storedRows(table).delete(id)
        }
        await t.serverReset.put({ ...reset, missing: [] })
      },
    )
    this.update({ serverReset: null })
  }

  /** The user keeps the local copies the server lacks (they stay until the server sends their ids again). */
  keepLocalRows(): void {
    this.update({ serverReset: null })
    this.db.serverReset
      .where('key')
      .equals('reset')
      .modify({ missing: [] })
      .catch((error: unknown) => this.update({ lastError: describe(error) }))
  }

  // ---- leadership and loops -------------------------------------------------------------------------------

  private becomeLeader(): void {
    if (!this.status.running) return
    this.update({ leader: true })
    if (this.deps.live) {
      this.stopLive = this.deps.live.connect({
        onPoke: (version) => {
          if (version > this.knownCursor) this.requestSync('poke', { push: false })
        },
        // after any reconnect, pull from the cursor whatever the socket said
        onOpen: () => this.requestSync('live connected'),
        onClose: () => {},
      })
    }
    this.requestSync('leader')
  }

  private requestSync(_why: string, what: { push?: boolean; pull?: boolean } = {}): void {
    if (what.pull !== false) this.wantPull = true
    if (what.push !== false) this.wantPush = true
    this.clearRetry()
    this.kick()
  }

  private canRun(): boolean {
    return this.status.running && this.status.leader && this.status.online && this.status.blocked === null
  }

  private kick(): void {
    if (this.loop || !this.canRun() || this.retryTimer !== null) return
    this.loop = this.runLoop().finally(() => {
      this.loop = null
      if (this.status.phase !== 'waiting-to-retry') this.update({ phase: 'idle' })
      // a request that arrived while the loop was finishing
      if ((this.wantPull || this.wantPush) && this.retryTimer === null) this.kick()
    })
  }

  /** Push and pull are independent: a failing push must not keep the pulls (and the rebase) from running. */
  private async runLoop(): Promise<void> {
    while (this.canRun() && (this.wantPull || this.wantPush)) {
      let failure: unknown = null
      if (this.wantPush) {
        this.wantPush = false
        try {
          this.update({ phase: 'pushing' })
          const { sent, more } = await this.pushOnce()
          if (more) this.wantPush = true
          if (sent > 0) this.wantPull = true
        } catch (error) {
          this.wantPush = true
          failure = error
        }
      }
      // Pull once the outbox has drained (or the push failed): every pull rebases the mutations still pending,
      // so a pull between batches would replay the rest of the outbox once per batch.
      const pushDrained = !this.wantPush || failure !== null
      if (this.wantPull && pushDrained && this.canRun() && !isQuotaError(failure)) {
        this.wantPull = false
        try {
          await this.pullAll()
        } catch (error) {
          this.wantPull = true
          failure ??= error
        }
      }
      if (failure !== null) {
        this.handleFailure(failure)
        return
      }
      this.attempt = 0
      if (this.status.lastError) this.update({ lastError: null })
    }
  }

  private handleFailure(error: unknown): void {
    if (isQuotaError(error)) return this.block('disk-full')
    if (error instanceof TransportError) {
      if (error.kind === 'too-large' && this.pushBatch > 1) {
        this.pushBatch = Math.max(1, Math.floor(this.pushBatch / 2))
        this.scheduleRetry(0, error)
        return
      }
      if (error.kind === 'unauthorized') return this.block('signed-out')
      if (error.kind === 'protocol') return this.block('update-required')
      if (error.kind === 'forbidden') return this.block('forbidden')
      if (error.kind === 'bad-request') return this.block('server-refused', error.message)
    }
    this.scheduleRetry(backoffDelay(this.attempt++, this.random, this.backoffPolicy), error)
  }

  private scheduleRetry(ms: number, error: unknown): void {
    this.clearRetry()
    this.update({
      phase: 'waiting-to-retry',
      lastError: describe(error),
      nextRetryAt: this.scheduler.now() + ms,
    })
    this.retryTimer = this.scheduler.setTimeout(() => {
      this.retryTimer = null
      this.update({ nextRetryAt: null })
      this.kick()
    }, ms)
  }

  private clearRetry(): void {
    if (this.retryTimer !== null) this.scheduler.clearTimeout(this.retryTimer)
    this.retryTimer = null
    if (this.status.nextRetryAt !== null) this.update({ nextRetryAt: null })
  }

  private block(reason: BlockedReason, detail?: string): void {
    this.update({
      blocked: {
        reason,
        message: detail ? `${blockedMessages[reason]} (${detail})` : blockedMessages[reason],
      },
    })
  }

  // ---- push -----------------------------------------------------------------------------------------------

  private async pushOnce(): Promise<{ sent: number; more: boolean }> {
    const state = await this.readState()
    const entries = await this.db.outbox
      .where('mid')
      .above(state.pushedThrough)
      .limit(this.pushBatch)
      .toArray()
    if (entries.length === 0) return { sent: 0, more: false }
    await this.deps.beforePush?.(entries)
    const response: PushResponse = await this.deps.transport.push({
      protocol: protocolVersion,
      clientId: state.clientId,
      mutations: entries.map(({ mid, name, mv, args, at }) => ({ mid, name, mv, args, at })),
    })
    const resolvedAt = new Date(this.scheduler.now()).toISOString()
    let relapsed = false
    await this.db.transaction(
      'rw',
      ['outbox', 'acknowledged', 'syncState', 'flagged', 'rejected', 'conflicts'],
      async () => {
        const current = await this.readState()
        const byMid = new Map(entries.map((e) => [e.mid, e]))
        for (const r of response.results) {
          const e = byMid.get(r.mid)
          if (!e) continue
          if (r.status === 'applied' && r.flags && r.flags.length > 0) {
            await this.db.flagged.put({
              mid: e.mid,
              name: e.name,
              args: e.args,
              at: e.at,
              flags: r.flags,
              reasons: r.reasons ?? [],
              resolvedAt,
              seen: false,
            })
          } else if (r.status === 'conflict') {
            await this.db.conflicts.put({
              mid: e.mid,
              name: e.name,
              mv: e.mv,
              args: e.args,
              at: e.at,
              reasons: r.reasons ?? [],
              details: [],
              resolvedAt,
              writes: e.writes,
            })
          } else if (r.status === 'rejected') {
            await this.db.rejected.put({
              mid: e.mid,
              name: e.name,
              mv: e.mv,
              args: e.args,
              at: e.at,
              resolvedAt,
              writes: e.writes,
              error: r.error ?? { code: 'rejected', message: 'The server refused this change.' },
            })
          }
        }
        if (response.lastMutationId < current.pushedThrough) {
          // the server forgot mutations it had acknowledged (restored from a backup): send them again
          relapsed = true
          await this.requeueAfter(response.lastMutationId)
        }
        // pushedThrough = what the client has been told about: the server may be further (a batch lost its answer,
        // then a smaller batch was sent), but a mid whose result never reached us must be pushed again for it (P3)
        const answered = new Set(response.results.map((r) => r.mid))
        let answeredThrough = (entries[0]?.mid ?? 1) - 1
        for (const e of entries) {
          if (!answered.has(e.mid)) break
          answeredThrough = e.mid
        }
        await this.db.syncState.put({
          ...(await this.readState()),
          pushedThrough: Math.min(response.lastMutationId, answeredThrough),
        })
      },
    )
    const first = entries[0]
    if (!relapsed && first && response.lastMutationId < first.mid - 1) {
      const gapFilled = await this.requeueAfter(response.lastMutationId)
      if (!gapFilled) {
        // the server (restored from an old backup) lacks mids this client no longer has: it would wait for them
        // forever. Start a new clientId and send what is pending under it, numbered from 1.
        await this.restartNumbering()
        return { sent: entries.length, more: true }
      }
    }
    const progressed = response.lastMutationId >= (first?.mid ?? 0)
    return { sent: entries.length, more: relapsed || (progressed && entries.length === this.pushBatch) }
  }

  /**
   * A new clientId for this database, and the outbox renumbered 1..n under it, in one transaction. The archive
   * (the old id's acknowledged mids) is dropped, and the old id's flagged, rejected and conflict records move to
   * negative keys (the new numbering reuses their mids) so that they stay visible and actionable. The pending
   * mutations are replayed at once (rebase): rows derived from a mutation's identity ("clientId#mid") take the
   * ids the server will give them.
   */
  private async restartNumbering(): Promise<void> {
    await this.db.transaction(
      'rw',
      [...pullScope(this.db), 'flagged', 'rejected', 'conflicts'],
      async (tx) => {
        const t = tablesOf(tx)
        const state = await t.syncState.get('state')
        if (!state) throw new Error('sync state missing')
        const pending = await t.outbox.orderBy('mid').toArray()
        const clientId = (this.deps.newId ?? uuidv7)()
        for (const table of [t.flagged, t.rejected, t.conflicts] as Table<{ mid: number }, number>[]) {
          // every record of the old id: the new numbering reuses their mids
          const clashing = await table.where('mid').above(0).toArray()
          let free = Math.min(0, (await table.orderBy('mid').first())?.mid ?? 0) - 1
          for (const rec of clashing) {
            await table.delete(rec.mid)
            await table.add({ ...rec, mid: free-- })
          }
        }
        await t.acknowledged.clear()
        await t.outbox.clear()
        await t.outbox.bulkAdd(pending.map((e, i) => ({ ...e, clientId, mid: i + 1 })))
        await t.syncState.put({
          ...state,
          clientId,
          lastMid: pending.length,
          pushedThrough: 0,
          lastMutationId: 0,
        })
        await rebase(t, this.runner)
      },
    )
  }

  /** Moves acknowledged entries with mid > lastMutationId back into the outbox; false if some are gone. */
  private async requeueAfter(lastMutationId: number): Promise<boolean> {
    return this.db.transaction('rw', ['outbox', 'acknowledged', 'syncState'], async () => {
      const back = await this.db.acknowledged.where('mid').above(lastMutationId).toArray()
      if (back.length > 0) {
        await this.db.outbox.bulkPut(back)
        await this.db.acknowledged.bulkDelete(back.map((e) => e.mid))
      }
      const state = await this.readState()
      await this.db.syncState.put({
        ...state,
        pushedThrough: Math.min(state.pushedThrough, lastMutationId),
        lastMutationId: Math.min(state.lastMutationId, lastMutationId),
      })
      const firstPending = await this.db.outbox.orderBy('mid').first()
      return !firstPending || firstPending.mid <= lastMutationId + 1
    })
  }

  // ---- pull -----------------------------------------------------------------------------------------------

  private async pullAll(): Promise<void> {
    for (;;) {
      const state = await this.readState()
      if (state.cursor === 0 || !state.bootstrapped) {
        this.update({ phase: 'bootstrapping' })
        if (await this.bootstrap(state)) return
        continue
      }
      this.update({ phase: 'pulling' })
      const page = await this.deps.transport.pull(state.cursor, this.pullLimit, state.clientId)
      if (page.epoch !== state.epoch) {
        await this.onEpochChange(page)
        continue
      }
      await this.apply(page)
      if (!page.more) return
    }
  }

  /**
   * Bootstrap from the stored cursor; false if it stopped at an epoch change (the caller starts over). The next
   * page is requested while the current batch is written (the server and the network work while IndexedDB
   * does): pages are still applied one after another, each with its cursor, and a page fetched ahead is dropped
   * if writing the batch before it fails.
   */
  private async bootstrap(state: SyncState): Promise<boolean> {
    const progress: BootstrapProgress = { rowsApplied: 0, pages: 0, cursor: state.cursor, done: false }
    this.update({ bootstrap: { ...progress } })
    let cursor = state.cursor
    let epoch = state.epoch
    let buffered: PullResponse[] = []
    let bufferedRows = 0
    const pull = (from: number) => this.deps.transport.pull(from, this.bootstrapPullLimit, state.clientId)
    let ahead: Promise<PullResponse> | null = null
    for (;;) {
      const page = await (ahead ?? pull(cursor))
      ahead = null
      if (epoch !== null && page.epoch !== epoch) {
        await this.onEpochChange(page)
        return false
      }
      epoch = page.epoch
      buffered.push(page)
      bufferedRows += page.changes.length
      cursor = page.cursor
      progress.pages++
      if (bufferedRows >= this.bootstrapBatch || !page.more) {
        if (page.more) {
          ahead = pull(cursor)
          // a failure of the page fetched ahead surfaces when it is awaited, not as an unhandled rejection
          ahead.catch(() => {})
        }
        const batch: PullBatch = {
          ...page,
          changes: buffered.length === 1 ? page.changes : buffered.flatMap((p) => p.changes),
        }
        await this.apply(batch, { bootstrapDone: !page.more })
        progress.rowsApplied += batch.changes.length
        progress.cursor = cursor
        buffered = []
        bufferedRows = 0
      }
      progress.done = !page.more
      this.update({ bootstrap: { ...progress } })
      if (!page.more) break
    }
    const reset = await this.db.serverReset.get('reset')
    this.update({
      serverReset: reset && reset.missing.length > 0 ? { missingRows: reset.missing.length } : null,
    })
    return true
  }

  private async apply(batch: PullBatch, options: { bootstrapDone?: boolean } = {}): Promise<void> {
    await applyPullBatch(this.db, this.runner, batch, {
      ...options,
      now: new Date(this.scheduler.now()).toISOString(),
    })
    this.knownCursor = batch.cursor
  }

  /**
   * The server's database is not the one this client synced with. Re-queue what it lacks (pushed first by the
   * loop), then bootstrap again from cursor 0; remember the rows we had, so the ones the server no longer sends
   * are offered for deletion instead of deleted.
   */
  private async onEpochChange(page: PullResponse): Promise<void> {
    // Every archived mutation goes out again, not only those above the restored server's lastMutationId: for
    // mids it still has, it answers with its stored result, which may differ from what we were told (a late copy
    // of a request can re-run on the restored database and be refused there). The user sees the server's word.
    await this.requeueAfter(0)
    await this.db.transaction('rw', [...this.db.syncedTableNames(), 'syncState'], async (tx) => {
      const t = tablesOf(tx)
      // the rows the server had sent us, recorded with the new epoch (one transaction): the re-bootstrap strikes
      // out what it sends again, and the rest is offered for deletion
      const known: string[] = []
      for (const table of syncedTables) {
        for (const r of await t.storedRows(table).toArray())
          if (r.version > 0) known.push(rowKey(table, r.id))
      }
      const previous = await t.serverReset.get('reset')
      await t.serverReset.put({
        key: 'reset',
        known: [...new Set([...(previous?.known ?? []), ...known])],
        missing: previous?.missing ?? [],
      })
      const state = await t.syncState.get('state')
      if (!state) throw new Error('sync state missing')
      await t.syncState.put({
        ...state,
        epoch: page.epoch,
        cursor: 0,
        bootstrapped: false,
        pushedThrough: 0,
        lastMutationId: Math.min(state.lastMutationId, page.lastMutationId),
      })
    })
    this.knownCursor = 0
    // what the server lacks goes first
    this.wantPush = true
    const { more } = await this.pushUntilDone()
    if (more) this.wantPush = true
  }

  private async pushUntilDone(): Promise<{ more: boolean }> {
    for (let i = 0; i < 1000; i++) {
      const { sent, more } = await this.pushOnce()
      if (sent === 0 || !more) return { more: false }
    }
    return { more: true }
  }

  // ---- state ----------------------------------------------------------------------------------------------

  private async ensureState(): Promise<void> {
    await this.db.transaction('rw', ['syncState'], async () => {
      if (await this.db.syncState.get('state')) return
      await this.db.syncState.put({
        key: 'state',
        clientId: (this.deps.newId ?? uuidv7)(),
        lastMid: 0,
        cursor: 0,
        lastMutationId: 0,
        pushedThrough: 0,
        epoch: null,
        lastSyncAt: null,
        bootstrapped: false,
      })
    })
    this.knownCursor = (await this.readState()).cursor
  }

  private async readState(): Promise<SyncState> {
    const state = await this.db.syncState.get('state')
    if (!state) throw new Error('sync state missing')
    return state
  }

  private async readLocalStatus() {
    const state = await this.db.syncState.get('state')
    const pushedThrough = state?.pushedThrough ?? 0
    const reset = await this.db.serverReset.get('reset')
    const outboxCount = await this.db.outbox.count()
    const pendingCount = await this.db.outbox.where('mid').above(pushedThrough).count()
    return {
      outboxCount,
      pendingCount,
      awaitingPullCount: outboxCount - pendingCount,
      lastSyncAt: state?.lastSyncAt ?? null,
      serverReset: reset && reset.missing.length > 0 ? { missingRows: reset.missing.length } : null,
      flagged: await this.db.flagged.orderBy('mid').toArray(),
      rejected: await this.db.rejected.orderBy('mid').toArray(),
      conflicts: await this.db.conflicts.orderBy('mid').toArray(),
    }
  }

  private update(patch: Partial<SyncStatus>): void {
    this.status = { ...this.status, ...patch }
    for (const l of [...this.listeners]) l(this.status)
  }
}

function describe(error: unknown): string {
  if (error instanceof Dexie.DexieError) return `${error.name}: ${error.message}`
  return error instanceof Error ? error.message : String(error)
}

export type { OutboxEntry }
