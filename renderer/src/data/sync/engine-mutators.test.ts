/**
 * The engine with the production mutators (shared/mutations through `sharedMutatorRunner`, the default runner):
 * P1 with real mutators, including a mutator run whose native await chain outlasts Dexie's zone echoes.
 */
import 'fake-indexeddb/auto'
import { describe, expect, it } from 'vitest'
import { v7 as uuidv7 } from 'uuid'
import type { MutationArgsMap } from '@shared/mutations/registry'
import type { RunnerOutcome } from './runner'
import { sharedMutatorRunner } from './shared-runner'
import { FakeServer } from '../testing/fake-server'
import { makeClient, type TestClient } from '../testing/harness'

const team = uuidv7()
const engineer = { userId: uuidv7(), role: 'engineer' as const, teamIds: [team] }

// Inside a Dexie zone the global `Promise` is Dexie's; an async function's own promise is always native.
const NativePromise = (async () => {})().constructor as PromiseConstructor
const nativeTick = () => new NativePromise<void>((resolve) => queueMicrotask(resolve))

/** the production runner behind a long chain of native awaits before and after the mutator (zone loss) */
const slowRunner = {
  version: sharedMutatorRunner.version,
  async run(...args: Parameters<typeof sharedMutatorRunner.run>): Promise<RunnerOutcome> {
    for (let i = 0; i < 300; i++) await nativeTick()
    const out = await sharedMutatorRunner.run(...args)
    for (let i = 0; i < 300; i++) await nativeTick()
    return out
  },
}

/**
 * Once `failing.on` is set, every outbox write of `db` fails, as a crash or a full disk would, after the mutator
 * wrote its rows. Installed before the database opens (Dexie builds its middleware stack on open).
 */
function failOutboxWrites(db: TestClient['dbs']['strictDb'], error: () => Error): { on: boolean } {
  const failing = { on: false }
  db.use({
    stack: 'dbcore',
    name: 'outbox-fails',
    create: (down) => ({
      ...down,
      table: (name) => {
        const t = down.table(name)
        return name === 'outbox'
          ? { ...t, mutate: (req) => (failing.on ? Promise.reject(error()) : t.mutate(req)) }
          : t
      },
    }),
  })
  return failing
}

describe('SyncEngine with the shared mutators (P1)', () => {
  it('runs shared/mutations by default: the row and its outbox entry are written together', async () => {
    const c = makeClient<MutationArgsMap>(new FakeServer(), {
      online: false,
      runner: undefined,
      session: () => engineer,
    })
    await c.engine.start()
    const id = uuidv7()
    const r = await c.engine.mutate('customer.create', { id, name: 'Acme Mail', teamId: team })
    expect(r).toMatchObject({ mid: 1, status: 'applied' })
    expect(await c.dbs.db.rows('customers').get(id)).toMatchObject({
      name: 'Acme Mail',
      teamId: team,
      version: 0,
    })
    expect(await c.dbs.db.outbox.toArray()).toMatchObject([
      { mid: 1, name: 'customer.create', writes: [{ table: 'customers', id }] },
    ])
    expect(await c.dbs.db.shadows.get(['customers', id])).toMatchObject({ row: null })
    // a refusal by the real mutator (another team's customer) writes nothing
    const refused = await c.engine.mutate('customer.create', {
      id: uuidv7(),
      name: 'Other',
      teamId: uuidv7(),
    })
    expect(refused).toMatchObject({ mid: null, status: 'rejected', error: { code: 'forbidden' } })
    expect(await c.dbs.db.outbox.count()).toBe(1)
    await c.engine.stop()
  })

  for (const [label, runner] of [
    ['the production runner', undefined],
    ['a runner whose native awaits outlast Dexie zone echoes', slowRunner],
  ] as const) {
    it(`a failure after the row write leaves neither the row nor the outbox entry (${label})`, async () => {
      const c = makeClient<MutationArgsMap>(new FakeServer(), {
        online: false,
        runner,
        session: () => engineer,
      })
      const failing = failOutboxWrites(c.dbs.strictDb, () => new Error('simulated crash after the row write'))
      await c.engine.start()
      const kept = uuidv7()
      await c.engine.mutate('customer.create', { id: kept, name: 'Kept', teamId: team })
      failing.on = true
      const lost = uuidv7()
      await expect(
        c.engine.mutate('customer.create', { id: lost, name: 'Lost', teamId: team }),
      ).rejects.toThrow(/simulated crash/)
      // the rows and the outbox as another connection sees them: nothing of the failed write, all of the first
      expect(await c.dbs.db.rows('customers').get(lost)).toBeUndefined()
      expect(await c.dbs.db.shadows.get(['customers', lost])).toBeUndefined()
      expect(await c.dbs.db.rows('customers').get(kept)).toMatchObject({ name: 'Kept' })
      expect((await c.dbs.db.outbox.toArray()).map((e) => e.mid)).toEqual([1])
      expect((await c.dbs.db.syncState.get('state'))?.lastMid).toBe(1)
      await c.engine.stop()
    })
  }

  it('with a runner that loses the zone, a successful write still lands with its outbox entry', async () => {
    const c = makeClient<MutationArgsMap>(new FakeServer(), {
      online: false,
      runner: slowRunner,
      session: () => engineer,
    })
    await c.engine.start()
    const id = uuidv7()
    expect(await c.engine.mutate('customer.create', { id, name: 'Slow', teamId: team })).toMatchObject({
      mid: 1,
      status: 'applied',
    })
    expect(await c.dbs.db.rows('customers').get(id)).toMatchObject({ name: 'Slow' })
    expect(await c.dbs.db.outbox.count()).toBe(1)
    await c.engine.stop()
  })

  it('a wrong name or a wrong arg is a compile error (tsc checks the @ts-expect-error lines), and still refused when run', async () => {
    const c = makeClient<MutationArgsMap>(new FakeServer(), {
      online: false,
      runner: undefined,
      session: () => engineer,
    })
    await c.engine.start()
    // @ts-expect-error -- no mutator has this name
    await expect(c.engine.mutate('customer.explode', { id: uuidv7() })).rejects.toThrow(/Unknown mutation/)
    // @ts-expect-error -- a customer's name is a string
    const wrongType = await c.engine.mutate('customer.create', { id: uuidv7(), name: 42, teamId: team })
    expect(wrongType).toMatchObject({ mid: null, status: 'rejected', error: { field: 'args.name' } })
    // @ts-expect-error -- teamId is required
    const missing = await c.engine.mutate('customer.create', { id: uuidv7(), name: 'No team' })
    expect(missing).toMatchObject({ mid: null, status: 'rejected', error: { field: 'args.teamId' } })
    const wrongInBatch = await c.engine.mutateAll([
      { name: 'customer.create', args: { id: uuidv7(), name: 'Fine', teamId: team } },
      // @ts-expect-error -- the args of another mutator under this name
      { name: 'customer.create', args: { incidentId: uuidv7(), assigneeId: null } },
    ])
    expect(wrongInBatch).toMatchObject({ ok: false, index: 1, error: { code: 'invalid' } })
    expect(await c.dbs.db.outbox.count()).toBe(0)
    await c.engine.stop()
  })

  it('mutateAll writes every mutation with its own outbox entry, or none when one is refused', async () => {
    const c = makeClient<MutationArgsMap>(new FakeServer(), {
      online: false,
      runner: undefined,
      session: () => engineer,
    })
    await c.engine.start()
    const [a, b] = [uuidv7(), uuidv7()]
    const all = await c.engine.mutateAll([
      { name: 'customer.create', args: { id: a, name: 'First', teamId: team } },
      { name: 'customer.create', args: { id: b, name: 'Second', teamId: team } },
    ])
    expect(all).toMatchObject({
      ok: true,
      results: [
        { mid: 1, status: 'applied' },
        { mid: 2, status: 'applied' },
      ],
    })
    expect((await c.dbs.db.outbox.toArray()).map((e) => e.mid)).toEqual([1, 2])

    // the third of three is another team's customer: the first two are not written either
    const [c1, c2] = [uuidv7(), uuidv7()]
    const refused = await c.engine.mutateAll([
      { name: 'customer.create', args: { id: c1, name: 'Third', teamId: team } },
      { name: 'customer.create', args: { id: c2, name: 'Fourth', teamId: team } },
      { name: 'customer.create', args: { id: uuidv7(), name: 'Not mine', teamId: uuidv7() } },
    ])
    expect(refused).toMatchObject({ ok: false, index: 2, error: { code: 'forbidden' } })
    expect(await c.dbs.db.rows('customers').get(c1)).toBeUndefined()
    expect(await c.dbs.db.rows('customers').get(c2)).toBeUndefined()
    expect((await c.dbs.db.outbox.toArray()).map((e) => e.mid)).toEqual([1, 2])
    expect((await c.dbs.db.syncState.get('state'))?.lastMid).toBe(2)
    // and the next write carries on from the last mid that was kept
    expect(await c.engine.mutate('customer.create', { id: c1, name: 'Third', teamId: team })).toMatchObject({
      mid: 3,
    })
    await c.engine.stop()
  })
})
