import { describe, expect, it } from 'vitest'
import { rowKey } from '@shared/protocol'
import { pendingRowKeys } from './pending-rows'
import type { OutboxEntry } from './types'
import { testDb } from '../testing/fake-idb'

const entry = (mid: number, writes: OutboxEntry['writes']): OutboxEntry => ({
  mid,
  clientId: 'c',
  name: 'contact.update',
  mv: 1,
  args: {},
  at: '2026-01-05T10:00:00Z',
  actor: { userId: 'u', role: 'engineer', teamIds: ['t'] },
  writes,
})

describe('pendingRowKeys', () => {
  it('names every row the outbox wrote, once, and nothing else', async () => {
    const db = testDb()
    expect(await pendingRowKeys(db)).toEqual(new Set())
    await db.outbox.bulkAdd([
      entry(1, [
        { table: 'incidents', id: 'i1' },
        { table: 'incidentEvents', id: 'e1' },
      ]),
      entry(2, [{ table: 'incidents', id: 'i1' }]),
    ])
    expect(await pendingRowKeys(db)).toEqual(
      new Set([rowKey('incidents', 'i1'), rowKey('incidentEvents', 'e1')]),
    )
    // an acknowledged change leaves the outbox, and its rows are no longer pending
    await db.outbox.delete(1)
    expect(await pendingRowKeys(db)).toEqual(new Set([rowKey('incidents', 'i1')]))
  })
})
