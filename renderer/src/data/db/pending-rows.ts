/**
 * Which rows a screen should mark "waiting to be sent": those a change in the outbox wrote. The server has
 * not answered those changes yet, so what the row shows is still provisional.
 */
import { rowKey } from '@shared/protocol'
import type { CaseloadDb } from './database'

/** the `rowKey` of every row written by a change still in the outbox */
export async function pendingRowKeys(db: Pick<CaseloadDb, 'outbox'>): Promise<Set<string>> {
  const outbox = await db.outbox.toArray()
  return new Set(outbox.flatMap((e) => e.writes.map((w) => rowKey(w.table, w.id))))
}
