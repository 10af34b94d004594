import { describe, expect, it } from 'vitest'
import { z } from 'zod'
import { applyMutation } from './apply'
import { reject } from './errors'
import { MemoryStore } from './memory-store'
import { defineMutator } from './mutator'
import type { MutatorRegistry } from './registry'
import { mutators, mutatorVersions } from './registry'
import type { MutationContext } from './types'

const ctx = (mid = 1, extra: Partial<MutationContext> = {}): MutationContext => ({
  userId: 'u1',
  role: 'admin',
  teamIds: [],
  now: '2026-03-04T15:00:00.000Z',
  clientId: 'client-1',
  mid,
  ...extra,
})

/** v2 takes `{ title }`; v1 took `{ name }` and is upgraded. */
const note = defineMutator({
  name: 'note.add',
  version: 2,
  args: z.object({ id: z.string(), title: z.string().min(3) }),
  legacy: { 1: { upgrade: (a) => ({ id: (a as { id: string }).id, title: (a as { name: string }).name }) } },
  scope: async () => ({ anyone: true }),
  async run(tx, args) {
    if (await tx.replayOf('kbArticles', args.id, { title: args.title })) return
    await tx.insert('kbArticles', { id: args.id, title: args.title })
    if (args.title === 'boom') reject('invalid-state', 'refused after a write')
    return { flags: ['noted', 'noted'], reasons: [{ ruleId: 'T-1', message: 'noted' }] }
  },
})
const failing = defineMutator({
  name: 'note.fail',
  version: 1,
  args: z.object({ kind: z.enum(['store', 'policy']) }),
  scope: async () => ({ anyone: true }),
  async run(_tx, args) {
    if (args.kind === 'policy') {
      const e = new Error('start: not an instant')
      e.name = 'PolicyInputError'
      throw e
    }
    throw new Error('database went away')
  },
})
const registry: MutatorRegistry = { 'note.add': note, 'note.fail': failing }

describe('applyMutation', () => {
  it('runs the current version and de-duplicates flags', async () => {
    const store = new MemoryStore()
    const out = await applyMutation(
      store,
      { name: 'note.add', mv: 2, args: { id: 'n1', title: 'Hello' } },
      ctx(),
      registry,
    )
    expect(out).toEqual({
      status: 'applied',
      flags: ['noted'],
      reasons: [{ ruleId: 'T-1', message: 'noted' }],
      actions: [],
      writes: [{ table: 'kbArticles', id: 'n1' }],
    })
  })

  it('upgrades the args of a supported older version', async () => {
    const store = new MemoryStore()
    const out = await applyMutation(
      store,
      { name: 'note.add', mv: 1, args: { id: 'n1', name: 'Hello' } },
      ctx(),
      registry,
    )
    expect(out.status).toBe('applied')
    expect(await store.get('kbArticles', 'n1')).toMatchObject({ title: 'Hello' })
  })

  it('refuses a version it does not know, older or newer', async () => {
    const store = new MemoryStore()
    const newer = await applyMutation(store, { name: 'note.add', mv: 3, args: {} }, ctx(), registry)
    expect(newer).toMatchObject({ status: 'rejected', error: { code: 'unsupported-version', field: 'mv' } })
    const older = await applyMutation(store, { name: 'customer.create', mv: 0, args: {} }, ctx())
    expect(older.status === 'rejected' && older.error.message).toMatch(/Update Caseload/)
  })

  it('names the field of the first validation error', async () => {
    const out = await applyMutation(
      new MemoryStore(),
      { name: 'note.add', mv: 2, args: { id: 'n1', title: 'x' } },
      ctx(),
      registry,
    )
    expect(out).toMatchObject({ status: 'rejected', error: { code: 'invalid', field: 'args.title' } })
    expect(out.status === 'rejected' && out.error.message).toMatch(/^args\.title: /)
  })

  it('writes nothing when the mutator refuses after buffering a write', async () => {
    const store = new MemoryStore()
    const out = await applyMutation(
      store,
      { name: 'note.add', mv: 2, args: { id: 'n1', title: 'boom' } },
      ctx(),
      registry,
    )
    expect(out).toMatchObject({ status: 'rejected', error: { code: 'invalid-state' } })
    expect(await store.get('kbArticles', 'n1')).toBeUndefined()
    expect(store.version).toBe(0)
  })

  it('turns a PolicyInputError into a refusal and lets a store failure through (transient)', async () => {
    const store = new MemoryStore()
    const policy = await applyMutation(
      store,
      { name: 'note.fail', mv: 1, args: { kind: 'policy' } },
      ctx(),
      registry,
    )
    expect(policy).toMatchObject({
      status: 'rejected',
      error: { code: 'invalid', message: 'start: not an instant' },
    })
    await expect(
      applyMutation(store, { name: 'note.fail', mv: 1, args: { kind: 'store' } }, ctx(), registry),
    ).rejects.toThrow('database went away')
  })

  it('refuses a malformed context loudly (a caller bug, not a user error)', async () => {
    await expect(
      applyMutation(
        new MemoryStore(),
        { name: 'note.add', mv: 2, args: {} },
        ctx(1, { now: 'yesterday' }),
        registry,
      ),
    ).rejects.toThrow(/now/)
  })

  it('does not resolve names from the prototype', async () => {
    const out = await applyMutation(new MemoryStore(), { name: 'toString', mv: 1, args: {} }, ctx())
    expect(out).toMatchObject({ status: 'rejected', error: { code: 'unknown-mutator' } })
  })
})

describe('the registry', () => {
  it('names every mutator as it is registered, with its versions', () => {
    for (const [name, m] of Object.entries(mutators)) {
      expect(m.name).toBe(name)
      expect(mutatorVersions[name]?.current).toBe(m.version)
    }
    expect(Object.keys(mutators)).toEqual(
      expect.arrayContaining([
        'incident.open',
        'timeEntry.log',
        'license.transfer',
        'anomaly.linkPatch',
        'plan.save',
        'calendar.save',
      ]),
    )
  })
})
