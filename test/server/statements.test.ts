/**
 * The push path's hand-written statements (server/src/db/statements.ts): on SQLite they run straight on the
 * write connection, which is only sound if they land inside the transaction Kysely opened there; on
 * PostgreSQL their texts run as named prepared statements, and nothing else may be renamed.
 */
import { afterAll, describe, expect, it } from 'vitest'
import { sql } from 'kysely'
import { namePreparedStatements, runRows, sqliteRunner, statement } from '../../server/src/db/statements'
import { dialects, stopPostgres } from '../support/databases'
import { useFreshDatabase } from '../support/fresh-database'

afterAll(stopPostgres)

describe('sqliteRunner', () => {
  const database = useFreshDatabase('sqlite')

  const readVersion = statement('select version from meta where id = 1')
  const setVersion = statement('update meta set version = ? where id = 1')

  it('runs inside the transaction Kysely opened: a rollback undoes its writes', async () => {
    const [before] = await runRows<{ version: number }>(database.db.write, 'sqlite', readVersion, [])
    await expect(
      database.db.write.transaction().execute(async () => {
        const runner = sqliteRunner(database.db.sqlite!)
        await runRows(runner, 'sqlite', setVersion, [before!.version + 1000])
        const [inside] = await runRows<{ version: number }>(runner, 'sqlite', readVersion, [])
        expect(inside!.version).toBe(before!.version + 1000)
        throw new Error('roll back')
      }),
    ).rejects.toThrow('roll back')
    const [after] = await runRows<{ version: number }>(database.db.write, 'sqlite', readVersion, [])
    expect(after!.version).toBe(before!.version)
  })

  it('a commit keeps its writes, and readers see them only after it', async () => {
    const [before] = await runRows<{ version: number }>(database.db.read, 'sqlite', readVersion, [])
    await database.db.write.transaction().execute(async () => {
      await runRows(sqliteRunner(database.db.sqlite!), 'sqlite', setVersion, [before!.version + 1])
      const [meanwhile] = await runRows<{ version: number }>(database.db.read, 'sqlite', readVersion, [])
      expect(meanwhile!.version).toBe(before!.version)
    })
    const [after] = await runRows<{ version: number }>(database.db.read, 'sqlite', readVersion, [])
    expect(after!.version).toBe(before!.version + 1)
  })
})

describe('namePreparedStatements', () => {
  const registered = statement('select id from clients where client_id = ? and user_id = ?')

  function recordingClient() {
    const calls: unknown[][] = []
    const client = {
      query: (...args: unknown[]) => {
        calls.push(args)
        return Promise.resolve({ rows: [] })
      },
    }
    namePreparedStatements(client as never)
    return { client, calls }
  }

  it('sends a registered text with its values as a named statement', async () => {
    const { client, calls } = recordingClient()
    await client.query(registered.postgres, ['c', 'u'])
    expect(calls).toHaveLength(1)
    const [config] = calls[0]!
    expect(config).toMatchObject({ text: registered.postgres, values: ['c', 'u'] })
    expect((config as { name: string }).name).toMatch(/^caseload_\d+$/)
  })

  it('passes any other call through unchanged', async () => {
    const { client, calls } = recordingClient()
    await client.query('select 1', [])
    await client.query(registered.postgres)
    const config = { text: registered.postgres, values: ['c', 'u'] }
    await client.query(config)
    expect(calls).toEqual([['select 1', []], [registered.postgres], [config]])
  })
})

describe.each(dialects)('hand-written statements on %s', (dialect) => {
  const database = useFreshDatabase(dialect)

  it('give the same answer on every call (prepared once, run many times)', async () => {
    const s = statement('select version from meta where id = ?')
    const first = await runRows<{ version: number | string }>(database.db.read, dialect, s, [1])
    for (let i = 0; i < 5; i++)
      expect(await runRows<{ version: number | string }>(database.db.read, dialect, s, [1])).toEqual(first)
    expect(first).toHaveLength(1)
    if (dialect === 'postgres') {
      // the statement is prepared on the connection that ran it
      const prepared = await sql<{
        statement: string
      }>`select statement from pg_prepared_statements`.execute(database.db.read)
      expect(prepared.rows.map((r) => r.statement)).toContain(s.postgres)
    }
  })
})
