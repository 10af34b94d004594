import 'fake-indexeddb/auto' // Dexie's liveQuery needs the globals; each test still gets its own IDBFactory
import { describe, expect, it } from 'vitest'
import { FakeServer, transportFor } from '../testing/fake-server'
import { makeClient, settle } from '../testing/harness'
import { backoffDelay } from './backoff'
import { seededRandom } from './platform'
import { defaultPullLimit, maxPullLimit } from '@shared/protocol'
import { SyncBlockedError } from './engine'

async function customers(c: ReturnType<typeof makeClient>) {
  const rows = await c.dbs.db.rows('customers').toArray()
  return Object.fromEntries(rows.map((r) => [r.id, r.name]))
}

describe('SyncEngine: writes (P1)', () => {
  it('writes the optimistic change and its outbox entry together', async () => {
    const server = new FakeServer()
    const c = makeClient(server, { online: false })
    await c.engine.start()
    const r = await c.engine.mutate('customer.set', { id: 'c1', name: 'Acme' })
    expect(r).toMatchObject({ mid: 1, status: 'applied' })
    expect(await customers(c)).toEqual({ c1: 'Acme' })
    expect(await c.dbs.db.outbox.toArray()).toMatchObject([
      { mid: 1, name: 'customer.set', args: { id: 'c1', name: 'Acme' } },
    ])
    await settle(c.engine)
    expect(c.engine.getStatus().pendingCount).toBe(1)
    await c.engine.stop()
  })

  it('a local refusal writes nothing and is returned, not queued', async () => {
    const c = makeClient(new FakeServer(), { online: false })
    await c.engine.start()
    const r = await c.engine.mutate('customer.set', { id: 'c1', name: '' })
    expect(r).toMatchObject({ mid: null, status: 'rejected', error: { field: 'args.name' } })
    expect(await c.dbs.db.outbox.count()).toBe(0)
    expect(await c.dbs.db.rows('customers').count()).toBe(0)
    await c.engine.stop()
  })

  it('a quota error leaves neither the row nor the outbox entry, and blocks sync visibly', async () => {
    const c = makeClient(new FakeServer(), { online: false })
    c.dbs.strictDb.use({
      stack: 'dbcore',
      name: 'full-disk',
      create: (down) => ({
        ...down,
        table: (name) => {
          const t = down.table(name)
          return name !== 'outbox'
            ? t
            : {
                ...t,
                mutate: () =>
                  Promise.reject(new DOMException('The quota has been exceeded.', 'QuotaExceededError')),
              }
        },
      }),
    })
    await c.engine.start()
    await expect(c.engine.mutate('customer.set', { id: 'c1', name: 'Acme' })).rejects.toBeInstanceOf(
      SyncBlockedError,
    )
    expect(c.engine.getStatus().blocked).toMatchObject({ reason: 'disk-full' })
    expect(await c.dbs.db.rows('customers').count()).toBe(0)
    expect(await c.dbs.db.outbox.count()).toBe(0)
    await c.engine.stop()
  })
})

describe('SyncEngine: push and pull', () => {
  it('offline writes are pushed on reconnect and leave the outbox once a pull acknowledges them (P2, P4)', async () => {
    const server = new FakeServer()
    const c = makeClient(server, { online: false })
    await c.engine.start()
    await c.engine.mutate('customer.set', { id: 'c1', name: 'Acme' })
    await c.engine.mutate('customer.set', { id: 'c2', name: 'Globex' })
    await settle(c.engine)
    expect(server.pushCalls).toBe(0)
    c.network.set(true)
    await settle(c.engine)
    expect(server.get('customers', 'c1')?.name).toBe('Acme')
    expect(server.get('customers', 'c2')?.name).toBe('Globex')
    expect(await c.dbs.db.outbox.count()).toBe(0)
    expect((await c.dbs.db.acknowledged.toArray()).map((e) => e.mid)).toEqual([1, 2])
    // converged: versions are the server's
    expect((await c.dbs.db.rows('customers').get('c1'))?.version).toBe(server.get('customers', 'c1')?.version)
    const s = await c.dbs.db.syncState.get('state')
    expect(s).toMatchObject({ lastMutationId: 2, cursor: server.version, bootstrapped: true })
    expect(c.engine.getStatus()).toMatchObject({
      pendingCount: 0,
      awaitingPullCount: 0,
      online: true,
      leader: true,
    })
    expect(c.engine.getStatus().lastSyncAt).not.toBeNull()
    await c.engine.stop()
  })

  it('replaying a push changes nothing (same input, same result)', async () => {
    const server = new FakeServer()
    const c = makeClient(server)
    await c.engine.start()
    await c.engine.mutate('customer.set', { id: 'c1', name: 'Acme' })
    await settle(c.engine)
    const version = server.version
    const again = await server.push(server.pushed[0]!)
    expect(again.results).toEqual([{ mid: 1, status: 'applied', flags: [], reasons: [] }])
    expect(server.version).toBe(version)
    await c.engine.stop()
  })

  it('rebase keeps a local pending edit over a pulled change, then converges once pushed', async () => {
    const server = new FakeServer()
    await server.serverWrite('customers', { id: 'c1', name: 'Acme' })
    const c = makeClient(server)
    await c.engine.start()
    await settle(c.engine)
    expect(await customers(c)).toEqual({ c1: 'Acme' })
    c.network.set(false)
    await c.engine.mutate('customer.set', { id: 'c1', name: 'Acme Mine' })
    await server.serverWrite('customers', { id: 'c1', name: 'Acme Theirs', city: 'Lyon' })
    await server.serverWrite('customers', { id: 'c9', name: 'Other' })
    // pull only (push fails): the pending edit stays visible over the pulled value
    server.failPushes = 1
    c.network.set(true)
    await settle(c.engine)
    expect(await customers(c)).toEqual({ c1: 'Acme Mine', c9: 'Other' })
    // the replay ran over the server's new row: its other fields are the server's
    expect((await c.dbs.db.rows('customers').get('c1'))?.city).toBe('Lyon')
    expect((await c.dbs.db.shadows.toArray()).map((s) => s.row?.name)).toEqual(['Acme Theirs'])
    c.scheduler.runNext()
    await settle(c.engine)
    expect(server.get('customers', 'c1')?.name).toBe('Acme Mine')
    expect(await customers(c)).toEqual({ c1: 'Acme Mine', c9: 'Other' })
    expect(await c.dbs.db.shadows.count()).toBe(0)
    expect(await c.dbs.db.outbox.count()).toBe(0)
    await c.engine.stop()
  })

  it('a pulled deletion (scope purge) removes the row', async () => {
    const server = new FakeServer()
    await server.serverWrite('customers', { id: 'c1', name: 'Acme' })
    await server.serverWrite('customers', { id: 'c2', name: 'Globex' })
    const c = makeClient(server)
    await c.engine.start()
    await settle(c.engine)
    await server.serverDelete('customers', 'c2')
    c.live.poke(server.version)
    await settle(c.engine)
    expect(await customers(c)).toEqual({ c1: 'Acme' })
    await c.engine.stop()
  })

  it('flagged, rejected and conflicting results show up, with retry, apply mine and discard', async () => {
    const server = new FakeServer()
    await server.serverWrite('customers', { id: 'c1', name: 'Acme' })
    const c = makeClient(server)
    await c.engine.start()
    await settle(c.engine)
    c.network.set(false)
    await c.engine.mutate('customer.set', { id: 'c2', name: 'Flagged', flag: 'over-allowance' })
    await c.engine.mutate('customer.forbidden', { id: 'c3', name: 'Nope' })
    await c.engine.mutate('customer.set', { id: 'c1', name: 'Mine', baseVersion: 1 })
    await server.serverWrite('customers', { id: 'c1', name: 'Theirs' })
    c.network.set(true)
    await settle(c.engine)
    const st = c.engine.getStatus()
    expect(st.flagged).toMatchObject([{ mid: 1, flags: ['over-allowance'], reasons: [{ ruleId: 'T-1' }] }])
    expect(st.rejected).toMatchObject([{ mid: 2, error: { code: 'forbidden' } }])
    expect(st.conflicts).toMatchObject([{ mid: 3, args: { name: 'Mine' } }])
    // the server's results stand locally once pulled
    expect(await customers(c)).toEqual({ c1: 'Theirs', c2: 'Flagged' })

    const mine = await c.engine.applyMine(3)
    expect(mine.status).toBe('applied')
    await settle(c.engine)
    expect(server.get('customers', 'c1')?.name).toBe('Mine')
    expect(c.engine.getStatus().conflicts).toEqual([])

    await c.engine.retryRejected(2)
    await settle(c.engine)
    expect(c.engine.getStatus().rejected).toMatchObject([{ mid: 5 }])
    await c.engine.discard('rejected', 5)
    await c.engine.discard('flagged', 1)
    await settle(c.engine)
    expect(c.engine.getStatus()).toMatchObject({ rejected: [], flagged: [] })
    await c.engine.stop()
  })
})

describe('SyncEngine: failures', () => {
  it('retries a failing push with exponential backoff and seeded jitter', async () => {
    const server = new FakeServer()
    const c = makeClient(server)
    await c.engine.start()
    await settle(c.engine)
    server.failPushes = 4
    await c.engine.mutate('customer.set', { id: 'c1', name: 'Acme' })
    await settle(c.engine)
    const delays: number[] = []
    for (let i = 0; i < 4; i++) {
      delays.push(c.scheduler.nextDelay()!)
      expect(c.engine.getStatus().phase).toBe('waiting-to-retry')
      c.scheduler.runNext()
      await settle(c.engine)
    }
    const r = seededRandom(42)
    expect(delays).toEqual([0, 1, 2, 3].map((n) => backoffDelay(n, r)))
    expect(delays[0]).toBeGreaterThanOrEqual(500)
    expect(delays[3]).toBeGreaterThanOrEqual(4000)
    expect(delays[3]).toBeLessThanOrEqual(8000)
    expect(server.get('customers', 'c1')?.name).toBe('Acme')
    expect(c.engine.getStatus()).toMatchObject({ phase: 'idle', lastError: null, pendingCount: 0 })
    await c.engine.stop()
  })

  it('a page that fails to apply leaves the rows and the cursor unchanged', async () => {
    const server = new FakeServer()
    await server.serverWrite('customers', { id: 'c1', name: 'Acme' })
    const c = makeClient(server)
    let failing = false
    c.dbs.db.use({
      stack: 'dbcore',
      name: 'broken-contacts',
      create: (down) => ({
        ...down,
        table: (name) => {
          const t = down.table(name)
          return name !== 'contacts'
            ? t
            : { ...t, mutate: (req) => (failing ? Promise.reject(new Error('disk error')) : t.mutate(req)) }
        },
      }),
    })
    await c.engine.start()
    await settle(c.engine)
    const before = await c.dbs.db.syncState.get('state')
    await server.serverWrite('customers', { id: 'c1', name: 'Renamed' })
    await server.serverWrite('contacts', { id: 'k1', name: 'Jo' })
    failing = true
    c.live.poke(server.version)
    await settle(c.engine)
    expect(await customers(c)).toEqual({ c1: 'Acme' })
    expect((await c.dbs.db.syncState.get('state'))?.cursor).toBe(before?.cursor)
    expect(c.engine.getStatus().phase).toBe('waiting-to-retry')
    failing = false
    c.scheduler.runNext()
    await settle(c.engine)
    expect(await customers(c)).toEqual({ c1: 'Renamed' })
    expect((await c.dbs.db.syncState.get('state'))?.cursor).toBe(server.version)
    await c.engine.stop()
  })

  it('a 401 after refresh blocks sync as signed out; syncNow retries', async () => {
    const server = new FakeServer()
    const c = makeClient(server, {
      transport: {
        push: (b) => server.push(b),
        pull: async () => {
          throw new (await import('./adapters')).TransportError('unauthorized', 'no')
        },
      },
    })
    await c.engine.start()
    await settle(c.engine)
    expect(c.engine.getStatus().blocked).toMatchObject({ reason: 'signed-out' })
    await c.engine.stop()
  })
})

describe('SyncEngine: bootstrap, live, leader', () => {
  it('bootstraps from cursor 0 in large transactions with progress events', async () => {
    const server = new FakeServer()
    for (let i = 0; i < 25; i++) await server.serverWrite('customers', { id: `c${i}`, name: `Customer ${i}` })
    const c = makeClient(server, { pullLimit: 4, bootstrapBatch: 10 })
    const progress: unknown[] = []
    c.engine.subscribe((s) => {
      if (s.bootstrap && JSON.stringify(progress.at(-1)) !== JSON.stringify(s.bootstrap))
        progress.push(s.bootstrap)
    })
    await c.engine.start()
    await settle(c.engine)
    expect(await c.dbs.db.rows('customers').count()).toBe(25)
    const applied = [...new Set(progress.map((p) => (p as { rowsApplied: number }).rowsApplied))]
    expect(applied).toEqual([0, 12, 24, 25])
    expect(progress.at(-1)).toEqual({ rowsApplied: 25, pages: 7, cursor: 25, done: true })
    expect((await c.dbs.db.syncState.get('state'))?.bootstrapped).toBe(true)
    await c.engine.stop()
  })

  it('bootstraps in pages of the server maximum, fetching the next page while a batch is written; later pulls use small pages', async () => {
    const server = new FakeServer()
    for (let i = 0; i < 25; i++) await server.serverWrite('customers', { id: `c${i}`, name: `Customer ${i}` })
    const limits: number[] = []
    const base = transportFor(server, () => c.clientId)
    const c = makeClient(server, {
      transport: {
        push: (b) => base.push(b),
        pull: (cursor, limit, id) => (limits.push(limit), base.pull(cursor, limit, id)),
      },
    })
    await c.engine.start()
    await settle(c.engine)
    expect(limits).toEqual([maxPullLimit])
    await server.serverWrite('customers', { id: 'late', name: 'Late' })
    c.live.poke(server.version)
    await settle(c.engine)
    expect(limits).toEqual([maxPullLimit, defaultPullLimit])
    expect(await c.dbs.db.rows('customers').count()).toBe(26)
    await c.engine.stop()
  })

  it('a batch that fails to write drops the page fetched ahead: the cursor stays with the data, and the retry resumes there', async () => {
    const server = new FakeServer()
    for (let i = 0; i < 30; i++) await server.serverWrite('customers', { id: `c${i}`, name: `Customer ${i}` })
    const c = makeClient(server, { pullLimit: 5, bootstrapBatch: 10 })
    let puts = 0
    c.dbs.db.use({
      stack: 'dbcore',
      name: 'fail-second-batch',
      create: (down) => ({
        ...down,
        table: (name) => {
          const t = down.table(name)
          if (name !== 'customers') return t
          return {
            ...t,
            mutate: (req) => (++puts === 2 ? Promise.reject(new Error('disk hiccup')) : t.mutate(req)),
          }
        },
      }),
    })
    await c.engine.start()
    await settle(c.engine)
    // the first batch (10 rows) and its cursor landed; the second failed whole
    expect((await c.dbs.db.syncState.get('state'))?.cursor).toBe(10)
    expect(await c.dbs.db.rows('customers').count()).toBe(10)
    await c.engine.syncNow()
    await settle(c.engine)
    expect(await c.dbs.db.rows('customers').count()).toBe(30)
    expect((await c.dbs.db.syncState.get('state'))?.bootstrapped).toBe(true)
    await c.engine.stop()
  })

  it('drains a long outbox in batches and pulls once it is drained, not between batches', async () => {
    // each pull rebases what is still pending: pulling between batches would replay the outbox once per batch
    const server = new FakeServer()
    const c = makeClient(server, { online: false, pushBatch: 10 })
    await c.engine.start()
    for (let i = 1; i <= 35; i++)
      await c.engine.mutate('customer.set', { id: `c${i}`, name: `Customer ${i}` })
    await settle(c.engine)
    const pullsBefore = server.pullCalls
    c.network.set(true)
    await settle(c.engine)
    expect(server.pushCalls).toBe(4)
    expect(server.pullCalls - pullsBefore).toBe(1)
    expect(await c.dbs.db.outbox.count()).toBe(0)
    expect(Object.keys(await customers(c))).toHaveLength(35)
    await c.engine.stop()
  })

  it('pulls on a poke and after every reconnect of the live channel', async () => {
    const server = new FakeServer()
    const c = makeClient(server)
    await c.engine.start()
    await settle(c.engine)
    const pulls = server.pullCalls
    c.live.poke(0) // nothing newer than our cursor
    await settle(c.engine)
    expect(server.pullCalls).toBe(pulls)
    await server.serverWrite('customers', { id: 'c1', name: 'Acme' })
    c.live.poke(server.version)
    await settle(c.engine)
    expect(await customers(c)).toEqual({ c1: 'Acme' })
    await server.serverWrite('customers', { id: 'c2', name: 'Missed' }) // the poke is lost while disconnected
    c.live.open()
    await settle(c.engine)
    expect(await customers(c)).toEqual({ c1: 'Acme', c2: 'Missed' })
    await c.engine.stop()
  })

  it('one leader per database; another window takes over when it closes', async () => {
    const server = new FakeServer()
    const first = makeClient(server)
    const { InProcessLeaderLock } = await import('./platform')
    const lock = new InProcessLeaderLock()
    const a = makeClient(server, { lock })
    const b = makeClient(server, { lock, dbs: a.dbs, live: first.live })
    await a.engine.start()
    await b.engine.start()
    await settle(a.engine)
    expect(a.engine.getStatus().leader).toBe(true)
    expect(b.engine.getStatus().leader).toBe(false)
    // the follower writes; the leader pushes it
    await b.engine.mutate('customer.set', { id: 'c1', name: 'From B' })
    await settle(a.engine)
    await settle(b.engine)
    expect(server.get('customers', 'c1')?.name).toBe('From B')
    await a.engine.stop()
    expect(b.engine.getStatus().leader).toBe(true)
    await b.engine.mutate('customer.set', { id: 'c2', name: 'After takeover' })
    await settle(b.engine)
    expect(server.get('customers', 'c2')?.name).toBe('After takeover')
    await b.engine.stop()
  })
})

describe('SyncEngine: epoch change (server restored from a backup)', () => {
  it('re-pushes what the server lacks, re-bootstraps, never wipes the outbox, and asks before deleting', async () => {
    const server = new FakeServer()
    await server.serverWrite('customers', { id: 'c1', name: 'Acme' })
    const c = makeClient(server)
    await c.engine.start()
    await settle(c.engine)
    const restore = server.snapshot()
    await c.engine.mutate('customer.set', { id: 'c2', name: 'Acked before the crash' })
    await settle(c.engine)
    expect(await c.dbs.db.outbox.count()).toBe(0)
    await server.serverWrite('customers', { id: 'c3', name: 'Lost on the server' })
    c.live.poke(server.version)
    await settle(c.engine)
    expect(await customers(c)).toMatchObject({ c3: 'Lost on the server' })

    restore()
    c.network.set(false)
    await c.engine.mutate('customer.set', { id: 'c4', name: 'Offline, pending' })
    c.network.set(true)
    await settle(c.engine)

    // what the server lacked was pushed again, the pending one too
    expect(server.get('customers', 'c2')?.name).toBe('Acked before the crash')
    expect(server.get('customers', 'c4')?.name).toBe('Offline, pending')
    const state = await c.dbs.db.syncState.get('state')
    expect(state).toMatchObject({ epoch: server.epoch, bootstrapped: true, lastMutationId: 2 })
    expect(await c.dbs.db.outbox.count()).toBe(0)
    // c3 is gone from the server: kept locally until the user decides
    expect(c.engine.getStatus().serverReset).toEqual({ missingRows: 1 })
    expect(await customers(c)).toEqual({
      c1: 'Acme',
      c2: 'Acked before the crash',
      c3: 'Lost on the server',
      c4: 'Offline, pending',
    })
    await c.engine.confirmServerReset()
    expect(await customers(c)).toEqual({ c1: 'Acme', c2: 'Acked before the crash', c4: 'Offline, pending' })
    expect(c.engine.getStatus().serverReset).toBeNull()
    await c.engine.stop()
  })
})
