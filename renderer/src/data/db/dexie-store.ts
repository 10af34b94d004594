/**
 * The mutators' `Store` (shared/mutations/store.ts) on the Dexie database. The engine runs it inside ONE Dexie
 * transaction that also appends the outbox entry (P1), and passes that transaction in `options.transaction`.
 *
 * Why the transaction is passed explicitly: Dexie finds "the current transaction" through its zone (PSD), which
 * survives native `await`s only by a heuristic ("zone echoes", granted when the transaction's body is a native
 * `async` function and renewed at each awaited Dexie promise). `applyMutation` awaits native promises before its
 * first store call (`await mutator.scope(…)`, `await checkScope(…)`, nested async helpers), so with a body that
 * is not itself `async`, or a long enough chain of native awaits, the zone is gone by the time the mutator reads:
 * `db.table(…)` then opens its own implicit transaction per call (outside the one that holds the outbox entry:
 * P1 broken), the explicit transaction sees no request, auto-commits, and Dexie reports PrematureCommitError.
 * A table taken from the Transaction object (`tx.table(name)`) is bound to it whatever the zone, so every read
 * and write here lands in the caller's transaction, or fails loudly if that transaction is already over.
 */
import type { Table, Transaction } from 'dexie'
import type { Store, StoredRow, TableName } from '@shared/mutations/store'
import { rowKey } from '@shared/protocol'
import type { CaseloadDb } from './database'
import type { RowRef, ShadowRow } from './types'

export interface DexieStoreOptions {
  /**
   * Keep the server value of every row before its first local write (the rebase shadow, design/sync.md
   * "Rebase on the client"). On for optimistic runs and replays, off for plain tests of the Store.
   */
  trackShadows?: boolean
  /** the transaction every call runs in (zone-independent); without it, the ambient Dexie transaction or none */
  transaction?: Transaction
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

  private table(name: TableName): Table<StoredRow, string> {
    const tx = this.options.transaction
    return tx ? tx.table<StoredRow, string>(name) : this.db.storedRows(name)
  }

  private shadows(): Table<ShadowRow, [string, string]> {
    const tx = this.options.transaction
    return tx ? tx.table<ShadowRow, [string, string]>('shadows') : this.db.shadows
  }

  async get(table: TableName, id: string): Promise<StoredRow | undefined> {
    const row = await this.table(table).get(id)
    return row === undefined ? undefined : structuredClone(row)
  }

  async put(table: TableName, row: StoredRow): Promise<void> {
    await this.beforeWrite(table, row.id)
    await this.table(table).put(structuredClone(row))
  }

  async delete(table: TableName, id: string): Promise<void> {
    const existing = await this.table(table).get(id)
    if (existing === undefined || existing.deleted) return
    await this.beforeWrite(table, id)
    await this.table(table).put({ ...existing, deleted: true })
  }

  async query(
    table: TableName,
    field: string,
    value: string | number | boolean | null,
  ): Promise<StoredRow[]> {
    const t: Table<StoredRow, string> = this.table(table)
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
    const key = rowKey(table, id)
    if (!this.written.has(key)) {
      this.written.add(key)
      this.writes.push({ table, id })
    }
    if (!this.options.trackShadows) return
    const shadows = this.shadows()
    const shadow = await shadows.get([table, id])
    if (shadow !== undefined) return
    // first pending write to this row: what the table holds now is the server's value
    const current = await this.table(table).get(id)
    await shadows.put({ table, id, row: current ?? null })
  }
}
