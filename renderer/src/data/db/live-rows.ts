/**
 * Reading synced rows as the screens show them: without tombstones. A deleted row stays in its table with
 * `deleted: true` (the server sends the tombstone, design/sync.md), so every read that lists rows to a user
 * goes through here rather than filtering `deleted` by hand.
 *
 * The query's own `toArray` reads, and the tombstones are dropped after: a Dexie `filter()` would turn
 * IndexedDB's one `getAll` into a cursor walk, many times slower on a large table.
 */
import type { Collection, Table } from 'dexie'
import type { TableRow } from '@shared/mutations/rows'
import type { TableName } from '@shared/mutations/store'
import type { CaseloadTables } from './database'

/** the database or one transaction's tables: both hand out typed tables */
export type RowSource = Pick<CaseloadTables, 'rows'>

/** A row that is here and not a tombstone (`undefined` is what a `get` or `bulkGet` that found nothing gives). */
export function isLive<R extends { id: string; deleted?: boolean }>(row: R | undefined): row is R {
  return row !== undefined && !row.deleted
}

/** The rows that are not tombstones; the `undefined` of a `bulkGet` that found nothing is dropped too. */
export function withoutTombstones<R extends { id: string; deleted?: boolean }>(
  rows: readonly (R | undefined)[],
): R[] {
  return rows.filter(isLive)
}

/**
 * The live rows of `table`: all of them, or those `query` picks through an index, e.g.
 * `liveRows(db, 'contacts', (t) => t.where('customerId').equals(id))`.
 */
export async function liveRows<T extends TableName>(
  db: RowSource,
  table: T,
  query?: (rows: Table<TableRow<T>, string>) => Collection<TableRow<T>, string>,
): Promise<TableRow<T>[]> {
  const rows = db.rows(table)
  return withoutTombstones(await (query ? query(rows) : rows).toArray())
}

/** The row `id` of `table`, or undefined when there is none here or it is a tombstone. */
export async function liveRow<T extends TableName>(
  db: RowSource,
  table: T,
  id: string,
): Promise<TableRow<T> | undefined> {
  const row = await db.rows(table).get(id)
  return isLive(row) ? row : undefined
}
