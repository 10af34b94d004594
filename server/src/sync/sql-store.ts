/**
 * The mutators' Store (shared/mutations/store.ts) on SQL, inside the push transaction of one mutation.
 *
 * Rows are stored as `id, version, deleted, customer_id, data` where `data` is the row's JSON minus the three
 * server-owned fields: the mutators stay the only source of truth for shapes, and one SQL serves both dialects.
 * Every write of one mutation is stamped with one new version from the global counter, taken at the first write.
 * `customer_id` (the scope of P6) is derived from the row: the customer itself, or its `customerId`.
 */
import { sql, type Kysely, type RawBuilder, type Transaction } from 'kysely'
import type { AttachmentInfo, StoredRow, Store, TableName, UserFacts } from '@shared/mutations/store'
import { MutationRejection } from '@shared/mutations/errors'
import type { DialectName } from '../db/dialect'
import type { Database } from '../db/schema'
import { sqlEntityTables, sqlTable, type SqlEntityTable } from '../db/tables'
import { pgLookupFields } from '../db/migrations/0008_pg_lookup_indexes'
import { prepared, run, runRows, statement, type QueryRunner, type Statement } from '../db/statements'
import type { Principal } from '../auth/principal'
import type { RawRow, RowCache } from './row-cache'

const fieldName = /^[A-Za-z_][A-Za-z0-9_]*$/

/** `data` as JSON text on both dialects (PostgreSQL's driver would otherwise parse jsonb for us, twice the work). */
export function dataText(dialect: DialectName): RawBuilder<string> {
  return dialect === 'postgres' ? sql<string>`data::text` : sql<string>`data`
}

export function rowFrom(r: { id: string; version: number; deleted: number; data: string }): StoredRow {
  // the parsed object is fresh: set the server-owned fields on it instead of copying it (same key order:
  // `data` never holds them)
  const row = JSON.parse(r.data) as StoredRow
  row.id = r.id
  row.version = Number(r.version)
  row.deleted = r.deleted === 1
  return row
}

/** The hot-path statements per table (see db/statements.ts): built once. */
interface HotStatements {
  get: Statement
  upsert: Statement
  owner: Statement
  tombstone: Statement
}
const hotStatements = new Map<TableName, HotStatements>()
function hot(table: TableName): HotStatements {
  let s = hotStatements.get(table)
  if (!s) {
    const t = sqlTable(table)
    s = {
      // data::text on PostgreSQL: the JSON text as stored, parsed once by rowFrom instead of by the driver
      get: prepared({
        sqlite: `select id, version, deleted, data from ${t} where id = ?`,
        postgres: `select id, version, deleted, data::text as data from ${t} where id = $1`,
      }),
      upsert: statement(
        `insert into ${t} (id, version, deleted, customer_id, data) values (?, ?, ?, ?, ?) ` +
          'on conflict (id) do update set version = excluded.version, deleted = excluded.deleted, customer_id = excluded.customer_id, data = excluded.data',
      ),
      owner: statement(`select customer_id, deleted from ${t} where id = ?`),
      tombstone: statement(`update ${t} set deleted = 1, version = ? where id = ?`),
    }
    hotStatements.set(table, s)
  }
  return s
}
const customerTeam = statement('select team_id from customers where id = ?')
/** a user and their teams (one row per team, one with a null team when they have none) */
const userWithTeams = statement(
  'select u.role, u.disabled, ut.team_id from users u left join user_teams ut on ut.user_id = u.id where u.id = ?',
)
/** customers carry their team in a column of their own (pulls and scope checks filter on it) */
const upsertCustomer = statement(
  'insert into customers (id, version, deleted, customer_id, data, team_id) values (?, ?, ?, ?, ?, ?) ' +
    'on conflict (id) do update set version = excluded.version, deleted = excluded.deleted, ' +
    'customer_id = excluded.customer_id, data = excluded.data, team_id = excluded.team_id',
)
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
  /**
   * What runs the hand-written hot statements (get, upsert, scope and version lookups): by default the
   * transaction itself; a push on SQLite passes the connection's direct runner (db/statements.ts sqliteRunner),
   * which runs them inside the same transaction without Kysely's per-query overhead.
   */
  runner?: QueryRunner
  /** rows the batch read up front (PostgreSQL pushes, row-cache.ts): gets of those ids skip the database */
  rowCache?: RowCache
  /**
   * users already read in this transaction (a batch assigning 50 incidents to one colleague reads them once);
   * nothing in a push changes users, so the answer holds for the whole transaction
   */
  users?: Map<string, Promise<UserFacts | null>>
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

  private readonly runner: QueryRunner

  constructor(
    private readonly trx: Transaction<Database> | Kysely<Database>,
    private readonly options: SqlStoreOptions,
  ) {
    this.runner = options.runner ?? trx
  }

  /** the version this mutation's writes carry, or undefined if it wrote nothing */
  get writtenVersion(): number | undefined {
    return this.version
  }

  private async stamp(): Promise<number> {
    if (this.version === undefined && this.options.versions) this.version = await this.options.versions.next()
    if (this.version === undefined) {
      const [row] = await runRows<{ version: number }>(this.runner, this.options.dialect, bumpVersion, [])
      if (!row) throw new Error('meta row missing')
      this.version = Number(row.version)
    }
    return this.version
  }

  private table(table: TableName): SqlEntityTable {
    return sqlTable(table)
  }

  /** an upload (server/src/attachments), read in this transaction; comments check theirs here */
  async attachment(id: string): Promise<AttachmentInfo | undefined> {
    const row = await this.trx
      .selectFrom('attachments')
      .select(['id', 'customer_id', 'file_name', 'media_type', 'size'])
      .where('id', '=', id)
      .executeTakeFirst()
    return row
      ? {
          id: row.id,
          customerId: row.customer_id,
          fileName: row.file_name,
          mediaType: row.media_type,
          size: Number(row.size),
        }
      : undefined
  }

  async get(table: TableName, id: string): Promise<StoredRow | undefined> {
    const cached = this.options.rowCache?.lookup(table, id)
    if (cached !== undefined) return cached ? rowFrom(cached) : undefined
    const [r] = await runRows<RawRow>(this.runner, this.options.dialect, hot(table).get, [id])
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
      this.runner,
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
    // Serialised now, written later: the JSON text is the snapshot (the caller may change its object meanwhile),
    // taken once instead of a deep copy now and a stringify at write time.
    const { id, version: _v, deleted, ...rest } = row
    const data = JSON.stringify(rest)
    const teamId = table === 'customers' && typeof row.teamId === 'string' ? row.teamId : null
    const flag = deleted ? 1 : 0
    this.pending.push(() => this.write(table, id, flag, data, customerId, teamId))
  }

  private async write(
    table: TableName,
    id: string,
    deleted: number,
    data: string,
    customerId: string | null,
    teamId: string | null,
  ): Promise<void> {
    const version = await this.stamp()
    this.touchedCustomers.add(customerId)
    if (table === 'customers') {
      await this.moveCustomer(id, teamId, version)
      await run(this.runner, this.options.dialect, upsertCustomer, [
        id,
        version,
        deleted,
        customerId,
        data,
        teamId,
      ])
    } else {
      await run(this.runner, this.options.dialect, hot(table).upsert, [
        id,
        version,
        deleted,
        customerId,
        data,
      ])
    }
    this.options.rowCache?.written(table, { id, version, deleted, data })
  }

  /**
   * A customer that changes team takes its rows along: they are re-stamped with this version so the new team
   * pulls them as added rows, and a scope_moves entry tells pulls of the old team's members to purge them.
   */
  private async moveCustomer(customerId: string, teamId: string | null, version: number): Promise<void> {
    const [before] = await runRows<{ team_id: string | null }>(
      this.runner,
      this.options.dialect,
      customerTeam,
      [customerId],
    )
    if (before && before.team_id !== null) this.touchedTeams.add(before.team_id)
    if (teamId !== null) this.touchedTeams.add(teamId)
    if (!before || before.team_id === teamId) return
    this.options.rowCache?.clear()
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
    const [existing] = await runRows<{ customer_id: string | null; deleted: number }>(
      this.runner,
      this.options.dialect,
      hot(table).owner,
      [id],
    )
    if (!existing) return
    await this.checkScope(table, { id, version: 0, deleted: true }, existing.customer_id)
    this.pending.push(async () => {
      const version = await this.stamp()
      this.touchedCustomers.add(existing.customer_id)
      await run(this.runner, this.options.dialect, hot(table).tombstone, [version, id])
      this.options.rowCache?.tombstoned(table, id, version)
    })
  }

  user(id: string): Promise<UserFacts | null> {
    const known = this.options.users?.get(id)
    if (known) return known
    const read = runRows<{ role: UserFacts['role']; disabled: number | boolean; team_id: string | null }>(
      this.runner,
      this.options.dialect,
      userWithTeams,
      [id],
    ).then((rows) => {
      const [first] = rows
      if (!first) return null
      return {
        id,
        role: first.role,
        disabled: Number(first.disabled) === 1,
        teamIds: rows.flatMap((r) => (r.team_id === null ? [] : [r.team_id])),
      }
    })
    this.options.users?.set(id, read)
    return read
  }

  async query(
    table: TableName,
    field: string,
    value: string | number | boolean | null,
  ): Promise<StoredRow[]> {
    if (!fieldName.test(field)) throw new Error(`query: bad field name ${field}`)
    const { text, params } =
      field === 'customerId' && table !== 'customers' && typeof value === 'string'
        ? customerMatch(value)
        : this.options.dialect === 'postgres'
          ? pgMatch(table, field, value)
          : sqliteMatch(field, value)
    const rows = await runRows<RawRow>(this.runner, this.options.dialect, lookup(table, text), params)
    return rows.map(rowFrom)
  }
}

/** `select … where deleted = 0 and <match> order by id`, built once per table and match */
const lookups = new Map<string, Statement>()
function lookup(table: TableName, match: string): Statement {
  const key = `${table}|${match}`
  let s = lookups.get(key)
  if (!s) {
    const t = sqlTable(table)
    const text = `select id, version, deleted, data from ${t} where deleted = 0 and ${match} order by id`
    let n = 0
    s = prepared({
      sqlite: text,
      // data as text on PostgreSQL, parsed once by rowFrom (see hot())
      postgres: text
        .replace('deleted, data from', 'deleted, data::text as data from')
        .replace(/\?/g, () => `$${++n}`),
    })
    lookups.set(key, s)
  }
  return s
}

interface Match {
  /** SQL with `?` placeholders; `field` is checked against fieldName before it is written into it */
  text: string
  params: unknown[]
}

/**
 * Both dialects: a row's `customerId` is also its `customer_id` column (scopeOf, written on every put), which the
 * `<table>_customer` index serves; migration 0006 dropped SQLite's expression indexes that held it twice.
 * Not for customers (their customer_id is their own id) nor for other values than an id (a string).
 */
function customerMatch(value: string): Match {
  return { text: 'customer_id = ?', params: [value] }
}

/**
 * PostgreSQL: a field with a B-tree of migration 0008 is compared as that index's expression (`data -> 'field'`
 * with the name as a literal, or the planner will not match it); for a scalar value, jsonb equality there is
 * exactly containment. Other fields: containment, which the table's GIN (jsonb_path_ops) index can serve.
 */
function pgMatch(table: TableName, field: string, value: string | number | boolean | null): Match {
  if (value === null)
    return { text: "(data -> ? is null or data -> ? = 'null'::jsonb)", params: [field, field] }
  if (pgLookupFields[sqlTable(table)]?.includes(field))
    return { text: `data -> '${field}' = ?::jsonb`, params: [JSON.stringify(value)] }
  return { text: 'data @> ?::jsonb', params: [JSON.stringify({ [field]: value })] }
}

/**
 * SQLite: json_extract with the path as a literal, so the expression indexes of migration 0002 apply.
 * JSON true/false come back as 1/0; a missing field and JSON null both come back as NULL (as the mutators'
 * sameValue treats them).
 */
function sqliteMatch(field: string, value: string | number | boolean | null): Match {
  const extracted = `json_extract(data, '$.${field}')`
  if (value === null) return { text: `${extracted} is null`, params: [] }
  if (typeof value === 'boolean')
    return {
      text: `(${extracted} = ? and json_type(data, '$.${field}') = ?)`,
      params: [value ? 1 : 0, value ? 'true' : 'false'],
    }
  // a string never equals a number here: SQLite does not coerce between expressions without affinity
  return { text: `${extracted} = ?`, params: [value] }
}
