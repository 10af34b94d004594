/**
 * A Map-based Store: the reference implementation the mutator suite runs against in vitest, and a stand-in for
 * the server (version stamping on) or for a client (stamping off) in simulations.
 */
import type { StoredRow, Store, TableName, UserFacts } from './store'
import { syncedTables } from './store'
import { cloneRow, sameValue } from './values'

export interface MemoryStoreOptions {
  /** stamp `version` from one counter on every put/delete, like the server (default true) */
  stampVersions?: boolean
  /** the users it knows, like the server's users table; without it the store can't tell (like a client's) */
  users?: readonly UserFacts[]
}

export class MemoryStore implements Store {
  private readonly tables = new Map<TableName, Map<string, StoredRow>>()
  private readonly stamp: boolean
  private counter = 0
  private readonly users: Map<string, UserFacts> | undefined

  constructor(options: MemoryStoreOptions = {}) {
    this.stamp = options.stampVersions ?? true
    this.users = options.users ? new Map(options.users.map((u) => [u.id, u])) : undefined
    // a store without users leaves the method out, as a client's store does
    if (!this.users) this.user = undefined
    for (const t of syncedTables) this.tables.set(t, new Map())
  }

  private table(name: TableName): Map<string, StoredRow> {
    const t = this.tables.get(name)
    if (!t) throw new Error(`unknown table ${name}`)
    return t
  }

  /** the last version stamped (0 before any write) */
  get version(): number {
    return this.counter
  }

  async get(table: TableName, id: string): Promise<StoredRow | undefined> {
    const row = this.table(table).get(id)
    return row ? cloneRow(row) : undefined
  }

  async put(table: TableName, row: StoredRow): Promise<void> {
    const copy = cloneRow(row)
    if (this.stamp) copy.version = ++this.counter
    this.table(table).set(row.id, copy)
  }

  async delete(table: TableName, id: string): Promise<void> {
    const t = this.table(table)
    const row = t.get(id)
    if (!row) return
    t.set(id, { ...row, deleted: true, version: this.stamp ? ++this.counter : row.version })
  }

  async query(
    table: TableName,
    field: string,
    value: string | number | boolean | null,
  ): Promise<StoredRow[]> {
    const out: StoredRow[] = []
    for (const row of this.table(table).values()) {
      if (!row.deleted && sameValue(row[field], value)) out.push(cloneRow(row))
    }
    return out
  }

  user?: (id: string) => Promise<UserFacts | null> = async (id) => {
    const u = this.users?.get(id)
    return u ? { ...u, teamIds: [...u.teamIds] } : null
  }

  /** every row of a table, tombstones included, ordered by id (for tests and simulations) */
  rows(table: TableName): StoredRow[] {
    return [...this.table(table).values()]
      .sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0))
      .map((r) => cloneRow(r))
  }

  /** a deep copy of every table, for comparing states */
  snapshot(): Record<TableName, StoredRow[]> {
    const out = {} as Record<TableName, StoredRow[]>
    for (const t of syncedTables) out[t] = this.rows(t)
    return out
  }

  /** writes rows as they are (version included), bypassing stamping: for seeding tests */
  seed(table: TableName, rows: StoredRow[]): void {
    for (const row of rows) {
      this.counter = Math.max(this.counter, row.version)
      this.table(table).set(row.id, cloneRow(row))
    }
  }
}
