/**
 * The mutators' `Store` (shared/mutations/store.ts) on the Dexie database. It must run inside a Dexie
 * transaction that covers the synced tables (and `shadows` when tracking): the engine opens that transaction
 * and appends the outbox entry in it (P1).
 */
import type { Table } from 'dexie'
import type { Store, StoredRow, TableName } from '@shared/mutations/store'
import type { CaseloadDb } from './database'
import type { RowRef } from './types'

export interface DexieStoreOptions {
  /**
   * Keep the server value of every row before its first local write (the rebase shadow, design/sync.md
   * "Rebase on the client"). On for optimistic runs and replays, off for plain tests of the Store.
   */
  trackShadows?: boolean
}

type Key = string | number

function isIndexable(value: unknown): value is Key {
  return typeof value === 'string' || (typeof value === 'number' && !Number.isNaN(value))
}

function sameScalar(a: unknown, b: unknown): boolean {
  // a SQL store cannot tell a missing column from NULL; neither can we (shared/mutations/values.ts)
  if (b === null || b === undefined) return a === null || a === undefined
  return a === b
}

export class DexieStore implements Store {
  /** every row written through this store, in first-write order */
  readonly writes: RowRef[] = []
  private readonly written = new Set<string>()

  constructor(
    readonly db: CaseloadDb,
    private readonly options: DexieStoreOptions = {},
  ) {}

  async get(table: TableName, id: string): Promise<StoredRow | undefined> {
    const row = await this.db.rows(table).get(id)
    return row === undefined ? undefined : structuredClone(row)
  }

  async put(table: TableName, row: StoredRow): Promise<void> {
    await this.beforeWrite(table, row.id)
    await this.db.rows(table).put(structuredClone(row))
  }

  async delete(table: TableName, id: string): Promise<void> {
    const existing = await this.db.rows(table).get(id)
    if (existing === undefined || existing.deleted) return
    await this.beforeWrite(table, id)
    await this.db.rows(table).put({ ...existing, deleted: true })
  }

  async query(table: TableName, field: string, value: string | number | boolean | null): Promise<StoredRow[]> {
    const t: Table<StoredRow, string> = this.db.rows(table)
    let rows: StoredRow[]
    if (field === 'id' && typeof value === 'string') {
      const row = await t.get(value)
      rows = row ? [row] : []
    } else if (isIndexable(value) && t.schema.idxByName[field] !== undefined) {
      rows = await t.where(field).equals(value).toArray()
    } else {
      rows = await t.filter((row) => sameScalar(row[field], value)).toArray()
    }
    return rows.filter((row) => !row.deleted).map((row) => structuredClone(row))
  }

  private async beforeWrite(table: TableName, id: string): Promise<void> {
    const key = `${table}\u0000${id}`
    if (!this.written.has(key)) {
      this.written.add(key)
      this.writes.push({ table, id })
    }
    if (!this.options.trackShadows) return
    const shadow = await this.db.shadows.get([table, id])
    if (shadow !== undefined) return
    // first pending write to this row: what the table holds now is the server's value
    const current = await this.db.rows(table).get(id)
    await this.db.shadows.put({ table, id, row: current ?? null })
  }
}
