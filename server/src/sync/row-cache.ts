/**
 * Rows a push batch will read, fetched in one round trip before it runs (PostgreSQL). Every `Store.get` of a
 * mutation was its own round trip, two or three per mutation, and on PostgreSQL those round trips were most of a
 * push's time. The ids a batch's mutations name in their args are the rows their mutators get: they are read up
 * front with one statement over every table, and the SqlStore answers those gets from here.
 *
 * Sound because nothing else changes these tables while the batch runs: every writer of synced rows (pushes,
 * trusted loads) first locks the version counter's row, which this batch holds. The batch's own writes keep the
 * cache current (`written`, `tombstoned`); a customer moving team re-stamps all its rows, so it empties the cache.
 */
import type { TableName } from '@shared/mutations/store'
import { rowKey } from '@shared/protocol/rows'
import type { DialectName } from '../db/dialect'
import { runRows, type QueryRunner, type Statement } from '../db/statements'
import { sqlTable, syncedTables } from '../db/tables'

export interface RawRow {
  id: string
  version: number
  deleted: number
  data: string
}

const uuidPattern = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i
/** a bound on one statement's parameter: a batch naming more ids reads the rest one by one */
const maxIds = 5000

/** Every id-shaped string anywhere in the args (the ids a mutator will look up), at most maxIds. */
export function idsNamedIn(args: readonly unknown[]): string[] {
  const ids = new Set<string>()
  const visit = (value: unknown): void => {
    if (ids.size >= maxIds) return
    if (typeof value === 'string') {
      if (uuidPattern.test(value)) ids.add(value)
    } else if (Array.isArray(value)) {
      for (const item of value) visit(item)
    } else if (value !== null && typeof value === 'object') {
      for (const item of Object.values(value)) visit(item)
    }
  }
  for (const a of args) visit(a)
  return [...ids]
}

/** One statement: the rows with these ids in every synced table (the id list is one array parameter). */
const prefetchStatement: Statement = {
  sqlite: '', // never run: prefetch is for PostgreSQL
  postgres: syncedTables
    .map(
      (table) =>
        `select '${table}' as t, id, version, deleted, data::text as data from ${sqlTable(table)} where id = any($1::text[])`,
    )
    .join(' union all '),
}

export class RowCache {
  /** table + id → the stored row, or null: known not to exist. Ids outside the prefetched set are not here. */
  private readonly rows = new Map<string, RawRow | null>()

  /** The rows of `ids` in every table; an id found in no table is remembered as absent from all of them. */
  static async prefetch(runner: QueryRunner, dialect: DialectName, ids: string[]): Promise<RowCache> {
    // SQLite runs in-process: reading each row when asked is cheaper there than one read over every table
    if (dialect !== 'postgres') throw new Error('RowCache.prefetch is for PostgreSQL only')
    const cache = new RowCache()
    if (ids.length === 0) return cache
    const found = await runRows<RawRow & { t: TableName }>(runner, dialect, prefetchStatement, [ids])
    for (const table of syncedTables) for (const id of ids) cache.rows.set(rowKey(table, id), null)
    for (const { t, ...row } of found)
      cache.rows.set(rowKey(t, row.id), { ...row, version: Number(row.version) })
    return cache
  }

  /** the row, null if known absent, undefined if this cache can't say (read it from the database) */
  lookup(table: TableName, id: string): RawRow | null | undefined {
    return this.rows.get(rowKey(table, id))
  }

  written(table: TableName, row: RawRow): void {
    this.rows.set(rowKey(table, row.id), row)
  }

  tombstoned(table: TableName, id: string, version: number): void {
    const row = this.rows.get(rowKey(table, id))
    if (row) this.rows.set(rowKey(table, id), { ...row, deleted: 1, version })
    // not cached: the next get reads it from the database
  }

  /** rows were re-stamped in bulk (a customer moved team): nothing here can be trusted any more */
  clear(): void {
    this.rows.clear()
  }
}
