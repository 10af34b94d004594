/**
 * A new server epoch (the server was restored from a backup, design/sync.md "Identity and records"): the client
 * re-pushes what the server may lack and bootstraps again, and remembers which rows it had, so that the ones the
 * server no longer sends are offered for deletion (server-reset.ts), never deleted silently.
 */
import { rowKey, type PullResponse } from '@shared/protocol'
import { syncedTables } from '@shared/mutations/store'
import { tablesOf, type CaseloadDb } from '../db/database'
import { requeue } from './push-pass'
import { stateOf } from './sync-state'

/**
 * Re-queues every archived mutation and records the new epoch with a cursor of 0 and the rows known so far (one
 * transaction). The engine then pushes, and the next pull bootstraps.
 */
export async function recordNewEpoch(db: CaseloadDb, page: PullResponse): Promise<void> {
  // Every archived mutation goes out again, not only those above the restored server's lastMutationId: for
  // mids it still has, it answers with its stored result, which may differ from what we were told (a late copy
  // of a request can re-run on the restored database and be refused there). The user sees the server's word.
  await requeue(db, 0)
  await db.transaction('rw', [...db.syncedTableNames(), 'syncState'], async (tx) => {
    const t = tablesOf(tx)
    // the rows the server had sent us, recorded with the new epoch (one transaction): the re-bootstrap strikes
    // out what it sends again, and the rest is offered for deletion
    const known: string[] = []
    for (const table of syncedTables) {
      for (const r of await t.storedRows(table).toArray()) if (r.version > 0) known.push(rowKey(table, r.id))
    }
    const previous = await t.serverReset.get('reset')
    await t.serverReset.put({
      key: 'reset',
      known: [...new Set([...(previous?.known ?? []), ...known])],
      missing: previous?.missing ?? [],
    })
    const state = await stateOf(t)
    await t.syncState.put({
      ...state,
      epoch: page.epoch,
      cursor: 0,
      bootstrapped: false,
      pushedThrough: 0,
      lastMutationId: Math.min(state.lastMutationId, page.lastMutationId),
    })
  })
}
