/**
 * The mutators' Store (shared/mutations/store.ts) on SQL, inside the push transaction of one mutation.
 *
 * Rows are stored as `id, version, deleted, customer_id, data` where `data` is the row's JSON minus the three
 * server-owned fields: the mutators stay the only source of truth for shapes, and one SQL serves both dialects.
 * Every write of one mutation is stamped with one new version from the global counter, taken at the first write.
 * `customer_id` (the scope of P6) is derived from the row: the customer itself, or its `customerId`.
 */
import { sql, type Kysely, type RawBuilder, type Transaction } from 'kysely'
import type { StoredRow, Store, TableName } from '@shared/mutations/store'
import { MutationRejection } from '@shared/mutations/errors'
import type { DialectName } from '../db/dialect'
import type { Database, EntityTable } from '../db/schema'
import { sqlEntityTables, sqlTable, type SqlEntityTable } from '../db/tables'
import { run, runRows, statement, type Statement } from '../db/statements'
import type { Principal } from '../auth/principal'

const fieldName = /^[A-Za-z_][A-Za-z0-9_]*$/

/** `data` as JSON text on both dialects (PostgreSQL's driver would otherwise parse jsonb for us, twice the work). */
export function dataText(dialect: DialectName): RawBuilder<string> {
  return dialect === 'postgres' ? sql<string>`data::text` : sql<string>`data`
}

export function rowFrom(r: { id: string; version: number; deleted: number; data: string }): StoredRow {
  return {
    ...(JSON.parse(r.data) as Record<string, unknown>),
    id: r.id,
    version: Number(r.version),
    deleted: r.deleted === 1,
  }
}

interface RawRow {
  id: string
  version: number
  deleted: number
  data: string
}

/** The hot-path statements per table (see db/statements.ts): built once. */
const hotStatements = new Map<TableName, { get: Statement; upsert: Statement }>()
function hot(table: TableName): { get: Statement; upsert: Statement } {
  let s = hotStatements.get(table)
  if (!s) {
    const t = sqlTable(table)
    s = {
      // data::text on PostgreSQL: the JSON text as stored, parsed once by rowFrom instead of by the driver
      get: {
        sqlite: `select id, version, deleted, data from ${t} where id = ?`,
        postgres: `select id, version, deleted, data::text as data from ${t} where id = $1`,
      },
      upsert: statement(
        `insert into ${t} (id, version, deleted, customer_id, data) values (?, ?, ?, ?, ?) ` +
          'on conflict (id) do update set version = excluded.version, deleted = excluded.deleted, customer_id = excluded.customer_id, data = excluded.data',
      ),
    }
    hotStatements.set(table, s)
  }
  return s
}
const customerTeam = statement('select team_id from customers where id = ?')
/** the global version counter (db/version.ts explains why this is gap-free and ordered) */
const bumpVersion = statement('update meta set version = version + 1 where id = 1 returning version')

function scopeOf(table: TableName, row: StoredRow): string | null {
  if (table === 'customers') return row.id
  return typeof row.customerId === 'string' ? row.customerId : null
}

export interface SqlStoreOptions {
  dialect: DialectName
  /** who runs the mutation; undefined for trusted server-side loads (demo, import) */
  principal?: Principal
  /**
   * Where the next version comes from. Default: advance `meta.version` with one statement. A push batch passes
   * its own allocator (BatchVersions) that counts in memory under the lock it already holds.
   */
  versions?: VersionAllocator
}

export interface VersionAllocator {
  next(): Promise<number>
}

/**
 * Versions for a whole push batch: read once when the batch's transaction takes the write lock, counted in
 * memory, written back once before commit. Correct because nothing else can advance the counter while the
 * transaction holds the lock (BEGIN IMMEDIATE on SQLite, the meta row lock on PostgreSQL); one statement per
 * batch instead of one per mutation (a round trip each on PostgreSQL).
 */
export class BatchVersions implements VersionAllocator {
  private current: number
  constructor(private readonly start: number) {
    this.current = start
  }
  async next(): Promise<number> {
    return ++this.current
  }
  /** the last version taken (or the counter at the start) */
  get latest(): number {
    return this.current
  }
  /** the counter's new value if this batch took any version */
  get changed(): number | undefined {
    return this.current === this.start ? undefined : this.current
  }
}

export class SqlStore implements Store {
  private version: number | undefined
  /** customers whose rows this mutation wrote (for pokes); null = an organisation-wide row */
  readonly touchedCustomers = new Set<string | null>()
  /** teams that lost or gained a customer in this mutation (both sides get a poke) */
  readonly touchedTeams = new Set<string>()

  constructor(
    private readonly trx: Transaction<Database> | Kysely<Database>,
    private readonly options: SqlStoreOptions,
  ) {}

  /** the version this mutation's writes carry, or undefined if it wrote nothing */
  get writtenVersion(): number | undefined {
    return this.version
  }

  private async stamp(): Promise<number> {
    if (this.version === undefined && this.options.versions) this.version = await this.options.versions.next()
    if (this.version === undefined) {
      const [row] = await runRows<{ version: number }>(this.trx, this.options.dialect, bumpVersion, [])
      if (!row) throw new Error('meta row missing')
      this.version = Number(row.version)
    }
    return this.version
  }

  private table(table: TableName): SqlEntityTable {
    return sqlTable(table)
  }

  async get(table: TableName, id: string): Promise<StoredRow | undefined> {
    const [r] = await runRows<RawRow>(this.trx, this.options.dialect, hot(table).get, [id])
    return r ? rowFrom(r) : undefined
  }

  /**
   * Defence in depth for P6: applyMutation already checks scope, but the store refuses to write a row of a
   * customer outside an engineer's teams whatever a mutator does.
   */
  private async checkScope(table: TableName, row: StoredRow, customerId: string | null): Promise<void> {
    const p = this.options.principal
    if (!p || p.role === 'admin' || customerId === null) return
    const forbidden = (): never => {
      throw new MutationRejection(
        'forbidden',
        "This customer belongs to another team: you can't change its records.",
      )
    }
    const [current] = await runRows<{ team_id: string | null }>(
      this.trx,
      this.options.dialect,
      customerTeam,
      [customerId],
    )
    if (current && (current.team_id === null || !p.teamIds.includes(current.team_id))) forbidden()
    if (table === 'customers' && (typeof row.teamId !== 'string' || !p.teamIds.includes(row.teamId)))
      forbidden()
  }

  /**
   * Writes wait here until the mutation is known to be applied (`writeBuffered`): every check that can refuse
   * it (the scope check above) runs at put/delete time, before anything is written, so a refused mutation
   * leaves nothing behind without a savepoint (two round trips per mutation saved on PostgreSQL).
   */
  private pending: Array<() => Promise<void>> = []

  /** applies the buffered writes in order, stamping them with this mutation's version */
  async writeBuffered(): Promise<void> {
    const ops = this.pending
    this.pending = []
    for (const op of ops) await op()
  }

  async put(table: TableName, row: StoredRow): Promise<void> {
    const customerId = scopeOf(table, row)
    await this.checkScope(table, row, customerId)
    const copy = JSON.parse(JSON.stringify(row)) as StoredRow
    this.pending.push(() => this.write(table, copy, customerId))
  }

  private async write(table: TableName, row: StoredRow, customerId: string | null): Promise<void> {
    const version = await this.stamp()
    const { id, version: _v, deleted, ...rest } = row
    const values: EntityTable = {
      id,
      version,
      deleted: deleted ? 1 : 0,
      customer_id: customerId,
      data: JSON.stringify(rest),
    }
    this.touchedCustomers.add(customerId)
    if (table === 'customers') {
      const teamId = typeof row.teamId === 'string' ? row.teamId : null
      await this.moveCustomer(id, teamId, version)
      await this.trx
        .insertInto('customers')
        .values({ ...values, team_id: teamId })
        .onConflict((oc) =>
          oc.column('id').doUpdateSet({
            version,
            deleted: values.deleted,
            customer_id: customerId,
            data: values.data,
            team_id: teamId,
          }),
        )
        .execute()
      return
    }
    await run(this.trx, this.options.dialect, hot(table).upsert, [
      id,
      version,
      values.deleted,
      customerId,
      values.data,
    ])
  }

  /**
   * A customer that changes team takes its rows along: they are re-stamped with this version so the new team
   * pulls them as added rows, and a scope_moves entry tells pulls of the old team's members to purge them.
   */
  private async moveCustomer(customerId: string, teamId: string | null, version: number): Promise<void> {
    const [before] = await runRows<{ team_id: string | null }>(this.trx, this.options.dialect, customerTeam, [
      customerId,
    ])
    if (before && before.team_id !== null) this.touchedTeams.add(before.team_id)
    if (teamId !== null) this.touchedTeams.add(teamId)
    if (!before || before.team_id === teamId) return
    await this.trx
      .insertInto('scope_moves')
      .values({ version, customer_id: customerId, from_team: before.team_id, to_team: teamId })
      .execute()
    for (const t of sqlEntityTables) {
      await this.trx
        .updateTable(t as 'contacts')
        .set({ version })
        .where('customer_id', '=', customerId)
        .execute()
    }
  }

  async delete(table: TableName, id: string): Promise<void> {
    const existing = await this.trx
      .selectFrom(this.table(table) as 'contacts')
      .select(['customer_id', 'deleted'])
      .where('id', '=', id)
      .executeTakeFirst()
    if (!existing) return
    await this.checkScope(table, { id, version: 0, deleted: true }, existing.customer_id)
    this.pending.push(async () => {
      const version = await this.stamp()
      this.touchedCustomers.add(existing.customer_id)
      await this.trx
        .updateTable(this.table(table) as 'contacts')
        .set({ deleted: 1, version })
        .where('id', '=', id)
        .execute()
    })
  }

  async query(
    table: TableName,
    field: string,
    value: string | number | boolean | null,
  ): Promise<StoredRow[]> {
    if (!fieldName.test(field)) throw new Error(`query: bad field name ${field}`)
    const match = this.options.dialect === 'postgres' ? pgMatch(field, value) : sqliteMatch(field, value)
    const rows = await this.trx
      .selectFrom(this.table(table) as 'contacts')
      .select(['id', 'version', 'deleted', dataText(this.options.dialect).as('data')])
      .where('deleted', '=', 0)
      .where(match)
      .orderBy('id')
      .execute()
    return rows.map(rowFrom)
  }
}

/** PostgreSQL: containment, served by the table's GIN (jsonb_path_ops) index for every field. */
function pgMatch(field: string, value: string | number | boolean | null): RawBuilder<boolean> {
  if (value === null) return sql<boolean>`(data -> ${field} is null or data -> ${field} = 'null'::jsonb)`
  return sql<boolean>`data @> ${JSON.stringify({ [field]: value })}::jsonb`
}

/**
 * SQLite: json_extract with the path as a literal, so the expression indexes of migration 0002 apply.
 * JSON true/false come back as 1/0; a missing field and JSON null both come back as NULL (as the mutators'
 * sameValue treats them).
 */
function sqliteMatch(field: string, value: string | number | boolean | null): RawBuilder<boolean> {
  const extracted = sql`json_extract(data, ${sql.lit(`$.${field}`)})`
  if (value === null) return sql<boolean>`${extracted} is null`
  if (typeof value === 'boolean')
    return sql<boolean>`(${extracted} = ${value ? 1 : 0} and json_type(data, ${sql.lit(`$.${field}`)}) = ${value ? 'true' : 'false'})`
  // a string never equals a number here: SQLite does not coerce between expressions without affinity
  return sql<boolean>`${extracted} = ${value}`
}
