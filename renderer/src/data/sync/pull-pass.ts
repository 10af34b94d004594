/**
 * Pulling (design/sync.md "Pull"): pages from the cursor until the server has no more, each written with its
 * cursor in one transaction (apply-pull.ts); from cursor 0 (or an unfinished bootstrap) a bootstrap of few large
 * batches with progress. A page of another epoch stops the pass: the engine handles the restored server
 * (epoch.ts) and the pass starts over.
 */
import type { PullResponse } from '@shared/protocol'
import type { CaseloadDb } from '../db/database'
import type { SyncState } from '../db/types'
import type { Transport } from './adapters'
import { applyPullBatch, type PullBatch } from './apply-pull'
import type { MutatorRunner } from './runner'
import type { BootstrapProgress, SyncStatus } from './status'
import { readState } from './sync-state'

export interface PullPass {
  db: CaseloadDb
  runner: MutatorRunner
  transport: Transport
  pullLimit: number
  /** rows asked for per bootstrap page */
  bootstrapPullLimit: number
  /** changes gathered before one bootstrap transaction */
  bootstrapBatch: number
  /** ISO-8601 now */
  now(): string
  /** phase and bootstrap progress for the status */
  update(patch: Partial<SyncStatus>): void
  /** the server's database is not the one this client synced with; resolves once that is dealt with */
  onEpochChange(page: PullResponse): Promise<void>
  /** a batch and its cursor were written */
  applied(cursor: number): void
}

/** Pulls until the server has nothing more (or bootstraps first). */
export async function pullAll(p: PullPass): Promise<void> {
  for (;;) {
    const state = await readState(p.db)
    if (state.cursor === 0 || !state.bootstrapped) {
      p.update({ phase: 'bootstrapping' })
      if (await bootstrap(p, state)) return
      continue
    }
    p.update({ phase: 'pulling' })
    const page = await p.transport.pull(state.cursor, p.pullLimit, state.clientId)
    if (page.epoch !== state.epoch) {
      await p.onEpochChange(page)
      continue
    }
    await apply(p, page)
    if (!page.more) return
  }
}

/**
 * Bootstrap from the stored cursor; false if it stopped at an epoch change (the caller starts over). The next
 * page is requested while the current batch is written (the server and the network work while IndexedDB
 * does): pages are still applied one after another, each with its cursor, and a page fetched ahead is dropped
 * if writing the batch before it fails.
 */
async function bootstrap(p: PullPass, state: SyncState): Promise<boolean> {
  const progress: BootstrapProgress = { rowsApplied: 0, pages: 0, cursor: state.cursor, done: false }
  p.update({ bootstrap: { ...progress } })
  let cursor = state.cursor
  let epoch = state.epoch
  let buffered: PullResponse[] = []
  let bufferedRows = 0
  const pull = (from: number) => p.transport.pull(from, p.bootstrapPullLimit, state.clientId)
  let ahead: Promise<PullResponse> | null = null
  for (;;) {
    const page = await (ahead ?? pull(cursor))
    ahead = null
    if (epoch !== null && page.epoch !== epoch) {
      await p.onEpochChange(page)
      return false
    }
    epoch = page.epoch
    buffered.push(page)
    bufferedRows += page.changes.length
    cursor = page.cursor
    progress.pages++
    if (bufferedRows >= p.bootstrapBatch || !page.more) {
      if (page.more) {
        ahead = pull(cursor)
        // a failure of the page fetched ahead surfaces when it is awaited, not as an unhandled rejection
        ahead.catch(() => {})
      }
      const batch: PullBatch = {
        ...page,
        changes: buffered.length === 1 ? page.changes : buffered.flatMap((b) => b.changes),
      }
      await apply(p, batch, { bootstrapDone: !page.more })
      progress.rowsApplied += batch.changes.length
      progress.cursor = cursor
      buffered = []
      bufferedRows = 0
    }
    progress.done = !page.more
    p.update({ bootstrap: { ...progress } })
    if (!page.more) break
  }
  const reset = await p.db.serverReset.get('reset')
  p.update({
    serverReset: reset && reset.missing.length > 0 ? { missingRows: reset.missing.length } : null,
  })
  return true
}

async function apply(
  p: PullPass,
  batch: PullBatch,
  options: { bootstrapDone?: boolean } = {},
): Promise<void> {
  await applyPullBatch(p.db, p.runner, batch, { ...options, now: p.now() })
  p.applied(batch.cursor)
}
