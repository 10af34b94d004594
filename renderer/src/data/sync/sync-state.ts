/**
 * The engine's own row (`syncState`, key 'state': clientId, mid numbering, cursor, epoch) and what the status bar
 * counts from the local tables. The row is made once per database, in its own transaction, so two windows
 * starting together agree on one clientId.
 */
import { tablesOf, type CaseloadDb, type CaseloadTables } from '../db/database'
import type { SyncState } from '../db/types'
import type { SyncStatus } from './status'

/** Makes the state row if this database has none yet; returns the row. */
export function ensureState(db: CaseloadDb, newId: () => string): Promise<SyncState> {
  return db.transaction('rw', ['syncState'], async (tx) => {
    const t = tablesOf(tx)
    const existing = await t.syncState.get('state')
    if (existing) return existing
    const state: SyncState = {
      key: 'state',
      clientId: newId(),
      lastMid: 0,
      cursor: 0,
      lastMutationId: 0,
      pushedThrough: 0,
      epoch: null,
      lastSyncAt: null,
      bootstrapped: false,
    }
    await t.syncState.put(state)
    return state
  })
}

/** the state row inside a transaction that has `syncState` in its scope */
export async function stateOf(t: CaseloadTables): Promise<SyncState> {
  const state = await t.syncState.get('state')
  if (!state) throw new Error('sync state missing')
  return state
}

/** the state row, read on its own (outside any transaction) */
export async function readState(db: CaseloadDb): Promise<SyncState> {
  const state = await db.syncState.get('state')
  if (!state) throw new Error('sync state missing')
  return state
}

export type LocalStatus = Pick<
  SyncStatus,
  'pendingCount' | 'awaitingPullCount' | 'lastSyncAt' | 'serverReset' | 'flagged' | 'rejected' | 'conflicts'
> & { outboxCount: number }

/**
 * What the status shows from the local tables. Read through the database itself (not a transaction's tables):
 * the engine runs it in a live query, which must see which tables it reads to re-run on their changes.
 */
export async function readLocalStatus(db: CaseloadDb): Promise<LocalStatus> {
  const state = await db.syncState.get('state')
  const pushedThrough = state?.pushedThrough ?? 0
  const reset = await db.serverReset.get('reset')
  const outboxCount = await db.outbox.count()
  const pendingCount = await db.outbox.where('mid').above(pushedThrough).count()
  return {
    outboxCount,
    pendingCount,
    awaitingPullCount: outboxCount - pendingCount,
    lastSyncAt: state?.lastSyncAt ?? null,
    serverReset: reset && reset.missing.length > 0 ? { missingRows: reset.missing.length } : null,
    flagged: await db.flagged.orderBy('mid').toArray(),
    rejected: await db.rejected.orderBy('mid').toArray(),
    conflicts: await db.conflicts.orderBy('mid').toArray(),
  }
}
