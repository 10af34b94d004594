/**
 * PostgreSQL pushes read the rows a batch names up front (server/src/sync/row-cache.ts) and answer gets from
 * there; SQLite reads each row when asked. One batch that reads rows its own earlier mutations created, changed,
 * moved to another team and tombstoned must give the same answers and leave the same rows on both dialects.
 */
import { randomUUID } from 'node:crypto'
import { afterAll, describe, expect, it } from 'vitest'
import { loginAs, seedUsers, startTestServer, type TestServer } from '../support/server'
import { stopPostgres } from '../support/databases'
import { newId, TestClient } from '../support/sync-client'

afterAll(stopPostgres)

describe('a batch that reads its own writes', () => {
  const servers: TestServer[] = []
  afterAll(async () => {
    for (const s of servers) await s.close()
  })

  const customerId = newId()
  const first = newId()
  const second = newId()
  const clientId = randomUUID()

  async function runOn(dialect: 'sqlite' | 'postgres') {
    const t = await startTestServer(dialect)
    servers.push(t)
    const teams = await seedUsers(t.db)
    const c = new TestClient(t.url, (await loginAs(t.url, 'admin')).accessToken, clientId)
    const res = await c.pushOk([
      c.mutation('customer.create', { id: customerId, name: 'Cached Corp', teamId: teams.red.id }),
      c.mutation('contact.add', { id: first, customerId, name: 'Ada', email: 'ada@cached.test' }),
      c.mutation('contact.update', { contactId: first, baseVersion: 0, name: 'Ada Renamed' }),
      // re-stamps every row of the customer: nothing read before may be trusted after
      c.mutation('customer.update', { customerId, baseVersion: 0, teamId: teams.blue.id }),
      c.mutation('contact.update', { contactId: first, baseVersion: 0, email: 'ada@moved.test' }),
      c.mutation('contact.remove', { contactId: first }),
      // the tombstone is read back: the contact is gone, and its id stays taken
      c.mutation('contact.update', { contactId: first, baseVersion: 0, name: 'Too late' }),
      c.mutation('contact.add', { id: first, customerId, name: 'Imposter', email: 'x@cached.test' }),
      c.mutation('contact.add', { id: second, customerId, name: 'Bo', email: 'bo@cached.test' }),
    ])
    const teamName = new Map([
      [teams.red.id, 'red'],
      [teams.blue.id, 'blue'],
    ])
    const rows = []
    for (const [table, id] of [
      ['customers', customerId],
      ['contacts', first],
      ['contacts', second],
    ] as const) {
      const row = await t.db.read
        .selectFrom(table)
        .select(['version', 'deleted', 'data'])
        .where('id', '=', id)
        .executeTakeFirstOrThrow()
      const data = (typeof row.data === 'string' ? JSON.parse(row.data) : row.data) as Record<string, unknown>
      if (typeof data.teamId === 'string') data.teamId = teamName.get(data.teamId)
      // the server's clock and the admin's id differ between the two servers
      delete data.createdAt
      delete data.createdBy
      rows.push({ table, id, version: Number(row.version), deleted: Number(row.deleted), data })
    }
    return {
      results: res.results.map((r) => ({ status: r.status, code: r.error?.code as string | undefined })),
      rows,
    }
  }

  it('gives the same answers and rows on PostgreSQL (read up front) as on SQLite (read one by one)', async () => {
    const sqlite = await runOn('sqlite')
    // toEqual reads a missing `code` as undefined
    expect(sqlite.results).toEqual([
      { status: 'applied' },
      { status: 'applied' },
      { status: 'applied' },
      { status: 'applied' },
      { status: 'applied' },
      { status: 'applied' },
      { status: 'rejected', code: 'not-found' },
      { status: 'rejected', code: 'duplicate-id' },
      { status: 'applied' },
    ])
    expect(sqlite.rows[0]!.data).toMatchObject({ teamId: 'blue' })
    expect(sqlite.rows[1]).toMatchObject({
      deleted: 1,
      data: { name: 'Ada Renamed', email: 'ada@moved.test' },
    })
    expect(await runOn('postgres')).toEqual(sqlite)
  })
})
