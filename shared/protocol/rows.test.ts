import { describe, expect, it } from 'vitest'
import { syncedTables } from '../mutations/store'
import { parseRowKey, rowKey, rowRefSchema } from './rows'

describe('rowKey', () => {
  it('is `table` NUL `id`, the format existing users have stored in IndexedDB (server-reset lists)', () => {
    expect(rowKey('customers', '0190a1b2-0000-7000-8000-000000000001')).toBe(
      'customers\u00000190a1b2-0000-7000-8000-000000000001',
    )
  })

  it('names each row once: the same id in two tables gives two keys', () => {
    expect(rowKey('contacts', 'x')).not.toBe(rowKey('customers', 'x'))
    expect(new Set(syncedTables.map((t) => rowKey(t, 'same'))).size).toBe(syncedTables.length)
  })

  it('splits back into the row it names, for every table and ids with any characters', () => {
    for (const table of syncedTables)
      for (const id of ['a', 'with:colon', 'with/slash', 'with\u0000nul'])
        expect(parseRowKey(rowKey(table, id))).toEqual({ table, id })
  })

  it('refuses a string rowKey did not make', () => {
    expect(() => parseRowKey('customers:abc')).toThrow(/not a row key/)
    expect(() => parseRowKey('nosuchtable\u0000abc')).toThrow(/not a row key/)
  })
})

describe('rowRefSchema', () => {
  it('accepts a synced table and names the field of an unknown one', () => {
    expect(rowRefSchema.parse({ table: 'incidents', id: 'i1' })).toEqual({ table: 'incidents', id: 'i1' })
    const bad = rowRefSchema.safeParse({ table: 'users', id: 'u1' })
    expect(bad.success).toBe(false)
    expect(bad.error?.issues[0]?.path).toEqual(['table'])
  })
})
