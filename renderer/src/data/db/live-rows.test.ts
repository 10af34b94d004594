import { describe, expect, it } from 'vitest'
import { tablesOf } from './database'
import { liveRow, liveRows, withoutTombstones } from './live-rows'
import { testDb } from '../testing/fake-idb'

const row = (id: string, fields: Record<string, unknown> = {}) => ({
  id,
  version: 1,
  deleted: false,
  ...fields,
})

async function seeded() {
  const db = testDb()
  await db
    .storedRows('contacts')
    .bulkPut([
      row('k1', { customerId: 'c1', name: 'Ada' }),
      row('k2', { customerId: 'c1', name: 'Gone', deleted: true }),
      row('k3', { customerId: 'c2', name: 'Bo' }),
      row('k4', { customerId: 'c2', name: 'Also gone', deleted: true }),
    ])
  return db
}

describe('liveRows', () => {
  it('reads every row of a table but its tombstones', async () => {
    const db = await seeded()
    const rows = await liveRows(db, 'contacts')
    expect(rows.map((r) => r.id).sort()).toEqual(['k1', 'k3'])
    // the rows come whole, typed as the table's rows
    expect(rows.find((r) => r.id === 'k1')?.name).toBe('Ada')
  })

  it('reads through an index query, still without tombstones', async () => {
    const db = await seeded()
    const rows = await liveRows(db, 'contacts', (t) => t.where('customerId').equals('c1'))
    expect(rows.map((r) => r.id)).toEqual(['k1'])
    const byIds = await liveRows(db, 'contacts', (t) => t.where('id').anyOf(['k2', 'k3', 'missing']))
    expect(byIds.map((r) => r.id)).toEqual(['k3'])
  })

  it('an empty table, or one of tombstones only, reads as no rows', async () => {
    const db = testDb()
    expect(await liveRows(db, 'kbArticles')).toEqual([])
    await db.storedRows('kbArticles').put(row('a1', { deleted: true }))
    expect(await liveRows(db, 'kbArticles')).toEqual([])
  })

  it('reads inside a transaction through its tables', async () => {
    const db = await seeded()
    const ids = await db.transaction('r', ['contacts'], async (tx) =>
      (await liveRows(tablesOf(tx), 'contacts')).map((r) => r.id),
    )
    expect(ids.sort()).toEqual(['k1', 'k3'])
  })
})

describe('liveRow', () => {
  it('finds a live row and treats a tombstone like a row that is not there', async () => {
    const db = await seeded()
    expect((await liveRow(db, 'contacts', 'k1'))?.name).toBe('Ada')
    expect(await liveRow(db, 'contacts', 'k2')).toBeUndefined()
    expect(await liveRow(db, 'contacts', 'nope')).toBeUndefined()
  })
})

describe('withoutTombstones', () => {
  it('drops tombstones and bulkGet misses, keeping the order and the objects', () => {
    const a = { id: 'a', deleted: false }
    const c = { id: 'c' }
    expect(withoutTombstones([a, { id: 'b', deleted: true }, undefined, c])).toEqual([a, c])
    expect(withoutTombstones([a, c])[0]).toBe(a)
  })
})
