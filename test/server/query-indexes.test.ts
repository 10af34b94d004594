/**
 * Every field the mutators look rows up by (Store.query) is served by an index on SQLite (migration 0002's
 * expression indexes), so a mutation's reads stay cheap as tables grow. PostgreSQL's GIN index serves any
 * field. The call sites are read from shared/mutations' source: a new lookup without an index fails here.
 */
import { readdirSync, readFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { TableName } from '@shared/mutations/store'
import { Kysely, SqliteDialect } from 'kysely'
import type { Db } from '../../server/src/db/connect'
import type { Database } from '../../server/src/db/schema'
import { sqlTable } from '../../server/src/db/tables'
import { SqlStore } from '../../server/src/sync/sql-store'
import { freshDatabase, openFresh, type FreshDatabase } from '../support/databases'

const dir = fileURLToPath(new URL('../../shared/mutations/', import.meta.url))
const lookups = new Set<string>()
for (const file of readdirSync(dir).filter((f) => f.endsWith('.ts') && !f.includes('test'))) {
  for (const m of readFileSync(dir + file, 'utf8').matchAll(
    /\.query(?:<[^>]*>)?\(\s*'([A-Za-z]+)',\s*'([A-Za-z]+)'/g,
  ))
    lookups.add(`${m[1]}.${m[2]}`)
}

describe('Store.query lookups on SQLite', () => {
  let fresh: FreshDatabase
  let db: Db
  beforeAll(async () => {
    fresh = await freshDatabase('sqlite')
    db = await openFresh(fresh)
  })
  afterAll(async () => {
    await db?.close()
    await fresh?.cleanup()
  })

  it('finds the lookups in the mutators', () => {
    expect(lookups.size).toBeGreaterThan(5)
  })

  it.each([...lookups].sort())('%s uses an index', async (lookup) => {
    const [table, field] = lookup.split('.') as [TableName, string]
    // run SqlStore.query on a Kysely that records the SQL, then ask SQLite how it runs that very SQL
    let captured: { sql: string; parameters: readonly unknown[] } | undefined
    const recording = new Kysely<Database>({
      dialect: new SqliteDialect({ database: db.sqlite! }),
      log: (event) => {
        captured = event.query
      },
    })
    await new SqlStore(recording, { dialect: 'sqlite' }).query(table, field, 'x')
    // customerId is the customer_id column (migration 0006), served by the `<table>_customer` index
    const byColumn = field === 'customerId' && table !== 'customers'
    expect(captured?.sql).toContain(byColumn ? 'customer_id = ?' : `'$.${field}'`)
    const plan = db
      .sqlite!.prepare(`explain query plan ${captured!.sql}`)
      .all(...(captured!.parameters as unknown[])) as Array<{ detail: string }>
    expect(plan.map((p) => p.detail).join(' | ')).toMatch(
      new RegExp(`USING INDEX ${sqlTable(table)}_${byColumn ? 'customer\\b' : field}`),
    )
  })
})
