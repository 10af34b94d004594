/**
 * What a restored or reset server no longer has (epoch.ts records it): the user decides. Deleting never takes a
 * row a pending mutation wrote (its push brings it back to the server) nor one the server has sent again since.
 */
import { parseRowKey, rowKey } from '@shared/protocol'
import { tablesOf, type CaseloadDb } from '../db/database'

/** The user agreed: delete the local rows the server no longer has (one transaction). */
export async function deleteRowsServerLost(db: CaseloadDb): Promise<void> {
  await db.transaction('rw', [...db.syncedTableNames(), 'shadows', 'outbox', 'syncState'], async (tx) => {
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
  })
}

/** The user keeps the local copies the server lacks (they stay until the server sends their ids again). */
export async function keepRowsServerLost(db: CaseloadDb): Promise<void> {
  await db.transaction('rw', ['syncState'], async (tx) => {
    const t = tablesOf(tx)
    const reset = await t.serverReset.get('reset')
    if (reset) await t.serverReset.put({ ...reset, missing: [] })
  })
}
