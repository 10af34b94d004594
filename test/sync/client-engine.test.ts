/**
 * The renderer's sync engine (renderer/src/data) against the real server over HTTP, on SQLite and PostgreSQL:
 * offline writes pushed on reconnect, rebase of pending edits over pulled changes, flagged and rejected results
 * shown locally, scope purge. Both sides run the same small test mutator (injected into the server), so this
 * exercises the engine and the protocol, not the product's mutators.
 */
import 'fake-indexeddb/auto'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { v7 as uuidv7 } from 'uuid'
import type { Store } from '../../shared/mutations/store'
import { SyncEngine } from '../../renderer/src/data/sync/engine'
import { HttpTransport } from '../../renderer/src/data/sync/http-transport'
import { InProcessLeaderLock, ManualNetworkStatus } from '../../renderer/src/data/sync/platform'
import type { Transport } from '../../renderer/src/data/sync/adapters'
import { TransportError } from '../../renderer/src/data/sync/adapters'
import type { RunnerCall, RunnerContext, RunnerOutcome } from '../../renderer/src/data/sync/runner'
import { testRunner, type TestMutations } from '../../renderer/src/data/testing/fake-server'
import { freshIdb, testDatabases } from '../../renderer/src/data/testing/fake-idb'
import type { ServerOptions } from '../../server/src/http/app'
import { dialects, stopPostgres } from '../support/databases'
import { loginAs, seedUsers, startTestServer, type Team, type TestServer } from '../support/server'

afterAll(stopPostgres)

/** the server's runner: the client's, plus a refusal only the server makes (P6: the client can't know) */
async function serverRunner(store: Store, call: RunnerCall, ctx: RunnerContext): Promise<RunnerOutcome> {
  if (call.name === 'customer.forbidden')
    return { status: 'rejected', error: { code: 'forbidden', message: 'Not your customer.' } }
  return testRunner.run(store, call, ctx)
}

interface Client {
  engine: SyncEngine<TestMutations>
  network: ManualNetworkStatus
  failPushes: { n: number }
  names(): Promise<Record<string, unknown>>
  close(): Promise<void>
}

async function client(t: TestServer, username: string): Promise<Client> {
  const login = await loginAs(t.url, username)
  const dbs = testDatabases(freshIdb())
  const network = new ManualNetworkStatus(true)
  const http = new HttpTransport({
    baseUrl: t.url,
    accessToken: () => login.accessToken,
    refresh: async () => null,
  })
  const failPushes = { n: 0 }
  const transport: Transport = {
    push: (body) => {
      if (failPushes.n > 0) {
        failPushes.n--
        return Promise.reject(new TransportError('network', 'cable pulled'))
      }
      return http.push(body)
    },
    pull: (cursor, limit, clientId) => http.pull(cursor, limit, clientId),
  }
  const engine = new SyncEngine<TestMutations>({
    db: dbs.db,
    strictDb: dbs.strictDb,
    runner: testRunner,
    transport,
    session: () => ({ userId: login.user.id, role: 'engineer', teamIds: login.user.teams }),
    network,
    lock: new InProcessLeaderLock(),
    backoff: { baseMs: 10, maxMs: 50 },
  })
  engine.subscribe((s) => {
    if (s.lastError && process.env.DEBUG_SYNC) console.log(username, s.phase, s.lastError)
  })
  await engine.start()
  await engine.idle()
  return {
    engine,
    network,
    failPushes,
    async names() {
      const rows = await dbs.db.rows('customers').toArray()
      return Object.fromEntries(rows.map((r) => [r.id, r.name]))
    },
    async close() {
      await engine.stop()
      dbs.close()
    },
  }
}

const until = async (check: () => Promise<boolean> | boolean, ms = 5000) => {
  const end = Date.now() + ms
  while (!(await check())) {
    if (Date.now() > end) throw new Error('timed out')
    await new Promise((r) => setTimeout(r, 20))
  }
}

describe.each(dialects)('sync engine against the server on %s', (dialect) => {
  let t: TestServer
  let teams: { red: Team; blue: Team }

  beforeAll(async () => {
    // the server's runner types are shared/mutations' (stricter error codes); the shapes are the same
    t = await startTestServer(dialect, {
      runMutation: serverRunner as unknown as ServerOptions['runMutation'],
    })
    teams = await seedUsers(t.db)
  })
  afterAll(async () => t?.close())

  it('offline writes are pushed on reconnect and another client sees them', async () => {
    const a = await client(t, 'alice')
    const id1 = uuidv7()
    const id2 = uuidv7()
    a.network.set(false)
    await a.engine.mutate('customer.set', { id: id1, name: 'Offline One', teamId: teams.red.id })
    await a.engine.mutate('customer.set', { id: id2, name: 'Offline Two', teamId: teams.red.id })
    expect(a.engine.getStatus().online).toBe(false)
    a.network.set(true)
    await until(
      async () => a.engine.getStatus().pendingCount === 0 && a.engine.getStatus().awaitingPullCount === 0,
    )
    const b = await client(t, 'alice')
    await until(async () => (await b.engine.syncNow(), (await b.names())[id2] === 'Offline Two'))
    expect(await b.names()).toMatchObject({ [id1]: 'Offline One', [id2]: 'Offline Two' })
    await a.close()
    await b.close()
  })

  it('rebase keeps a local pending edit over a pulled change, then both converge', async () => {
    const a = await client(t, 'alice')
    const b = await client(t, 'alice')
    const id = uuidv7()
    await a.engine.mutate('customer.set', { id, name: 'Original', teamId: teams.red.id })
    await until(async () => (await b.engine.syncNow(), (await b.names())[id] === 'Original'))
    a.failPushes.n = 1_000_000 // a is cut off from push until b's write has landed
    await a.engine.mutate('customer.set', { id, name: 'Mine (pending)' })
    await b.engine.mutate('customer.set', { id, name: 'Theirs' })
    await until(() => b.engine.getStatus().pendingCount === 0)
    // a's push fails, its pull still runs: the pending edit stays on top of the pulled value
    await a.engine.syncNow()
    expect((await a.names())[id]).toBe('Mine (pending)')
    expect(a.engine.getStatus().pendingCount).toBe(1)
    a.failPushes.n = 0
    await until(
      async () => a.engine.getStatus().pendingCount === 0 && a.engine.getStatus().awaitingPullCount === 0,
    )
    expect((await a.names())[id]).toBe('Mine (pending)')
    await until(async () => (await b.engine.syncNow(), (await b.names())[id] === 'Mine (pending)'))
    await a.close()
    await b.close()
  })

  it('flagged and rejected results show up locally, and a rejected write disappears from the tables', async () => {
    const a = await client(t, 'alice')
    const flaggedId = uuidv7()
    const refusedId = uuidv7()
    await a.engine.mutate('customer.set', {
      id: flaggedId,
      name: 'Flagged',
      teamId: teams.red.id,
      flag: 'over-allowance',
    })
    await a.engine.mutate('customer.forbidden', { id: refusedId, name: 'Refused', teamId: teams.red.id })
    expect((await a.names())[refusedId]).toBe('Refused') // optimistic
    await until(
      async () => a.engine.getStatus().rejected.length === 1 && a.engine.getStatus().awaitingPullCount === 0,
    )
    const s = a.engine.getStatus()
    expect(s.flagged).toMatchObject([{ name: 'customer.set', flags: ['over-allowance'] }])
    expect(s.rejected).toMatchObject([{ name: 'customer.forbidden', error: { code: 'forbidden' } }])
    expect(await a.names()).toMatchObject({ [flaggedId]: 'Flagged' })
    expect((await a.names())[refusedId]).toBeUndefined()
    await a.close()
  })

  it('a customer moved to another team is purged from the client', async () => {
    const a = await client(t, 'alice')
    const admin = await client(t, 'admin')
    const id = uuidv7()
    await a.engine.mutate('customer.set', { id, name: 'Moving', teamId: teams.red.id })
    await until(
      async () => a.engine.getStatus().awaitingPullCount === 0 && a.engine.getStatus().pendingCount === 0,
    )
    await until(async () => (await admin.engine.syncNow(), (await admin.names())[id] === 'Moving'))
    await admin.engine.mutate('customer.set', { id, name: 'Moving', teamId: teams.blue.id })
    await until(async () => admin.engine.getStatus().pendingCount === 0)
    await until(async () => (await a.engine.syncNow(), (await a.names())[id] === undefined))
    expect(await a.engine.getStatus().blocked).toBeNull()
    await a.close()
    await admin.close()
  })
})
