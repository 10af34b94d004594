import { describe, expect, it } from 'vitest'
import { syncedTables } from '@shared/mutations/store'
import { DexieStore } from './dexie-store'
import { testDb } from '../testing/fake-idb'

const row = (id: string, fields: Record<string, unknown> = {}) => ({
  id,
  version: 0,
  deleted: false,
  ...fields,
})

describe('DexieStore', () => {
  it('has one table per synced table', async () => {
    const db = testDb()
    await db.open()
    for (const t of syncedTables) expect(db.storedRows(t).schema.primKey.name).toBe('id')
  })

  it('gets, puts, tombstones and queries rows inside a transaction', async () => {
    const db = testDb()
    await db.transaction('rw', db.syncedTableNames(), async () => {
      const store = new DexieStore(db)
      await store.put('incidents', row('i1', { customerId: 'c1', status: 'open', urgent: true }))
      await store.put(
        'incidents',
        row('i2', { customerId: 'c1', status: 'closed', urgent: false, note: null }),
      )
      await store.put('incidents', row('i3', { customerId: 'c2', status: 'open', urgent: true }))
      expect(await store.get('incidents', 'i1')).toMatchObject({ id: 'i1', customerId: 'c1' })
      expect(await store.get('incidents', 'nope')).toBeUndefined()
      // indexed field
      expect((await store.query('incidents', 'customerId', 'c1')).map((r) => r.id).sort()).toEqual([
        'i1',
        'i2',
      ])
      // unindexed boolean and null (not IndexedDB keys)
      expect((await store.query('incidents', 'urgent', true)).map((r) => r.id).sort()).toEqual(['i1', 'i3'])
      expect((await store.query('incidents', 'note', null)).map((r) => r.id).sort()).toEqual([
        'i1',
        'i2',
        'i3',
      ])
      await store.delete('incidents', 'i1')
      expect(await store.get('incidents', 'i1')).toMatchObject({ deleted: true })
      expect((await store.query('incidents', 'customerId', 'c1')).map((r) => r.id)).toEqual(['i2'])
      await store.delete('incidents', 'never-seen')
      expect(await store.get('incidents', 'never-seen')).toBeUndefined()
      expect(store.writes).toEqual([
        { table: 'incidents', id: 'i1' },
        { table: 'incidents', id: 'i2' },
        { table: 'incidents', id: 'i3' },
      ])
    })
  })

  it('returns copies: mutating a returned row does not change the database', async () => {
    const db = testDb()
    await db.transaction('rw', db.syncedTableNames(), async () => {
      const store = new DexieStore(db)
      await store.put('customers', row('c1', { name: 'Acme', tags: ['a'] }))
      const got = await store.get('customers', 'c1')
      ;(got!.tags as string[]).push('b')
      expect((await store.get('customers', 'c1'))!.tags).toEqual(['a'])
    })
  })

  it('keeps the pre-write (server) value of a row in the shadow table on first write only', async () => {
    const db = testDb()
    await db.storedRows('customers').put(row('c1', { name: 'Server', version: 7 }))
    await db.transaction('rw', [...db.syncedTableNames(), 'shadows'], async () => {
      const store = new DexieStore(db, { trackShadows: true })
      await store.put('customers', row('c1', { name: 'Mine 1', version: 7 }))
      await store.put('customers', row('c1', { name: 'Mine 2', version: 7 }))
      await store.put('customers', row('c2', { name: 'New' }))
    })
    expect((await db.shadows.get(['customers', 'c1']))?.row).toMatchObject({ name: 'Server' })
    expect((await db.shadows.get(['customers', 'c2']))?.row).toBeNull()
  })
})
