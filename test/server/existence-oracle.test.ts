/**
 * A caller outside a row's team must not learn that the row exists (P6), over real HTTP on SQLite and
 * PostgreSQL. Bob (team blue) pushes mutations that name team red's rows, and the same mutations with made-up
 * ids in their place: the answers must be the same (code, message, field), where they used to be "forbidden"
 * against "not-found" (or "belongs to another customer" against "not-found"). Red's rows never reach him through
 * pull or the conflicts list either.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { maxPullLimit } from '../../shared/protocol/limits'
import { dialects, stopPostgres } from '../support/databases'
import { api, loginAs, seedUsers, startTestServer, type TestServer } from '../support/server'
import { newId, TestClient, type Loose } from '../support/sync-client'
import { smtpmailLicense } from '@shared/mutations/fixtures.testkit'

afterAll(stopPostgres)

const today = new Date().toISOString().slice(0, 10)

describe.each(dialects)('no existence oracle on %s', (dialect) => {
  let t: TestServer
  let alice: TestClient
  let bob: TestClient
  let bobToken: string
  /** team red's rows, created by alice */
  const red = { customer: newId(), contact: newId(), license: newId(), incident: newId() }
  /** bob's own */
  const blue = { customer: newId(), contact: newId(), license: newId() }

  beforeAll(async () => {
    t = await startTestServer(dialect)
    await seedUsers(t.db)
    const a = await loginAs(t.url, 'alice')
    const b = await loginAs(t.url, 'bob')
    bobToken = b.accessToken
    alice = new TestClient(t.url, a.accessToken)
    bob = new TestClient(t.url, b.accessToken)
    const license = (id: string, customerId: string) => smtpmailLicense(id, customerId, today)
    const setup = async (c: TestClient, team: string, rows: typeof blue, incident?: string) => {
      const res = await c.pushOk([
        c.mutation('customer.create', { id: rows.customer, name: `Customer of ${team}`, teamId: team }),
        c.mutation('contact.add', {
          id: rows.contact,
          customerId: rows.customer,
          name: 'Pat',
          email: 'pat@example.test',
        }),
        c.mutation('license.add', license(rows.license, rows.customer)),
        ...(incident
          ? [
              c.mutation('incident.open', {
                id: incident,
                customerId: rows.customer,
                contactId: rows.contact,
                licenseId: rows.license,
                subject: 'Mail stuck in the queue',
                severity: 'standard',
                category: 'question',
              }),
            ]
          : []),
      ])
      expect(res.results.map((r) => r.status)).toEqual(res.results.map(() => 'applied'))
    }
    await setup(alice, a.user.teams[0]!, red, red.incident)
    await setup(bob, b.user.teams[0]!, blue)
  })
  afterAll(async () => t?.close())

  /** every red id replaced by a fresh one (the same fresh one each time it appears) */
  const madeUp = Object.values(red).map((id) => [id, newId()] as const)
  const swap = (value: unknown, pairs: ReadonlyArray<readonly [string, string]>): string => {
    let text = JSON.stringify(value)
    for (const [from, to] of pairs) text = text.replaceAll(from, to)
    return text
  }

  const probes: Array<[string, Loose]> = [
    ['customer.update', { customerId: red.customer, baseVersion: 0, name: 'Hijacked' }],
    ['contact.add', { id: newId(), customerId: red.customer, name: 'Mole', email: 'mole@example.test' }],
    ['incident.comment', { id: newId(), incidentId: red.incident, body: 'Hello', visibility: 'internal' }],
    [
      // bob's own customer, but red's contact: it used to answer "belongs to another customer"
      'incident.open',
      {
        id: newId(),
        customerId: blue.customer,
        contactId: red.contact,
        licenseId: blue.license,
        subject: 'Whose contact?',
        severity: 'standard',
        category: 'question',
      },
    ],
    // moving bob's license to red's customer: it used to answer "forbidden"
    [
      'license.transfer',
      { licenseId: blue.license, toCustomerId: red.customer, consent: { reference: 'Letter 1' } },
    ],
    ['installation.record', { id: newId(), licenseId: red.license, host: 'mx1' }],
  ]

  for (const [name, args] of probes) {
    it(`${name} naming team red's rows is answered as for made-up ids`, async () => {
      const real = await bob.pushOk([bob.mutation(name, args)])
      const fake = await bob.pushOk([bob.mutation(name, JSON.parse(swap(args, madeUp)))])
      const [r, f] = [real.results[0]!, fake.results[0]!]
      expect(r.status).toBe('rejected')
      expect(r.error.code).toBe('not-found')
      // same code, same field, same message but for the id it repeats
      expect(JSON.stringify(r.error)).toBe(
        swap(
          f.error,
          madeUp.map(([id, fakeId]) => [fakeId, id] as const),
        ),
      )
      // what is parked for him to read says no more
      const parked = await t.db.read
        .selectFrom('rejected_mutations')
        .select(['code', 'message'])
        .where('client_id', '=', bob.clientId)
        .where('mid', '=', real.lastMutationId)
        .executeTakeFirstOrThrow()
      expect(parked).toEqual({ code: r.error.code, message: r.error.message })
    })
  }

  it("a create can't take over another team's row by reusing its id", async () => {
    const res = await bob.pushOk([
      bob.mutation('contact.add', {
        id: red.contact,
        customerId: blue.customer,
        name: 'Overwrite',
        email: 'o@example.test',
      }),
    ])
    expect(res.results[0]).toMatchObject({ status: 'rejected', error: { code: 'duplicate-id' } })
    const row = await t.db.read
      .selectFrom('contacts')
      .select('customer_id')
      .where('id', '=', red.contact)
      .executeTakeFirstOrThrow()
    expect(row.customer_id).toBe(red.customer)
  })

  it("red's rows and red's conflicts never reach bob through pull or the conflicts list", async () => {
    // a conflict on red's customer: two of alice's clients edit its name from the same base
    const other = new TestClient(t.url, (await loginAs(t.url, 'alice')).accessToken)
    const { version } = await t.db.read
      .selectFrom('customers')
      .select('version')
      .where('id', '=', red.customer)
      .executeTakeFirstOrThrow()
    const base = { version: Number(version) }
    await alice.pushOk([
      alice.mutation('customer.update', {
        customerId: red.customer,
        baseVersion: Number(base.version),
        name: 'Red A',
      }),
    ])
    const lost = await other.pushOk([
      other.mutation('customer.update', {
        customerId: red.customer,
        baseVersion: Number(base.version),
        name: 'Red B',
      }),
    ])
    expect(lost.results[0]!.status).toBe('conflict')
    const mine = await api(t.url, 'GET', '/v1/conflicts', {
      token: (await loginAs(t.url, 'alice')).accessToken,
    })
    expect(mine.body.conflicts.map((c: Loose) => c.rowId)).toContain(red.customer)

    const pulled = await api(t.url, 'GET', `/v1/pull?cursor=0&limit=${maxPullLimit}`, { token: bobToken })
    expect(pulled.status).toBe(200)
    const seen = JSON.stringify(pulled.body)
    const conflicts = await api(t.url, 'GET', '/v1/conflicts', { token: bobToken })
    expect(conflicts.status).toBe(200)
    for (const id of Object.values(red)) {
      expect(seen).not.toContain(id)
      expect(JSON.stringify(conflicts.body)).not.toContain(id)
    }
    expect(seen).toContain(blue.customer)
  })
})
