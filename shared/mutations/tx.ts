/**
 * The unit of work one mutation runs in. It reads through to the Store, buffers every write, and only
 * `applyMutation` flushes the buffer, after the mutator finished without refusing: a rejected mutation writes
 * nothing ("nothing is half-written"), and each touched row is written once, with its final value.
 *
 * CONFLICT DESIGN (design/sync.md `conflict`, promise P3)
 * -------------------------------------------------------
 * Every row carries `fieldChanges: { [field]: { after, by } }`, written here whenever a field's value changes:
 *   - `after` is the row's `version` as it was when this mutation started, i.e. the version the change was made
 *     *on top of*. The server stamps the new version on `put`, so the change itself lands at a version > after.
 *   - `by` is the clientId of the mutation that made the change.
 * A field edit carries `baseVersion`, the row version the client saw. Row versions only grow, and the versions a
 * row has had are exactly the versions its changes landed at, so
 *       "the client had not seen this change"  <=>  version(change) > baseVersion  <=>  after >= baseVersion.
 * When a mutation edits a field whose value differs from the stored one and `fieldChanges[field]` says it was
 * changed at or after `baseVersion` by another client, the server keeps its value and the outcome lists the
 * conflict `{ table, id, field, serverValue, clientValue, serverChangedBy }`; the other fields of the mutation are
 * applied. The same client's own earlier edits never conflict with its later ones (its queued mutations all carry
 * the base it last pulled). The Store needs no cooperation: `fieldChanges` is an ordinary JSON field of the row,
 * and the store only has to stamp `version` on put, which it already does. Rows created in this mutation get no
 * `fieldChanges` entries: nobody can have seen an older version of them.
 *
 * IDEMPOTENT CREATES
 * ------------------
 * A created row records `origin` = "clientId#mid", the identity of the mutation that created it. Creating an id
 * that already exists is a replay (no write, the original outcome from the row) when the origin is the same or
 * the content is the same; otherwise it is rejected as `duplicate-id`.
 */
import { rowKey } from '../protocol/rows'
import type { AttachmentInfo, StoredRow, Store, TableName, UserFacts } from './store'
import type { FieldConflict, MutationContext, RowRef } from './types'
import { reject } from './errors'
import { derivedId } from './ids'
import { cloneRow, sameValue } from './values'

export interface FieldChange {
  /** the row version this change was made on top of */
  after: number
  /** the clientId whose mutation made it */
  by: string
}

/** The fields this module maintains on every row it writes. */
export interface RowMeta {
  fieldChanges?: Record<string, FieldChange>
  origin?: string
}

export type Row<T = object> = T & StoredRow & RowMeta

/** What scope functions may use: reads only. */
export interface Reader {
  get<T = object>(table: TableName, id: string): Promise<Row<T> | undefined>
  query<T = object>(table: TableName, field: string, value: string | number | boolean): Promise<Row<T>[]>
}

/**
 * A row touched by this mutation. `original` and `current` are never changed in place (a write replaces
 * `current` with a new object; nested values it did not change may be shared), so they may be the same object
 * until the first write; rows handed to mutators are always copies.
 */
interface Entry {
  table: TableName
  id: string
  /** as read from the store at first touch (undefined: never existed) */
  original: StoredRow | undefined
  current: StoredRow | undefined
  dirty: boolean
}

/** Fields a mutator never writes through `update`: owned by the store or by this module. */
const reservedFields = new Set(['id', 'version', 'deleted', 'fieldChanges', 'origin'])

export class Tx implements Reader {
  readonly conflicts: FieldConflict[] = []
  private readonly entries = new Map<string, Entry>()
  private derivedCount = 0

  constructor(
    private readonly store: Store,
    readonly ctx: MutationContext,
  ) {}

  get origin(): string {
    return `${this.ctx.clientId}#${this.ctx.mid}`
  }

  /** A fresh id for a side-effect row, stable for this mutation (see ids.ts). */
  newDerivedId(tag: string): string {
    return derivedId(`${this.origin}/${tag}/${this.derivedCount++}`)
  }

  private async entry(table: TableName, id: string): Promise<Entry> {
    const k = rowKey(table, id)
    let e = this.entries.get(k)
    if (!e) {
      // The store's row is ours (Store.get) and this class never changes a row object in place (every write
      // makes a new one), so the row read is both the snapshot and the current value: no copies on read.
      const stored = await this.store.get(table, id)
      e = { table, id, original: stored, current: stored, dirty: false }
      this.entries.set(k, e)
    }
    return e
  }

  /**
   * Whether the caller may see `row` (P6). An engineer sees rows of their teams' customers and rows that belong
   * to no customer (plans, calendars, shared articles); a row of another team's customer reads as if it did not
   * exist, through every read below: a caller outside the row's team gets the answer a made-up id gets
   * (`not-found`, same message, same field), never a "forbidden" that would tell them the row exists.
   */
  private async visible(table: TableName, row: StoredRow): Promise<boolean> {
    if (this.ctx.role === 'admin') return true
    let teamId: unknown
    if (table === 'customers') teamId = row['teamId']
    else if (typeof row['customerId'] === 'string')
      teamId = (await this.entry('customers', row['customerId'])).current?.['teamId']
    else return true
    return typeof teamId === 'string' && this.ctx.teamIds.includes(teamId)
  }

  /** the row as the caller may see it: undefined if it does not exist or is outside the caller's teams */
  private async seen(e: Entry): Promise<StoredRow | undefined> {
    return e.current && (await this.visible(e.table, e.current)) ? e.current : undefined
  }

  /** The row, including a tombstone. */
  async get<T = object>(table: TableName, id: string): Promise<Row<T> | undefined> {
    const row = await this.seen(await this.entry(table, id))
    return row ? (cloneRow(row) as Row<T>) : undefined
  }

  /** The live row or undefined. */
  async live<T = object>(table: TableName, id: string): Promise<Row<T> | undefined> {
    const row = await this.get<T>(table, id)
    return row && !row.deleted ? row : undefined
  }

  /** The live row, or a `not-found` rejection naming `field` (e.g. `args.incidentId`). */
  async require<T = object>(table: TableName, id: string, field: string, what = 'record'): Promise<Row<T>> {
    const row = await this.live<T>(table, id)
    if (!row) reject('not-found', `No ${what} with id ${id}.`, field)
    return row
  }

  /** The user `id` (null: no such user), or undefined when this store can't tell (a client's). */
  async user(id: string): Promise<UserFacts | null | undefined> {
    return this.store.user ? this.store.user(id) : undefined
  }

  /** Live rows whose `field` equals `value`, this mutation's own writes included, ordered by id. */
  async query<T = object>(
    table: TableName,
    field: string,
    value: string | number | boolean,
  ): Promise<Row<T>[]> {
    const found = new Map<string, StoredRow>()
    for (const row of await this.store.query(table, field, value)) {
      const k = rowKey(table, row.id)
      if (!this.entries.has(k)) {
        this.entries.set(k, { table, id: row.id, original: row, current: row, dirty: false })
      }
    }
    for (const e of this.entries.values()) {
      if (e.table !== table || !e.current || e.current.deleted) continue
      if (sameValue(e.current[field], value) && (await this.visible(table, e.current)))
        found.set(e.id, e.current)
    }
    return [...found.values()]
      .sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0))
      .map((r) => cloneRow(r) as Row<T>)
  }

  /**
   * The uploads `ids` name, in order (undefined for one never uploaded), or undefined if this store cannot say
   * (a client's provisional run: see Store.attachment).
   */
  async attachments(ids: readonly string[]): Promise<Array<AttachmentInfo | undefined> | undefined> {
    const store = this.store
    if (!store.attachment) return undefined
    return Promise.all(ids.map((id) => store.attachment!(id)))
  }

  /**
   * Before creating `id`: undefined if it is free; the existing row if this is a replay (same origin, or same
   * content for every field of `sameAs`); a `duplicate-id` rejection otherwise.
   */
  async replayOf<T = object>(
    table: TableName,
    id: string,
    sameAs: Record<string, unknown> = {},
    field = 'args.id',
  ): Promise<Row<T> | undefined> {
    const stored = (await this.entry(table, id)).current
    // Ids are global, so a create can't reuse the id of a row the caller may not see; it is refused like any
    // taken id, and never treated as a replay (that would tell whether the hidden row has the same content).
    if (stored && !(await this.visible(table, stored)))
      reject('duplicate-id', `Another ${table} record already has the id ${id}.`, field)
    const existing = await this.get<T>(table, id)
    if (!existing) return undefined
    if (existing.origin === this.origin) return existing
    const same = Object.entries(sameAs).every(([k, v]) => sameValue((existing as StoredRow)[k], v))
    if (same && Object.keys(sameAs).length > 0) return existing
    reject('duplicate-id', `Another ${table} record already has the id ${id}.`, field)
  }

  /** Writes a new row. Callers check `replayOf` first; inserting over a live row is a programming error. */
  async insert<T extends object>(table: TableName, row: T & { id: string }): Promise<Row<T>> {
    const e = await this.entry(table, row.id)
    if (e.current && e.current.origin !== this.origin) {
      reject('duplicate-id', `Another ${table} record already has the id ${row.id}.`, 'args.id')
    }
    const stored: StoredRow = {
      ...cloneRow(row),
      id: row.id,
      version: e.original?.version ?? 0,
      deleted: false,
      origin: this.origin,
    }
    e.current = stored
    e.dirty = true
    return cloneRow(stored) as Row<T>
  }

  /**
   * Writes the fields of `patch` to a live row, recording each real change in `fieldChanges`. With
   * `baseVersion`, a field changed by another client since that version keeps the server's value and is listed in
   * `conflicts` (see the comment at the top). Returns the row as it now is.
   */
  async update<T extends object = object>(
    table: TableName,
    id: string,
    patch: Record<string, unknown>,
    opts: { baseVersion?: number | undefined } = {},
  ): Promise<Row<T>> {
    const e = await this.entry(table, id)
    const seen = await this.seen(e)
    if (!e.current || !seen || e.current.deleted) reject('not-found', `No ${table} record with id ${id}.`)
    const next: StoredRow = { ...e.current }
    const changes: Record<string, FieldChange> = {
      ...((e.current.fieldChanges as Record<string, FieldChange>) ?? {}),
    }
    const createdHere = !e.original || e.original.deleted
    let changed = false
    for (const [field, value] of Object.entries(patch)) {
      if (reservedFields.has(field)) throw new Error(`mutators may not write ${field}`)
      if (sameValue(next[field], value)) continue
      const last = changes[field]
      if (
        opts.baseVersion !== undefined &&
        last !== undefined &&
        last.after >= opts.baseVersion &&
        last.by !== this.ctx.clientId
      ) {
        this.conflicts.push({
          table,
          id,
          field,
          serverValue: cloneRow(next[field] ?? null),
          clientValue: cloneRow(value ?? null),
          serverChangedBy: last.by,
        })
        continue
      }
      next[field] = value === undefined ? null : cloneRow(value)
      if (!createdHere) changes[field] = { after: e.original?.version ?? 0, by: this.ctx.clientId }
      changed = true
    }
    if (changed) {
      if (Object.keys(changes).length > 0) next.fieldChanges = changes
      e.current = next
      e.dirty = true
    }
    return cloneRow(e.current) as Row<T>
  }

  /** Tombstones a live row (no-op if already deleted). */
  async remove(table: TableName, id: string): Promise<void> {
    const e = await this.entry(table, id)
    if (!e.current || e.current.deleted || !(await this.seen(e))) return
    e.current = { ...e.current, deleted: true }
    e.dirty = true
  }

  /** The rows this mutation would write (before flush). */
  pendingWrites(): RowRef[] {
    return this.changedEntries().map((e) => ({ table: e.table, id: e.id }))
  }

  private changedEntries(): Entry[] {
    return [...this.entries.values()].filter((e) => {
      if (!e.dirty || !e.current) return false
      if (!e.original) return !e.current.deleted
      return !sameValue(e.original, e.current)
    })
  }

  /** Writes every changed row to the store, in first-touched order. Called once, by `applyMutation`. */
  async flush(): Promise<RowRef[]> {
    const writes: RowRef[] = []
    for (const e of this.changedEntries()) {
      const row = e.current as StoredRow
      if (row.deleted && e.original && !e.original.deleted) {
        const { deleted: _d, ...rest } = row
        // fields changed before the delete in the same mutation are written first, then tombstoned
        if (!sameValue({ ...rest, deleted: false }, e.original))
          await this.store.put(e.table, { ...row, deleted: false })
        await this.store.delete(e.table, e.id)
      } else {
        // the store copies or serialises what it keeps (Store.put), and nothing changes the row after this
        await this.store.put(e.table, row)
      }
      writes.push({ table: e.table, id: e.id })
    }
    return writes
  }
}
