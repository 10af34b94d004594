/**
 * Every field the mutators look rows up by (Store.query) is served by an index, so a mutation's reads stay
 * cheap as tables grow: on SQLite migration 0002's expression indexes, on PostgreSQL 0008's B-trees on
 * `data -> 'field'` (the planner rarely takes the GIN index), and the customer_id column's index for
 * customerId on both. The call sites are read from shared/mutations' source: a new lookup without an index
 * fails here.
 */
import { readdirSync, readFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { TableName } from '@shared/mutations/store'
import { Kysely, PostgresDialect, SqliteDialect, type CompiledQuery } from 'kysely'
import pg from 'pg'
import type { Database } from '../../server/src/db/schema'
import { sqlTable } from '../../server/src/db/tables'
import { SqlStore } from '../../server/src/sync/sql-store'
import { stopPostgres } from '../support/databases'
import { useFreshDatabase } from '../support/fresh-database'

afterAll(stopPostgres)

const dir = fileURLToPath(new URL('../../shared/mutations/', import.meta.url))
const lookups = new Set<string>()
for (const file of readdirSync(dir).filter((f) => f.endsWith('.ts') && !f.includes('test'))) {
  for (const m of readFileSync(dir + file, 'utf8').matchAll(
    /\.query(?:<[^>]*>)?\(\s*'([A-Za-z]+)',\s*'([A-Za-z]+)'/g,
  ))
    lookups.add(`${m[1]}.${m[2]}`)
}

describe('Store.query lookups on SQLite', () => {
  const database = useFreshDatabase('sqlite')

  it('finds the lookups in the mutators', () => {
    expect(lookups.size).toBeGreaterThan(5)
  })

  it.each([...lookups].sort())('%s uses an index', async (lookup) => {
    const [table, field] = lookup.split('.') as [TableName, string]
    // run SqlStore.query on a Kysely that records the SQL, then ask SQLite how it runs that very SQL
    let captured: { sql: string; parameters: readonly unknown[] } | undefined
    const recording = new Kysely<Database>({
      dialect: new SqliteDialect({ database: database.db.sqlite! }),
      log: (event) => {
        captured = event.query
      },
    })
    await new SqlStore(recording, { dialect: 'sqlite' }).query(table, field, 'x')
    // customerId is the customer_id column (migration 0006), served by the `<table>_customer` index
    const byColumn = field === 'customerId' && table !== 'customers'
    expect(captured?.sql).toContain(byColumn ? 'customer_id = ?' : `'$.${field}'`)
    const plan = database.db
      .sqlite!.prepare(`explain query plan ${captured!.sql}`)
      .all(...(captured!.parameters as unknown[])) as Array<{ detail: string }>
    expect(plan.map((p) => p.detail).join(' | ')).toMatch(
      new RegExp(`USING INDEX ${sqlTable(table)}_${byColumn ? 'customer\\b' : field}`),
    )
  })
})

describe('Store.query lookups on PostgreSQL', () => {
  const database = useFreshDatabase('postgres')
  let pool: pg.Pool
  beforeAll(async () => {
    pool = new pg.Pool({ connectionString: database.fresh.config.databaseUrl, max: 1 })
  })
  afterAll(async () => {
    await pool?.end()
  })

  it.each([...lookups].sort())('%s uses an index', async (lookup) => {
    const [table, field] = lookup.split('.') as [TableName, string]
    let captured: CompiledQuery | undefined
    const recording = new Kysely<Database>({
      dialect: new PostgresDialect({ pool }),
      log: (event) => {
        captured = event.query
      },
    })
    await new SqlStore(recording, { dialect: 'postgres' }).query(table, field, 'x')
    const byColumn = field === 'customerId' && table !== 'customers'
    // tables this small are read whole whatever the indexes: with sequential scans off, the planner takes an
    // index if one can serve the lookup, and only then
    const client = await pool.connect()
    try {
      await client.query('set enable_seqscan = off')
      const plan = await client.query<{ 'QUERY PLAN': string }>(
        `explain ${captured!.sql}`,
        captured!.parameters as unknown[],
      )
      expect(plan.rows.map((r) => r['QUERY PLAN']).join(' | ')).toMatch(
        // PostgreSQL quotes a mixed-case index name
        new RegExp(`Index.* on "?${sqlTable(table)}_${byColumn ? 'customer' : field}"?(?!\\w)`),
      )
    } finally {
      await client.query('reset enable_seqscan')
      client.release()
    }
  })
})
