/**
 * Pull (design/sync.md, P4, P6) and live pokes over real HTTP and WebSocket, on SQLite and PostgreSQL:
 * paging under concurrent pushes never skips or repeats a row; engineers see only their teams' customers;
 * a customer that moves team arrives as added rows for the new team and as purges for the old one, and so
 * does a team a user joins or leaves;
 * pokes reach the sockets whose scope a commit touched, across two server processes on one PostgreSQL.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { dialects, stopPostgres } from '../support/databases'
import { setUserTeams } from '../../server/src/auth/users'
import {
  addEngineer,
  loginAs,
  seedUsers,
  startTestServer,
  type Team,
  type TestServer,
} from '../support/server'
import { liveSocket } from '../support/live-socket'
import { rowKey } from '../../shared/protocol/rows'
import { newId, TestClient, type Loose } from '../support/sync-client'

afterAll(stopPostgres)

async function waitFor(check: () => boolean, ms = 3000): Promise<boolean> {
  const deadline = Date.now() + ms
  while (Date.now() < deadline) {
    if (check()) return true
    await new Promise((r) => setTimeout(r, 20))
  }
  return check()
}

/** the ids of a team's customers as the server holds them, sorted */
async function teamCustomerIds(t: TestServer, teamId: string): Promise<string[]> {
  const rows = await t.db.read.selectFrom('customers').select('id').where('team_id', '=', teamId).execute()
  return rows.map((r) => r.id).sort()
}

/** the ids of the customers a client has pulled, sorted */
const pulledCustomerIds = (client: TestClient): string[] =>
  client
    .rowsOf('customers')
    .map((r) => r.id)
    .sort()

describe.each(dialects)('pull and pokes on %s', (dialect) => {
  let t: TestServer
  let teams: { red: Team; blue: Team }
  let adminToken: string
  let aliceToken: string
  let bobToken: string

  beforeAll(async () => {
    t = await startTestServer(dialect)
    teams = await seedUsers(t.db)
    adminToken = (await loginAs(t.url, 'admin')).accessToken
    aliceToken = (await loginAs(t.url, 'alice')).accessToken
    bobToken = (await loginAs(t.url, 'bob')).accessToken
  })
  afterAll(async () => t?.close())

  it('paging under concurrent pushes never skips or repeats a row', async () => {
    const pushers = [0, 1, 2].map(() => new TestClient(t.url, adminToken))
    const puller = new TestClient(t.url, adminToken)
    const created: string[] = []
    let pushing = true
    const pushWork = Promise.all(
      pushers.map(async (c, p) => {
        for (let batch = 0; batch < 8; batch++) {
          const ids = Array.from({ length: 10 }, () => newId())
          created.push(...ids)
          const team = (batch + p) % 2 === 0 ? teams.red.id : teams.blue.id
          const muts = ids.map((id) =>
            c.mutation('customer.create', { id, name: `c-${p}-${batch}`, teamId: team }),
          )
          // and re-version an earlier row now and then, so rows move forward while the puller pages
          if (batch > 0)
            muts.push(
              c.mutation('customer.update', { customerId: ids[0], baseVersion: 0, notes: `edited ${batch}` }),
            )
          await c.pushOk(muts)
        }
      }),
    ).finally(() => {
      pushing = false
    })
    const seen: Loose[] = []
    while (pushing) {
      seen.push(...(await puller.pullAll(7)))
    }
    await pushWork
    seen.push(...(await puller.pullAll(7)))

    const keys = seen.map((c) => `${c.table}/${c.id}@${c.version}`)
    expect(new Set(keys).size).toBe(keys.length) // never the same row version twice
    const lastVersionById = new Map<string, number>()
    for (const c of seen) {
      expect(c.version).toBeGreaterThan(lastVersionById.get(c.id) ?? 0) // never backwards
      lastVersionById.set(c.id, c.version)
    }
    // nothing skipped: the puller's copy equals the server's current rows
    const server = await t.db.read.selectFrom('customers').select(['id', 'version']).execute()
    for (const r of server)
      expect(puller.rows.get(rowKey('customers', r.id))?.version).toBe(Number(r.version))
    for (const id of created) expect(puller.rows.has(rowKey('customers', id))).toBe(true)
    expect(puller.rowsOf('customers')).toHaveLength(server.length)
  })

  it('a page never splits the rows of one version, and the cursor only moves forward', async () => {
    const c = new TestClient(t.url, adminToken)
    let cursor = 0
    for (;;) {
      const res = await c.pullPage(5)
      expect(res.status).toBe(200)
      const versions = (res.body.changes as Loose[]).map((x) => x.version as number)
      expect([...versions].sort((a, b) => a - b)).toEqual(versions)
      expect(res.body.cursor).toBeGreaterThanOrEqual(cursor)
      if (versions.length > 0) expect(res.body.cursor).toBe(versions[versions.length - 1])
      cursor = c.cursor = res.body.cursor
      if (!res.body.more) break
    }
    const meta = await t.db.read.selectFrom('meta').select('version').executeTakeFirstOrThrow()
    expect(cursor).toBe(Number(meta.version))
  })

  it("engineers pull only their teams' customers; admins pull all", async () => {
    const alice = new TestClient(t.url, aliceToken)
    const bob = new TestClient(t.url, bobToken)
    await alice.pullAll()
    await bob.pullAll()
    expect(pulledCustomerIds(alice)).toEqual(await teamCustomerIds(t, teams.red.id))
    expect(bob.rowsOf('customers').every((r) => r.teamId === teams.blue.id)).toBe(true)
  })

  it('a customer that moves team arrives at the new team and is purged from the old', async () => {
    const admin = new TestClient(t.url, adminToken)
    const id = newId()
    await admin.pushOk([admin.mutation('customer.create', { id, name: 'Mover', teamId: teams.red.id })])
    const alice = new TestClient(t.url, aliceToken)
    const bob = new TestClient(t.url, bobToken)
    await alice.pullAll()
    await bob.pullAll()
    expect(alice.rows.has(rowKey('customers', id))).toBe(true)
    expect(bob.rows.has(rowKey('customers', id))).toBe(false)
    await admin.pushOk([
      admin.mutation('customer.update', { customerId: id, baseVersion: 0, teamId: teams.blue.id }),
    ])
    await alice.pullAll()
    await bob.pullAll()
    expect(alice.rows.has(rowKey('customers', id))).toBe(false)
    expect(bob.rows.get(rowKey('customers', id))?.teamId).toBe(teams.blue.id)
  })

  it('a user who joins a team pulls its rows as added rows; one who leaves a team gets them purged', async () => {
    await addEngineer(t.db.write, `erin-${dialect}`, ['red'])
    const erin = new TestClient(t.url, (await loginAs(t.url, `erin-${dialect}`)).accessToken)
    await erin.pullAll()
    const redCount = erin.rowsOf('customers').length
    expect(redCount).toBeGreaterThan(0)
    expect(erin.rowsOf('customers').every((r) => r.teamId === teams.red.id)).toBe(true)

    await setUserTeams(t.db, `erin-${dialect}`, ['blue'])
    await erin.pullAll()
    expect(pulledCustomerIds(erin)).toEqual(await teamCustomerIds(t, teams.blue.id))
    // and the server enforces the new scope at once
    const red = await t.db.read
      .selectFrom('customers')
      .select('id')
      .where('team_id', '=', teams.red.id)
      .limit(1)
      .executeTakeFirstOrThrow()
    const res = await erin.pushOk([
      erin.mutation('customer.update', { customerId: red.id, baseVersion: 0, notes: 'not mine any more' }),
    ])
    // answered as for a made-up id: outside her teams, the customer does not exist for her
    expect(res.results[0]).toMatchObject({
      status: 'rejected',
      error: { code: 'not-found', field: 'args.customerId' },
    })
  })

  it('pokes reach the sockets whose scope a commit touched, and only those', async () => {
    const alice = await liveSocket(t.url, aliceToken)
    const bob = await liveSocket(t.url, bobToken)
    try {
      const admin = new TestClient(t.url, adminToken)
      const res = await admin.pushOk([
        admin.mutation('customer.create', { id: newId(), name: 'Poked', teamId: teams.red.id }),
      ])
      expect(res.results[0]!.status).toBe('applied')
      expect(await waitFor(() => alice.messages.length > 0)).toBe(true)
      expect(alice.messages[0]).toMatchObject({ type: 'poke' })
      expect(alice.messages[0]!.version).toBeGreaterThan(0)
      await new Promise((r) => setTimeout(r, 200))
      expect(bob.messages).toHaveLength(0)
    } finally {
      alice.ws.close()
      bob.ws.close()
    }
  })

  it('the live socket needs a valid token', async () => {
    await expect(liveSocket(t.url, 'forged')).rejects.toThrow(/401/)
  })
})

describe('two server processes on one PostgreSQL share pokes', () => {
  it('a push on one server pokes a socket on the other (LISTEN/NOTIFY)', async () => {
    const a = await startTestServer('postgres')
    const b = await startTestServer('postgres', {}, a.fresh)
    try {
      const teams = await seedUsers(a.db)
      const onB = await liveSocket(b.url, (await loginAs(b.url, 'alice')).accessToken)
      const admin = new TestClient(a.url, (await loginAs(a.url, 'admin')).accessToken)
      await admin.pushOk([
        admin.mutation('customer.create', { id: newId(), name: 'Across', teamId: teams.red.id }),
      ])
      expect(await waitFor(() => onB.messages.length > 0)).toBe(true)
      expect(onB.messages[0]).toMatchObject({ type: 'poke' })
      onB.ws.close()
    } finally {
      await b.close()
      await a.close()
    }
  })
})
