/**
 * A server restored from a backup (new epoch): the offer to delete what it forgot survives a restart, a row it
 * sends again leaves that offer, and a backup older than this client's archive does not block sync.
 */
import 'fake-indexeddb/auto'
import { describe, expect, it } from 'vitest'
import type { Transport } from './adapters'
import { FakeServer } from '../testing/fake-server'
import { makeClient, settle, type TestClient } from '../testing/harness'

/** the client's own clientId on every pull (the harness binds the first one) */
const direct = (server: FakeServer): Transport => ({
  push: (body) => server.push(body),
  pull: (cursor, limit, clientId) => server.pull(cursor, limit, clientId),
})

async function names(c: TestClient): Promise<Record<string, unknown>> {
  const rows = await c.dbs.db.rows('customers').toArray()
  return Object.fromEntries(rows.map((r) => [r.id, r.name]))
}

describe('SyncEngine: epoch change, continued', () => {
  it('keeps the list of rows the restored server lacks across a restart, and drops a row the server sends again', async () => {
    const server = new FakeServer()
    const c = makeClient(server, { transport: direct(server) })
    await c.engine.start()
    await settle(c.engine)
    const restore = server.snapshot()
    await server.serverWrite('customers', { id: 'x1', name: 'Lost 1' })
    await server.serverWrite('customers', { id: 'x2', name: 'Lost 2' })
    c.live.poke(server.version)
    await settle(c.engine)
    expect(await names(c)).toEqual({ x1: 'Lost 1', x2: 'Lost 2' })
    restore()
    await c.engine.syncNow()
    await settle(c.engine)
    expect(c.engine.getStatus().serverReset).toEqual({ missingRows: 2 })

    // the app restarts: the offer is still there
    await c.engine.stop()
    const again = makeClient(server, { dbs: c.dbs, transport: direct(server) })
    await again.engine.start()
    await settle(again.engine)
    expect(again.engine.getStatus().serverReset).toEqual({ missingRows: 2 })

    // someone writes x1 again on the server: it is no longer missing, and confirming keeps it
    await server.serverWrite('customers', { id: 'x1', name: 'Back' })
    await again.engine.syncNow()
    await settle(again.engine)
    expect(again.engine.getStatus().serverReset).toEqual({ missingRows: 1 })
    await again.engine.confirmServerReset()
    expect(await names(again)).toEqual({ x1: 'Back' })
    expect(again.engine.getStatus().serverReset).toBeNull()
    await again.engine.stop()
  })

  it('a backup older than the archive: a new clientId and the pending mutations renumbered, not a blocked sync', async () => {
    const server = new FakeServer()
    let ids = 0
    const c = makeClient(server, {
      transport: direct(server),
      newId: () => `0190c2a0-0000-7000-8000-${String(++ids).padStart(12, '9')}`,
    })
    await c.engine.start()
    await c.engine.mutate('customer.set', { id: 'c1', name: 'One' })
    await settle(c.engine)
    const restore = server.snapshot() // the server knows mid 1
    await c.engine.mutate('customer.set', { id: 'c2', name: 'Two' })
    await c.engine.mutate('customer.set', { id: 'c3', name: 'Three', flag: 'billable' })
    await settle(c.engine)
    expect(await c.dbs.db.outbox.count()).toBe(0)
    const oldClientId = (await c.dbs.db.syncState.get('state'))!.clientId
    // the archive no longer has mid 2 (pruned), then the server comes back from the old backup
    await c.dbs.db.acknowledged.delete(2)
    restore()
    c.network.set(false)
    await c.engine.mutate('customer.set', { id: 'c4', name: 'Pending' })
    c.network.set(true)
    await settle(c.engine)

    const state = (await c.dbs.db.syncState.get('state'))!
    expect(c.engine.getStatus().blocked).toBeNull()
    expect(state.clientId).not.toBe(oldClientId)
    expect(await c.dbs.db.outbox.count()).toBe(0)
    // mid 3 (still archived) and the pending mid 4 went out again as mids 1 and 2 of the new clientId
    expect(server.lastMid.get(state.clientId)).toBe(2)
    expect(server.get('customers', 'c3')?.name).toBe('Three')
    expect(server.get('customers', 'c4')?.name).toBe('Pending')
    // the old id's flag records moved out of the way of the new numbering (negative keys); the new one is there
    const flagged = c.engine.getStatus().flagged
    expect(flagged.map((f) => [f.mid, f.name, f.flags])).toEqual([
      [-1, 'customer.set', ['billable']],
      [1, 'customer.set', ['billable']],
    ])
    // c2 is what the server lost with nobody to send it again: offered, not deleted
    expect(await names(c)).toMatchObject({ c1: 'One', c2: 'Two', c3: 'Three', c4: 'Pending' })
    expect(c.engine.getStatus().serverReset).toEqual({ missingRows: 1 })
    await c.engine.stop()
  })

  it('keeps acknowledged mutations for re-pushing for 30 days, then prunes them', async () => {
    const server = new FakeServer()
    const c = makeClient(server, { transport: direct(server) })
    await c.engine.start()
    const day = 24 * 3600_000
    await c.engine.mutate('customer.set', { id: 'c1', name: 'One' })
    await settle(c.engine)
    c.scheduler.advance(20 * day)
    await c.engine.mutate('customer.set', { id: 'c2', name: 'Two' })
    await settle(c.engine)
    expect((await c.dbs.db.acknowledged.toArray()).map((e) => e.mid)).toEqual([1, 2])
    c.scheduler.advance(11 * day)
    await c.engine.mutate('customer.set', { id: 'c3', name: 'Three' })
    await settle(c.engine)
    expect((await c.dbs.db.acknowledged.toArray()).map((e) => e.mid)).toEqual([2, 3])
    await c.engine.stop()
  })
})
