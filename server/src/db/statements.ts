/**
 * Hand-written SQL for the push hot path. Building a query with Kysely costs tens of microseconds, and a
 * mutation runs ten of them: more than the database needs to execute them. These statements are written once
 * with `?` placeholders (rewritten to `$n` for PostgreSQL) and run through Kysely's connection as raw compiled
 * queries, so they stay inside the caller's transaction. Table names come from the fixed list in tables.ts.
 */
import type Sqlite from 'better-sqlite3'
import { CompiledQuery, type QueryResult } from 'kysely'
import type { DialectName } from './dialect'

/** anything that runs a compiled query: a Kysely instance or a transaction of any schema */
export interface QueryRunner {
  executeQuery<R>(query: CompiledQuery<R>): Promise<QueryResult<R>>
}

/**
 * SQLite: the write connection's better-sqlite3 handle as a QueryRunner, with its prepared statements kept.
 * Running a statement through Kysely costs more than SQLite takes to run it (the executor, its plugins and the
 * connection mutex, a few promises per query); a push runs several per mutation. Only for use inside a
 * transaction that Kysely opened on that same connection (db.write.transaction()): the handle is that one
 * connection, so the statements run inside the transaction, and Kysely's mutex keeps every other query off the
 * connection until it ends.
 */
const sqliteRunners = new WeakMap<Sqlite.Database, DirectRunner>()
export function sqliteRunner(handle: Sqlite.Database): QueryRunner {
  let runner = sqliteRunners.get(handle)
  if (!runner) {
    const prepared = new Map<string, Sqlite.Statement>()
    const prepare = (text: string): Sqlite.Statement => {
      let stmt = prepared.get(text)
      if (!stmt) {
        stmt = handle.prepare(text)
        if (prepared.size >= 500) prepared.delete(prepared.keys().next().value as string)
        prepared.set(text, stmt)
      }
      return stmt
    }
    const direct = (text: string, params: readonly unknown[]): { rows: unknown[]; changes: number } => {
      const stmt = prepare(text)
      if (stmt.reader) return { rows: stmt.all(...params) as unknown[], changes: 0 }
      return { rows: [], changes: stmt.run(...params).changes }
    }
    runner = {
      direct,
      async executeQuery<R>(query: CompiledQuery<R>): Promise<QueryResult<R>> {
        const stmt = prepare(query.sql)
        if (stmt.reader) return { rows: stmt.all(...query.parameters) as R[] }
        const { changes } = stmt.run(...query.parameters)
        return { rows: [], numAffectedRows: BigInt(changes) }
      },
    }
    sqliteRunners.set(handle, runner)
  }
  return runner
}

/**
 * The SQLite runner also takes the statement text and parameters as they are: run() and runRows() below skip
 * building a CompiledQuery (a frozen object, a fresh query id and a copy of the parameters per statement, a few
 * microseconds each, several statements per mutation) when they are handed one.
 */
interface DirectRunner extends QueryRunner {
  direct(text: string, params: readonly unknown[]): { rows: unknown[]; changes: number }
}

function isDirect(db: QueryRunner): db is DirectRunner {
  return typeof (db as Partial<DirectRunner>).direct === 'function'
}

export interface Statement {
  sqlite: string
  postgres: string
}

export function statement(text: string): Statement {
  let n = 0
  return prepared({ sqlite: text, postgres: text.replace(/\?/g, () => `$${++n}`) })
}

/**
 * PostgreSQL: the texts of these statements run as named prepared statements (parsed and planned once per
 * connection instead of on every call; see namePreparedStatements). Bounded: texts come from the fixed list
 * of statements above and their per-size variants, and long ones (a batch's multi-row inserts, run once per
 * batch) are left unnamed.
 */
const preparedNames = new Map<string, string>()
export function prepared(s: Statement): Statement {
  if (s.postgres.length <= 1000 && !preparedNames.has(s.postgres))
    preparedNames.set(s.postgres, `caseload_${preparedNames.size + 1}`)
  return s
}

interface QueryingClient {
  query: (...args: never[]) => unknown
}

/**
 * For a pg pool's `connect` event: the client runs the registered statement texts (prepared() above) as named
 * prepared statements. Kysely's driver calls `client.query(text, values)`; anything else passes through as is.
 */
export function namePreparedStatements(client: QueryingClient): void {
  const plain = client.query.bind(client) as (...args: unknown[]) => unknown
  client.query = ((...args: unknown[]) => {
    const [text, values] = args
    const name = typeof text === 'string' && args.length === 2 ? preparedNames.get(text) : undefined
    return name && Array.isArray(values) ? plain({ name, text, values }) : plain(...args)
  }) as QueryingClient['query']
}

export async function runRows<R>(
  db: QueryRunner,
  dialect: DialectName,
  s: Statement,
  params: readonly unknown[],
): Promise<R[]> {
  if (isDirect(db)) return db.direct(s.sqlite, params).rows as R[]
  const result = await db.executeQuery<R>(
    CompiledQuery.raw(dialect === 'postgres' ? s.postgres : s.sqlite, [...params]),
  )
  return result.rows
}

export async function run(
  db: QueryRunner,
  dialect: DialectName,
  s: Statement,
  params: readonly unknown[],
): Promise<void> {
  if (isDirect(db)) {
    db.direct(s.sqlite, params)
    return
  }
  await db.executeQuery(CompiledQuery.raw(dialect === 'postgres' ? s.postgres : s.sqlite, [...params]))
}

/** A multi-row INSERT of `rows` rows of `columns` (cached per row count). */
const multiInsertCache = new Map<string, Statement>()
export function multiInsert(table: string, columns: readonly string[], rows: number): Statement {
  const key = `${table}|${columns.join(',')}|${rows}`
  let s = multiInsertCache.get(key)
  if (!s) {
    const tuple = `(${columns.map(() => '?').join(', ')})`
    s = statement(
      `insert into ${table} (${columns.join(', ')}) values ${Array.from({ length: rows }, () => tuple).join(', ')}`,
    )
    if (multiInsertCache.size > 1000) multiInsertCache.clear()
    multiInsertCache.set(key, s)
  }
  return s
}
