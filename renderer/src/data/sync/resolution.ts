/**
 * The records the user resolves in the sync inbox (rejected and conflicting mutations), and what "apply mine"
 * sends: the same args with `baseVersion` moved to the version the client now sees (the server's).
 */
import type { StoredRow } from '@shared/mutations/store'
import type { CaseloadDb } from '../db/database'
import type { ConflictRecord, RejectedRecord } from '../db/types'

/** the rejected or conflict record of `mid`, or an error naming it */
export async function recordOf<K extends 'rejected' | 'conflicts'>(
  db: CaseloadDb,
  kind: K,
  mid: number,
): Promise<K extends 'rejected' ? RejectedRecord : ConflictRecord> {
  const rec = (await db.table(kind).get(mid)) as
    (K extends 'rejected' ? RejectedRecord : ConflictRecord) | undefined
  if (!rec) throw new Error(`No ${kind} mutation ${mid}.`)
  return rec
}

/** the conflict's args with `baseVersion` set to the local version of the row it edits (if it has one) */
export async function withCurrentBaseVersion(db: CaseloadDb, rec: ConflictRecord): Promise<unknown> {
  const args = rec.args
  if (typeof args !== 'object' || args === null || !('baseVersion' in args)) return args
  const target = rec.writes.find((w) => w.id === (args as { id?: unknown }).id) ?? rec.writes[0]
  if (!target) return args
  const row: StoredRow | undefined = await db.storedRows(target.table).get(target.id)
  return row ? { ...args, baseVersion: row.version } : args
}
