import { describe, expect, it } from 'vitest'
import { MemoryStore } from './memory-store'
import { Tx } from './tx'
import { derivedId } from './ids'
import type { MutationContext } from './types'

const ctx = (clientId = 'c1', mid = 1): MutationContext => ({
  userId: 'u1',
  role: 'admin',
  teamIds: [],
  now: '2026-03-04T15:00:00.000Z',
  clientId,
  mid,
})

async function seeded(): Promise<MemoryStore> {
  const store = new MemoryStore()
  const tx = new Tx(store, ctx('seed'))
  await tx.insert('contacts', { id: 'a', customerId: 'c', name: 'A' })
  await tx.insert('contacts', { id: 'b', customerId: 'c', name: 'B' })
  await tx.flush()
  return store
}

describe('Tx', () => {
  it('reads its own buffered writes in queries, and only writes on flush', async () => {
    const store = await seeded()
    const tx = new Tx(store, ctx())
    await tx.insert('contacts', { id: 'c', customerId: 'c', name: 'C' })
    await tx.update('contacts', 'a', { customerId: 'other' })
    await tx.remove('contacts', 'b')
    expect((await tx.query('contacts', 'customerId', 'c')).map((r) => r.id)).toEqual(['c'])
    expect((await store.query('contacts', 'customerId', 'c')).map((r) => r.id).sort()).toEqual(['a', 'b'])
    expect(await tx.flush()).toEqual([
      { table: 'contacts', id: 'c' },
      { table: 'contacts', id: 'a' },
      { table: 'contacts', id: 'b' },
    ])
    expect((await store.query('contacts', 'customerId', 'c')).map((r) => r.id)).toEqual(['c'])
    expect(await store.get('contacts', 'b')).toMatchObject({ deleted: true })
  })

  it('writes nothing for an update to the same value', async () => {
    const store = await seeded()
    const before = store.version
    const tx = new Tx(store, ctx())
    await tx.update('contacts', 'a', { name: 'A' })
    expect(await tx.flush()).toEqual([])
    expect(store.version).toBe(before)
  })

  it('records who changed a field on top of which version, and reports a later stale edit as a conflict', async () => {
    const store = await seeded()
    const seen = (await store.get('contacts', 'a'))!.version
    const t1 = new Tx(store, ctx('alice'))
    await t1.update('contacts', 'a', { name: 'Alice' }, { baseVersion: seen })
    await t1.flush()
    expect((await store.get('contacts', 'a'))!.fieldChanges).toEqual({ name: { after: seen, by: 'alice' } })

    const t2 = new Tx(store, ctx('bob'))
    const row = await t2.update('contacts', 'a', { name: 'Bob', customerId: 'c2' }, { baseVersion: seen })
    expect(row).toMatchObject({ name: 'Alice', customerId: 'c2' })
    expect(t2.conflicts).toEqual([
      {
        table: 'contacts',
        id: 'a',
        field: 'name',
        serverValue: 'Alice',
        clientValue: 'Bob',
        serverChangedBy: 'alice',
      },
    ])

    const latest = (await store.get('contacts', 'a'))!.version
    const t3 = new Tx(store, ctx('bob', 2))
    await t3.update('contacts', 'a', { name: 'Bob' }, { baseVersion: latest })
    expect(t3.conflicts).toEqual([])
  })

  it('treats null and a missing field alike (a SQL store cannot tell them apart)', async () => {
    const store = await seeded()
    const tx = new Tx(store, ctx())
    await tx.update('contacts', 'a', { phone: null })
    expect(await tx.flush()).toEqual([])
  })

  it('refuses to create over a row of another mutation unless the content is the same', async () => {
    const store = await seeded()
    const tx = new Tx(store, ctx('other'))
    await expect(tx.replayOf('contacts', 'a', { name: 'Different' })).rejects.toMatchObject({
      code: 'duplicate-id',
      field: 'args.id',
    })
    expect(await tx.replayOf('contacts', 'a', { name: 'A' })).toMatchObject({ id: 'a' })
    const same = new Tx(store, ctx('seed'))
    expect(await same.replayOf('contacts', 'b', { name: 'whatever' })).toMatchObject({ id: 'b' })
  })

  it('derives the same side-row ids for the same mutation, different ones otherwise', () => {
    const a = new Tx(new MemoryStore(), ctx('c1', 7))
    const b = new Tx(new MemoryStore(), ctx('c1', 7))
    const c = new Tx(new MemoryStore(), ctx('c1', 8))
    const ida = a.newDerivedId('event')
    expect(b.newDerivedId('event')).toBe(ida)
    expect(c.newDerivedId('event')).not.toBe(ida)
    expect(a.newDerivedId('event')).not.toBe(ida)
    expect(ida).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-8[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/)
    expect(derivedId('x')).not.toBe(derivedId('y'))
  })
})
