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
 *
 * This class is the public API and the loop that decides when to push and pull (leadership, online, retries,
 * blocked states). The work is in modules of their own: local-write.ts (a write and its outbox entry),
 * push-pass.ts (one push and its answer), pull-pass.ts (pulls and the bootstrap), apply-pull.ts (a page, the
 * rebase), epoch.ts and server-reset.ts (a restored server), resolution.ts (retry, apply mine), sync-state.ts
 * (the state row and the status counts). Every Dexie transaction uses the tables bound to it (tablesOf).
 */
import { Dexie, liveQuery } from 'dexie'
import { v7 as uuidv7 } from 'uuid'
import type { MutationArgsMap, MutationCallOf } from '@shared/mutations/registry'
import { defaultPullLimit, maxPullLimit, type PullResponse } from '@shared/protocol'
import type { CaseloadDb } from '../db/database'
import { isQuotaError } from '../db/database'
import type { MutationActor, OutboxEntry } from '../db/types'
import {
  TransportError,
  type LeaderLock,
  type LiveChannel,
  type NetworkStatus,
  type Random,
  type Scheduler,
  type Transport,
} from './adapters'
import { backoffDelay, defaultBackoff, type BackoffPolicy } from './backoff'
import { blockedMessages, SyncBlockedError } from './blocked'
import { recordNewEpoch } from './epoch'
import {
  BatchRejection,
  writeLocally,
  type LocalCall,
  type LocalWrite,
  type MutateAllResult,
  type MutateResult,
} from './local-write'
import { browserScheduler, mathRandom } from './platform'
import { pullAll, type PullPass } from './pull-pass'
import { pushOnce, type PushPass } from './push-pass'
import { recordOf, withCurrentBaseVersion } from './resolution'
import type { MutatorRunner } from './runner'
import { deleteRowsServerLost, keepRowsServerLost } from './server-reset'
import { sharedMutatorRunner } from './shared-runner'
import { initialStatus, type BlockedReason, type SyncStatus } from './status'
import { ensureState, readLocalStatus } from './sync-state'

export { SyncBlockedError } from './blocked'
export type { MutateAllResult, MutateResult } from './local-write'

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

/**
 * Any name, any args: the mutation map of an engine whose runner is not the product's registry (tests with a
 * registry of their own, the simulation's forged calls). The runner still validates every call at run time.
 */
export type AnyMutations = Record<string, unknown>

/**
 * `M` maps each mutation name to its args (the product's mutators by default, shared/mutations/registry.ts):
 * `mutate('incident.assign', { incidentId, assigneeId })` is checked against the mutator's schema at compile
 * time, and validated by it again when it runs.
 */
export class SyncEngine<M extends object = MutationArgsMap> {
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
    const sub = liveQuery(() => readLocalStatus(this.db)).subscribe({
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
  async mutate<N extends keyof M & string>(name: N, args: M[N]): Promise<MutateResult> {
    const [result] = await this.write([{ name, args }])
    return result!
  }

  /**
   * Runs several mutations locally as ONE transaction, each with its own outbox entry: either every one is
   * written, or (the first local refusal, a full disk) none is. For imports, where half a file is worse than
   * none. The server still judges each mutation on its own when they are pushed.
   */
  async mutateAll(
    calls: ReadonlyArray<MutationCallOf<M>>,
    onProgress?: (done: number, total: number) => void,
  ): Promise<MutateAllResult> {
    try {
      return { ok: true, results: await this.write(calls, { onProgress }) }
    } catch (error) {
      if (error instanceof BatchRejection)
        return { ok: false, index: error.index, error: error.outcome.error }
      throw error
    }
  }

  /** local-write.ts, through the strict connection unless `deps.strict` says otherwise; then a push */
  private async write(
    calls: readonly LocalCall[],
    options: Pick<LocalWrite, 'also' | 'alsoTables' | 'onProgress'> = {},
  ): Promise<MutateResult[]> {
    const actor = this.deps.session()
    if (!actor) throw new Error('Sign in to make changes.')
    const strict = calls.some(({ name }) => (this.deps.strict ? this.deps.strict(name) : true))
    let results: MutateResult[]
    try {
      results = await writeLocally(
        { conn: strict ? this.strictDb : this.db, runner: this.runner, actor, at: this.now(), ...options },
        calls,
      )
    } catch (error) {
      if (error instanceof SyncBlockedError) this.block(error.reason)
      throw error
    }
    if (this.status.leader) {
      this.wantPush = true
      this.kick()
    }
    return results
  }

  // ---- resolution actions ---------------------------------------------------------------------------------

  /** Makes a rejected mutation again (with edited args if given) and clears it from the list, in one transaction. */
  async retryRejected(mid: number, args?: unknown): Promise<MutateResult> {
    const rec = await recordOf(this.db, 'rejected', mid)
    const [result] = await this.write([{ name: rec.name, args: args ?? rec.args }], {
      also: (t) => t.rejected.delete(mid),
      alsoTables: ['rejected'],
    })
    return result!
  }

  /**
   * "Apply mine" for a conflict: the same mutation again as a new one, with `baseVersion` set to the version the
   * client now sees (the server's), so the server applies it over the value it kept. `args` overrides entirely.
   */
  async applyMine(mid: number, args?: unknown): Promise<MutateResult> {
    const rec = await recordOf(this.db, 'conflicts', mid)
    const next = args ?? (await withCurrentBaseVersion(this.db, rec))
    const [result] = await this.write([{ name: rec.name, args: next }], {
      also: (t) => t.conflicts.delete(mid),
      alsoTables: ['conflicts'],
    })
    return result!
  }

  /** Dismisses a flagged, rejected or conflict record (the server's result stands). */
  async discard(kind: 'flagged' | 'rejected' | 'conflicts', mid: number): Promise<void> {
    await this.db.table(kind).delete(mid)
  }

  // ---- server reset ---------------------------------------------------------------------------------------

  /**
   * The user agreed: delete the local rows the restored/reset server no longer has. Never a row a pending
   * mutation wrote (its push brings it back to the server) nor one the server has sent again since.
   */
  async confirmServerReset(): Promise<void> {
    await deleteRowsServerLost(this.db)
    this.update({ serverReset: null })
  }

  /** The user keeps the local copies the server lacks (they stay until the server sends their ids again). */
  keepLocalRows(): void {
    this.update({ serverReset: null })
    keepRowsServerLost(this.db).catch((error: unknown) => this.update({ lastError: describe(error) }))
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

  // ---- push and pull ------------------------------------------------------------------------------------

  private pushPass(): PushPass {
    return {
      db: this.db,
      runner: this.runner,
      transport: this.deps.transport,
      batchSize: this.pushBatch,
      now: () => this.now(),
      newId: this.newId,
      beforePush: this.deps.beforePush,
    }
  }

  private pushOnce(): Promise<{ sent: number; more: boolean }> {
    return pushOnce(this.pushPass())
  }

  private pullAll(): Promise<void> {
    const pass: PullPass = {
      db: this.db,
      runner: this.runner,
      transport: this.deps.transport,
      pullLimit: this.pullLimit,
      bootstrapPullLimit: this.bootstrapPullLimit,
      bootstrapBatch: this.bootstrapBatch,
      now: () => this.now(),
      update: (patch) => this.update(patch),
      onEpochChange: (page) => this.onEpochChange(page),
      applied: (cursor) => {
        this.knownCursor = cursor
      },
    }
    return pullAll(pass)
  }

  /**
   * The server's database is not the one this client synced with (epoch.ts): what it lacks is pushed first, then
   * the pull bootstraps again from cursor 0.
   */
  private async onEpochChange(page: PullResponse): Promise<void> {
    await recordNewEpoch(this.db, page)
    this.knownCursor = 0
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
    this.knownCursor = (await ensureState(this.db, this.newId)).cursor
  }

  private readonly newId = (): string => (this.deps.newId ?? uuidv7)()

  private now(): string {
    return new Date(this.scheduler.now()).toISOString()
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
