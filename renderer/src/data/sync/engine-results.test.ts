/**
 * P3 on the client: a mutation leaves the outbox only once the client was told its result. The server may be
 * ahead of what the client heard (a push answer lost after the commit, then a retry in a smaller batch); the
 * pull's lastMutationId must not acknowledge those mids, the re-push brings their stored results.
 */
import 'fake-indexeddb/auto'
import { describe, expect, it } from 'vitest'
import type { PushResponse } from '@shared/protocol'
import { TransportError } from './adapters'
import { FakeServer } from '../testing/fake-server'
import { makeClient, settle } from '../testing/harness'

describe('SyncEngine: results are never skipped (P3)', () => {
  it('a push whose answer was lost is pushed again for its result before it leaves the outbox', async () => {
    const server = new FakeServer()
    let loseNext = true
    const c = makeClient(server, {
      online: false,
      transport: {
        push: async (body): Promise<PushResponse> => {
          const res = await server.push(body)
          if (loseNext) {
            loseNext = false
            throw new TransportError('network', 'connection reset after commit')
          }
          return res
        },
        pull: (cursor, limit) => server.pull(cursor, limit, server.clientIdOf()),
      },
    })
    await c.engine.start()
    await c.engine.mutate('customer.set', { id: 'c1', name: 'Flag me', flag: 'over-allowance' })
    await c.engine.mutate('customer.forbidden', { id: 'c2', name: 'Not mine' })
    c.network.set(true)
    await settle(c.engine) // the answer is lost: the engine waits to retry
    expect(server.lastMid.get(server.clientIdOf())).toBe(2)
    await c.engine.syncNow() // a pull alone must not acknowledge mids 1 and 2
    c.scheduler.advance(60_000)
    await settle(c.engine)
    const s = c.engine.getStatus()
    expect(await c.dbs.db.outbox.count()).toBe(0)
    expect(s.flagged).toMatchObject([{ mid: 1, flags: ['over-allowance'] }])
    expect(s.rejected).toMatchObject([{ mid: 2, error: { code: 'forbidden' } }])
    await c.engine.stop()
  })

  it('pushedThrough stops at the last mid the answer covered, even if the server is further', async () => {
    const server = new FakeServer()
    const c = makeClient(server, { online: false, pushBatch: 1 })
    await c.engine.start()
    await c.engine.mutate('customer.set', { id: 'c1', name: 'One' })
    await c.engine.mutate('customer.set', { id: 'c2', name: 'Two', flag: 'billable' })
    // mids 1 and 2 reached the server from an earlier run of this client whose answer never came back
    const state = (await c.dbs.db.syncState.get('state'))!
    await server.push({
      protocol: 1,
      clientId: state.clientId,
      mutations: (await c.dbs.db.outbox.toArray()).map(({ mid, name, mv, args, at }) => ({
        mid,
        name,
        mv,
        args,
        at,
      })),
    })
    c.network.set(true)
    await settle(c.engine)
    expect(await c.dbs.db.outbox.count()).toBe(0)
    expect(c.engine.getStatus().flagged).toMatchObject([{ mid: 2, flags: ['billable'] }])
    await c.engine.stop()
  })
})
