/**
 * Writing pulled changes: one Dexie transaction per batch holds the rows, the rebase of pending mutations, the
 * acknowledgement of the outbox and the new cursor, so a cursor is never saved ahead of its data and the tables
 * always show server state plus pending mutations (design/sync.md "Pull", "Rebase on the client").
 */
import { Dexie } from 'dexie'
import { rowKey, type Change } from '@shared/protocol'
import type { StoredRow, TableName } from '@shared/mutations/store'
import { tablesOf, type CaseloadDb, type CaseloadTables } from '../db/database'
import { DexieStore } from '../db/dexie-store'
import type { OutboxEntry, ShadowRow, SyncState } from '../db/types'
import type { MutatorRunner } from './runner'

export interface PullBatch {
  changes: Change[]
  cursor: number
  lastMutationId: number
  epoch: string
  /** the server has more after this batch */
  more: boolean
}

export interface ApplyResult {
  /** the `rowKey` of every row the batch carried */
  seen: string[]
  acknowledged: number[]
  rebased: boolean
}

/**
 * The row as stored: the change's row with the change's id and version, not deleted. The server already sends
 * rows that way; those are stored as they came instead of copied (a bootstrap brings hundreds of thousands).
 */
function storedRow(c: Extract<Change, { row: unknown }>): StoredRow {
  const r = c.row
  if (r.id === c.id && r.version === c.version && r.deleted === false) return r as StoredRow
  return { ...r, id: c.id, version: c.version, deleted: false }
}

export function pullScope(db: CaseloadDb): string[] {
  return [...db.syncedTableNames(), 'shadows', 'outbox', 'acknowledged', 'syncState']
}

/** Applies one batch of pulled changes (one or several pages) with its cursor, in one transaction. */
export async function applyPullBatch(
  db: CaseloadDb,
  runner: MutatorRunner,
  batch: PullBatch,
  options: { bootstrapDone?: boolean; now: string },
): Promise<ApplyResult> {
  return db.transaction('rw', pullScope(db), async (tx) => {
    // every access goes through the transaction's own tables: the rebase runs mutators (native awaits) and the
    // writes after it must still land in this transaction (dexie-store.ts explains why the zone is not enough)
    const t = tablesOf(tx)
    const state = await t.syncState.get('state')
    if (!state) throw new Error('sync state missing')
    if (state.epoch !== null && state.epoch !== batch.epoch) {
      throw new Error(`pull batch from epoch ${batch.epoch} while the client is at ${state.epoch}`)
    }
    const pendingBefore = await t.outbox.count()
    const shadows = new Map<string, ShadowRow>()
    if (pendingBefore > 0) for (const s of await t.shadows.toArray()) shadows.set(rowKey(s.table, s.id), s)

    // last change per row wins (pages are in version order)
    const latest = new Map<string, Change>()
    for (const c of batch.changes) latest.set(rowKey(c.table, c.id), c)
    const puts = new Map<TableName, StoredRow[]>()
    const deletes = new Map<TableName, string[]>()
    const shadowUpdates: ShadowRow[] = []
    for (const [k, c] of latest) {
      const row: StoredRow | null = 'row' in c ? storedRow(c) : null
      if (shadows.has(k)) {
        // a pending mutation touched this row: update its server value, the rebase below rewrites the table
        shadowUpdates.push({ table: c.table, id: c.id, row })
      } else if (row) {
        // appended in place: copying the list per row made a 10,000-row page quadratic
        const list = puts.get(c.table)
        if (list) list.push(row)
        else puts.set(c.table, [row])
      } else {
        const list = deletes.get(c.table)
        if (list) list.push(c.id)
        else deletes.set(c.table, [c.id])
      }
    }
    for (const [table, rows] of puts) await t.storedRows(table).bulkPut(rows)
    for (const [table, ids] of deletes) await t.storedRows(table).bulkDelete(ids)
    if (shadowUpdates.length > 0) await t.shadows.bulkPut(shadowUpdates)

    // acknowledge only at the end of a pull: the changes of an acknowledged mid may sit on a later page. And only
    // what a push answer covered (pushedThrough): a mid the server applied but whose answer was lost stays in the
    // outbox until a re-push brings its stored result, so a flag, a conflict or a rejection is never missed (P3)
    let acknowledged: number[] = []
    if (!batch.more && pendingBefore > 0) {
      const done = await t.outbox
        .where('mid')
        .belowOrEqual(Math.min(batch.lastMutationId, state.pushedThrough))
        .toArray()
      acknowledged = done.map((e) => e.mid)
      if (done.length > 0) {
        await t.acknowledged.bulkPut(done.map((e) => ({ ...e, acknowledgedAt: options.now })))
        await t.outbox.bulkDelete(acknowledged)
        await pruneArchive(t, options.now)
      }
    }

    // a restored server: rows it sends again are not missing any more; at the end of the re-bootstrap, what it
    // did not send is offered to the user (never deleted silently)
    const reset = await t.serverReset.get('reset')
    if (reset && (reset.known !== null || reset.missing.length > 0)) {
      let known = reset.known?.filter((k) => !latest.has(k)) ?? null
      let missing = reset.missing.filter((k) => !latest.has(k))
      if (options.bootstrapDone && known !== null) {
        missing = [...missing, ...known]
        known = null
      }
      await t.serverReset.put({ key: 'reset', known, missing })
    }

    const rebased = pendingBefore > 0 && (latest.size > 0 || acknowledged.length > 0)
    if (rebased) await rebase(t, runner)

    const next: SyncState = {
      ...state,
      cursor: batch.cursor,
      epoch: batch.epoch,
      ...(batch.more
        ? {}
        : {
            lastMutationId: batch.lastMutationId,
            lastSyncAt: options.now,
          }),
      ...(options.bootstrapDone ? { bootstrapped: true } : {}),
    }
    await t.syncState.put(next)
    return { seen: [...latest.keys()], acknowledged, rebased }
  })
}

/**
 * How long acknowledged mutations stay in the archive: what a server restored from a backup may have forgotten
 * is re-pushed from there (design/sync.md "epoch"), so the bound is the age of the oldest backup an administrator
 * would restore (docs: keep daily backups, restore one at most 30 days old). A restore from an older backup still
 * syncs: the engine starts a new clientId for what is pending, and offers the rows the server lost for deletion.
 */
export const archiveRetentionMs = 30 * 24 * 3600_000

/** Drops archived entries acknowledged more than `archiveRetentionMs` ago (oldest first, a bounded batch). */
async function pruneArchive(t: CaseloadTables, now: string): Promise<void> {
  const cutoff = new Date(Date.parse(now) - archiveRetentionMs).toISOString()
  const oldest = await t.acknowledged.orderBy('mid').limit(500).toArray()
  const expired = oldest
    .filter((e) => e.acknowledgedAt !== undefined && e.acknowledgedAt < cutoff)
    .map((e) => e.mid)
  if (expired.length > 0) await t.acknowledged.bulkDelete(expired)
  // archived before entries carried a date: their age starts now
  const undated = oldest.filter((e) => e.acknowledgedAt === undefined)
  if (undated.length > 0) await t.acknowledged.bulkPut(undated.map((e) => ({ ...e, acknowledgedAt: now })))
}

/**
 * Inside the caller's transaction: resets every row pending mutations touched to its server value (the shadow),
 * replays the pending mutations in mid order with the same mutator code, then forgets the shadows no pending
 * mutation touches any more (their table value is the server's).
 */
export async function rebase(t: CaseloadTables, runner: MutatorRunner): Promise<void> {
  const shadows = await t.shadows.toArray()
  for (const s of shadows) {
    if (s.row === null) await t.storedRows(s.table).delete(s.id)
    else await t.storedRows(s.table).put(s.row)
  }
  const pending: OutboxEntry[] = await t.outbox.orderBy('mid').toArray()
  const store = new DexieStore(t.tx.db as CaseloadDb, { trackShadows: true, transaction: t.tx })
  for (const e of pending) {
    try {
      // a refusal here leaves no writes (applyMutation buffers them); the server still decides this mid
      await runner.run(
        store,
        { name: e.name, mv: e.mv, args: e.args },
        { ...e.actor, now: e.at, clientId: e.clientId, mid: e.mid },
      )
    } catch (error) {
      if (error instanceof Dexie.DexieError) throw error
      // a mutator bug must not wedge every future pull: the server's answer for this mid will settle it
      console.error(`rebase: replaying mutation ${e.mid} (${e.name}) failed`, error)
    }
  }
  const touched = new Set(store.writes.map((w) => rowKey(w.table, w.id)))
  const stale = shadows
    .filter((s) => !touched.has(rowKey(s.table, s.id)))
    .map((s): [string, string] => [s.table, s.id])
  if (stale.length > 0) await t.shadows.bulkDelete(stale)
}
