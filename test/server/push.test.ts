/**
 * Push (design/sync.md, P2, P3, P6) over real HTTP on SQLite and PostgreSQL: idempotent replay, a gap stops
 * the batch, permanent rejections are parked and still advance lastMutationId, stale edits conflict and keep
 * both values, scope is enforced by the server, malformed bodies get 400 naming the field and write nothing.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { dialects, stopPostgres } from '../support/databases'
import { api, loginAs, seedUsers, startTestServer, type Team, type TestServer } from '../support/server'
import { rowKey } from '../../shared/protocol/rows'
import { newId, TestClient } from '../support/sync-client'

afterAll(stopPostgres)

/** The rejected mutations the server parked for one client. */
async function parkedOf(t: TestServer, clientId: string) {
  return t.db.read.selectFrom('rejected_mutations').selectAll().where('client_id', '=', clientId).execute()
}

describe.each(dialects)('push on %s', (dialect) => {
  let t: TestServer
  let teams: { red: Team; blue: Team }
  let alice: TestClient
  let bob: TestClient
  let admin: TestClient

  beforeAll(async () => {
    t = await startTestServer(dialect)
    teams = await seedUsers(t.db)
    alice = new TestClient(t.url, (await loginAs(t.url, 'alice')).accessToken)
    bob = new TestClient(t.url, (await loginAs(t.url, 'bob')).accessToken)
    admin = new TestClient(t.url, (await loginAs(t.url, 'admin')).accessToken)
  })
  afterAll(async () => t?.close())

  const countRows = async (table: 'customers' | 'contacts', id: string) =>
    (await t.db.read.selectFrom(table).select('id').where('id', '=', id).execute()).length

  it('the same batch twice gives the same results and one copy of each row', async () => {
    const ids = [newId(), newId()]
    const batch = ids.map((id, i) =>
      alice.mutation('customer.create', { id, name: `Acme ${i}`, teamId: teams.red.id }),
    )
    const first = await alice.pushOk(batch)
    expect(first.results.map((r) => r.status)).toEqual(['applied', 'applied'])
    const again = await alice.pushOk(batch)
    expect(again).toEqual(first)
    for (const id of ids) expect(await countRows('customers', id)).toBe(1)
    const audits = await t.db.read
      .selectFrom('audit_log')
      .select('mid')
      .where('client_id', '=', alice.clientId)
      .execute()
    expect(audits).toHaveLength(2)
  })

  it('a replay answers every outcome as it was first answered, plain applied ones included', async () => {
    const c = new TestClient(t.url, alice.token)
    const batch = [
      c.mutation('customer.create', { id: newId(), name: 'Plain', teamId: teams.red.id }),
      c.mutation('customer.create', { id: newId(), name: 'Refused', teamId: teams.blue.id }),
      c.mutation('customer.create', { id: newId(), name: 'Plain too', teamId: teams.red.id }),
    ]
    const first = await c.pushOk(batch)
    expect(first.results.map((r) => r.status)).toEqual(['applied', 'rejected', 'applied'])
    // a client that lost the answer sends the batch again, or only its tail
    expect(await c.pushOk(batch)).toEqual(first)
    expect(await c.pushOk(batch.slice(1))).toEqual({ ...first, results: first.results.slice(1) })
  })

  it('a gap stops the batch: nothing after the missing mid runs', async () => {
    const c = new TestClient(t.url, alice.token)
    const m1 = c.mutation('customer.create', { id: newId(), name: 'One', teamId: teams.red.id })
    const m2 = c.mutation('customer.create', { id: newId(), name: 'Two', teamId: teams.red.id })
    const m3 = c.mutation('customer.create', { id: newId(), name: 'Three', teamId: teams.red.id })
    const res = await c.pushOk([m1, m3])
    expect(res.lastMutationId).toBe(1)
    expect(res.results.map((r) => r.mid)).toEqual([1])
    expect(await countRows('customers', (m3.args as { id: string }).id)).toBe(0)
    const rest = await c.pushOk([m2, m3])
    expect(rest.lastMutationId).toBe(3)
    expect(rest.results.map((r) => r.status)).toEqual(['applied', 'applied'])
  })

  it('a batch that starts after a gap applies nothing', async () => {
    const c = new TestClient(t.url, alice.token)
    c.mutation('customer.create', { id: newId(), name: 'never sent', teamId: teams.red.id })
    const m2 = c.mutation('customer.create', { id: newId(), name: 'Two', teamId: teams.red.id })
    const res = await c.pushOk([m2])
    expect(res).toEqual({ lastMutationId: 0, results: [] })
  })

  it('a permanent rejection advances lastMutationId, parks the payload and returns its reason', async () => {
    const c = new TestClient(t.url, alice.token)
    // alice is in red, not blue: the server refuses (P6) whatever the client believed
    const bad = c.mutation('customer.create', { id: newId(), name: 'Not mine', teamId: teams.blue.id })
    const good = c.mutation('customer.create', { id: newId(), name: 'Mine', teamId: teams.red.id })
    const res = await c.pushOk([bad, good])
    expect(res.lastMutationId).toBe(2)
    expect(res.results[0]).toMatchObject({ mid: 1, status: 'rejected', error: { code: 'forbidden' } })
    expect(res.results[1]).toMatchObject({ mid: 2, status: 'applied' })
    const parked = await parkedOf(t, c.clientId)
    expect(parked).toHaveLength(1)
    expect(parked[0]).toMatchObject({ mid: 1, name: 'customer.create', code: 'forbidden' })
    expect(JSON.parse(parked[0]!.args)).toEqual(bad.args)
    expect(await countRows('customers', (bad.args as { id: string }).id)).toBe(0)
    // replaying returns the stored rejection, unchanged
    expect((await c.pushOk([bad])).results[0]).toEqual(res.results[0])
    const audit = await t.db.read
      .selectFrom('audit_log')
      .select('action')
      .where('client_id', '=', c.clientId)
      .orderBy('id')
      .execute()
    expect(audit.map((a) => a.action)).toEqual(['rejected', 'applied'])
  })

  it('invalid args are rejected naming the field; an unknown mutator asks for an update', async () => {
    const c = new TestClient(t.url, alice.token)
    const res = await c.pushOk([
      c.mutation('customer.create', { id: newId(), name: '', teamId: teams.red.id }),
      c.mutation('customer.fly', {}),
      c.mutation('customer.create', { id: newId(), name: 'x', teamId: teams.red.id }, 99),
    ])
    expect(res.results[0]).toMatchObject({
      status: 'rejected',
      error: { code: 'invalid', field: 'args.name' },
    })
    expect(res.results[1]).toMatchObject({ status: 'rejected', error: { code: 'unknown-mutator' } })
    expect(res.results[2]).toMatchObject({ status: 'rejected', error: { code: 'unsupported-version' } })
    expect(res.lastMutationId).toBe(3)
  })

  it('an edit with a stale baseVersion of a field changed since gives a conflict and keeps both values', async () => {
    const id = newId()
    await admin.pushOk([admin.mutation('customer.create', { id, name: 'Original', teamId: teams.red.id })])
    await alice.pullAll()
    const seen = alice.rows.get(rowKey('customers', id))!
    const base = seen.version as number
    // alice renames it first…
    const first = await alice.pushOk([
      alice.mutation('customer.update', { customerId: id, baseVersion: base, name: 'Alice name' }),
    ])
    expect(first.results[0]!.status).toBe('applied')
    // …then admin, who also saw `base`, renames it too
    const second = await admin.pushOk([
      admin.mutation('customer.update', {
        customerId: id,
        baseVersion: base,
        name: 'Admin name',
        notes: 'n',
      }),
    ])
    expect(second.results[0]).toMatchObject({
      status: 'conflict',
      error: { code: 'conflict', field: 'name' },
    })
    const row = await t.db.read
      .selectFrom('customers')
      .select('data')
      .where('id', '=', id)
      .executeTakeFirstOrThrow()
    const data = typeof row.data === 'string' ? JSON.parse(row.data) : row.data
    expect(data.name).toBe('Alice name') // the server keeps its value…
    expect(data.notes).toBe('n') // …and applies the fields that did not conflict
    const conflicts = await t.db.read.selectFrom('conflicts').selectAll().where('row_id', '=', id).execute()
    expect(conflicts).toHaveLength(1)
    expect(conflicts[0]).toMatchObject({ table_name: 'customers', field: 'name', client_id: admin.clientId })
    expect(JSON.parse(conflicts[0]!.server_value!)).toBe('Alice name')
    expect(JSON.parse(conflicts[0]!.client_value!)).toBe('Admin name')
    // both engineers can read it (P3): the winner (alice, same team) and the loser (admin); bob's team can't
    for (const [who, sees] of [
      [alice, true],
      [admin, true],
      [bob, false],
    ] as const) {
      const list = await api(t.url, 'GET', '/v1/conflicts', { token: who.token })
      expect(list.status).toBe(200)
      const mine = (list.body.conflicts as Array<Record<string, unknown>>).filter((c) => c.rowId === id)
      if (sees)
        expect(mine[0]).toMatchObject({
          table: 'customers',
          field: 'name',
          serverValue: 'Alice name',
          clientValue: 'Admin name',
        })
      else expect(mine).toHaveLength(0)
    }
  })

  it("an engineer can't push to another team's customer, and doesn't pull its rows", async () => {
    const redCustomer = newId()
    await alice.pushOk([
      alice.mutation('customer.create', { id: redCustomer, name: 'Red only', teamId: teams.red.id }),
    ])
    const res = await bob.pushOk([
      bob.mutation('customer.update', { customerId: redCustomer, baseVersion: 0, name: 'Hijacked' }),
    ])
    // not "forbidden": that would tell bob the customer exists (existence-oracle.test.ts)
    expect(res.results[0]).toMatchObject({ status: 'rejected', error: { code: 'not-found' } })
    const blueCustomer = newId()
    await bob.pushOk([
      bob.mutation('customer.create', { id: blueCustomer, name: 'Blue only', teamId: teams.blue.id }),
    ])
    await bob.pullAll()
    const bobSees = bob.rowsOf('customers')
    expect(bobSees.some((r) => r.id === blueCustomer)).toBe(true)
    expect(bobSees.every((r) => r.teamId === teams.blue.id)).toBe(true)
    await admin.pullAll()
    expect(
      admin.rows.has(rowKey('customers', redCustomer)) && admin.rows.has(rowKey('customers', blueCustomer)),
    ).toBe(true)
  })

  it("a clientId is bound to its user: another user can't push or pull with it", async () => {
    const stolen = new TestClient(t.url, bob.token, alice.clientId)
    const push = await stolen.push([
      stolen.mutation('customer.create', { id: newId(), name: 'x', teamId: teams.blue.id }),
    ])
    expect(push.status).toBe(403)
    expect((await stolen.pullPage()).status).toBe(403)
  })

  describe('malformed payloads get 400 naming the field and write nothing', () => {
    const cases: Array<[string, (clientId: string) => unknown, string]> = [
      ['missing clientId', () => ({ protocol: 1, mutations: [] }), 'clientId'],
      ['clientId not a uuid', () => ({ protocol: 1, clientId: 'x', mutations: [] }), 'clientId'],
      [
        'mid zero',
        (c) => ({
          protocol: 1,
          clientId: c,
          mutations: [{ mid: 0, name: 'customer.create', mv: 1, args: {}, at: 'now' }],
        }),
        'mutations.0.mid',
      ],
      [
        'name missing',
        (c) => ({ protocol: 1, clientId: c, mutations: [{ mid: 1, mv: 1, args: {}, at: 'now' }] }),
        'mutations.0.name',
      ],
      [
        'mids out of order',
        (c) => ({
          protocol: 1,
          clientId: c,
          mutations: [
            { mid: 2, name: 'customer.create', mv: 1, args: {}, at: 'now' },
            { mid: 1, name: 'customer.create', mv: 1, args: {}, at: 'now' },
          ],
        }),
        'mutations.1.mid',
      ],
      ['mutations not an array', (c) => ({ protocol: 1, clientId: c, mutations: {} }), 'mutations'],
    ]
    it.each(cases)('%s', async (_label, make, field) => {
      const c = new TestClient(t.url, alice.token)
      const before = await t.db.read.selectFrom('meta').select('version').executeTakeFirstOrThrow()
      const res = await api(t.url, 'POST', '/v1/push', { token: alice.token, body: make(c.clientId) })
      expect(res.status).toBe(400)
      expect(res.body.error.field).toBe(field)
      expect(res.body.error.message).toContain(field)
      const after = await t.db.read.selectFrom('meta').select('version').executeTakeFirstOrThrow()
      expect(after.version).toBe(before.version)
      expect(
        await t.db.read
          .selectFrom('clients')
          .select('client_id')
          .where('client_id', '=', c.clientId)
          .execute(),
      ).toHaveLength(0)
    })

    it('invalid JSON is 400, a wrong protocol is 409, an oversized body is 413; no stack trace anywhere', async () => {
      const badJson = await api(t.url, 'POST', '/v1/push', { token: alice.token, rawBody: '{"protocol":1,' })
      expect(badJson.status).toBe(400)
      const proto = await api(t.url, 'POST', '/v1/push', {
        token: alice.token,
        body: { protocol: 2, clientId: alice.clientId, mutations: [] },
      })
      expect(proto.status).toBe(409)
      const huge = 'x'.repeat(3 * 1024 * 1024)
      const big = await api(t.url, 'POST', '/v1/push', {
        token: alice.token,
        body: {
          protocol: 1,
          clientId: alice.clientId,
          mutations: [{ mid: 1, name: 'customer.create', mv: 1, args: { huge }, at: 'now' }],
        },
      })
      expect(big.status).toBe(413)
      const query = await api(t.url, 'GET', '/v1/pull?cursor=-1', { token: alice.token })
      expect(query.status).toBe(400)
      expect(query.body.error.field).toBe('cursor')
      for (const r of [badJson, proto, big, query])
        expect(JSON.stringify(r.body)).not.toMatch(/\.ts:\d+|node_modules|stack/)
    })
  })
})

describe.each(dialects)('a mutator that fails with a bug, on %s', (dialect) => {
  let t: TestServer
  let teams: { red: Team; blue: Team }
  beforeAll(async () => {
    const { applyMutation } = await import('@shared/mutations/apply')
    t = await startTestServer(dialect, {
      runMutation: async (store, call, ctx) => {
        const args = call.args as { name?: string }
        if (args.name === 'boom') throw new TypeError("Cannot read properties of undefined (reading 'x')")
        if (args.name === 'busy')
          throw Object.assign(new Error('database is locked'), { code: 'SQLITE_BUSY' })
        return applyMutation(store, call, ctx)
      },
    })
    teams = await seedUsers(t.db)
  })
  afterAll(async () => t?.close())

  it('is parked as rejected (server-error) instead of wedging the outbox; the rest of the batch applies once', async () => {
    const c = new TestClient(t.url, (await loginAs(t.url, 'alice')).accessToken)
    const ids = [newId(), newId(), newId()]
    const batch = [
      c.mutation('customer.create', { id: ids[0], name: 'Before', teamId: teams.red.id }),
      c.mutation('customer.create', { id: ids[1], name: 'boom', teamId: teams.red.id }),
      c.mutation('customer.create', { id: ids[2], name: 'After', teamId: teams.red.id }),
    ]
    const res = await c.pushOk(batch)
    expect(res.lastMutationId).toBe(3)
    expect(res.results.map((r) => r.status)).toEqual(['applied', 'rejected', 'applied'])
    expect(res.results[1]).toMatchObject({ error: { code: 'server-error' } })
    expect(JSON.stringify(res)).not.toContain('Cannot read properties') // no internals to the client
    const rows = await t.db.read.selectFrom('customers').select('id').where('id', 'in', ids).execute()
    expect(rows.map((r) => r.id).sort()).toEqual([ids[0], ids[2]].sort())
    expect(await c.pushOk(batch)).toEqual(res) // and a replay gives the same answer
    const parked = await parkedOf(t, c.clientId)
    expect(parked).toHaveLength(1)
  })

  it('a transient database failure aborts the batch with 503 and Retry-After, and applies nothing', async () => {
    const c = new TestClient(t.url, (await loginAs(t.url, 'alice')).accessToken)
    const id = newId()
    const res = await c.push([
      c.mutation('customer.create', { id, name: 'Fine', teamId: teams.red.id }),
      c.mutation('customer.create', { id: newId(), name: 'busy', teamId: teams.red.id }),
    ])
    expect(res.status).toBe(503)
    expect(res.headers.get('retry-after')).toBe('1')
    expect(await t.db.read.selectFrom('customers').select('id').where('id', '=', id).execute()).toHaveLength(
      0,
    )
    expect(
      await t.db.read.selectFrom('clients').select('client_id').where('client_id', '=', c.clientId).execute(),
    ).toHaveLength(0)
  })
})
