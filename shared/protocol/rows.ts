/**
 * How a synced row is named: by its table and id (a `RowRef`), and as one string (`rowKey`) for sets and maps.
 */
import { z } from 'zod'
import { syncedTables, type TableName } from '../mutations/store'

export const tableNameSchema = z.enum(syncedTables)

/** One synced row: what a mutation wrote, what a pull change names. */
export const rowRefSchema = z.object({ table: tableNameSchema, id: z.string() })
export type RowRef = z.infer<typeof rowRefSchema>

/**
 * `table` NUL `id`: NUL is in no table name and no id, so the key splits back unambiguously. This format is
 * stored in IndexedDB (the `known` and `missing` lists of the server-reset record), so it must never change: a
 * new format would make existing users' stored lists unreadable.
 */
export function rowKey(table: TableName, id: string): string {
  return `${table}\u0000${id}`
}

/** The row a `rowKey` names; throws on a string `rowKey` did not make. */
export function parseRowKey(key: string): RowRef {
  const at = key.indexOf('\u0000')
  const parsed = rowRefSchema.safeParse({ table: key.slice(0, at), id: key.slice(at + 1) })
  if (at < 0 || !parsed.success) throw new Error(`not a row key: ${JSON.stringify(key)}`)
  return parsed.data
}
