import { Dexie } from 'dexie'
import { describe, expect, it } from 'vitest'
import type { IncidentRow } from '@shared/mutations'
import { testDb } from '../../../data/testing/fake-idb'
import {
  fullCostFactor,
  type IncidentChange,
  type KeyRanges,
  incidentChangeOf,
  IncidentMirror,
  minFullIntervalMs,
  patchIncidents,
} from './incident-mirror'

const inc = (id: string, subject = id, deleted = false) =>
  ({ id, subject, deleted }) as unknown as IncidentRow

/** a table in memory, a clock and timers the test moves by hand */
function harness(initial: IncidentRow[]) {
  const table = new Map(initial.map((r) => [r.id, r]))
  let clock = 0
  let readAllCost = 0
  const timers: { at: number; fn: () => void }[] = []
  const published: IncidentRow[][] = []
  const calls = { all: 0, many: [] as string[][] }
  const mirror = new IncidentMirror({
    readAll: async () => {
      calls.all++
      clock += readAllCost
      return [...table.values()]
    },
    readMany: async (ids) => {
      calls.many.push(ids)
      return ids.map((id) => table.get(id))
    },
    publish: (rows) => published.push(rows),
    onError: (e) => {
      throw e
    },
    now: () => clock,
    setTimeout: (fn, ms) => {
      const t = { at: clock + ms, fn }
      timers.push(t)
      return t
    },
    clearTimeout: (t) => timers.splice(timers.indexOf(t as (typeof timers)[number]), 1),
  })
  const settle = () => new Promise((r) => setTimeout(r, 0))
  const advance = async (ms: number) => {
    clock += ms
    for (const t of timers.filter((t) => t.at <= clock)) {
      timers.splice(timers.indexOf(t), 1)
      t.fn()
    }
    await settle()
  }
  return {
    table,
    mirror,
    published,
    calls,
    settle,
    advance,
    setReadAllCost: (ms: number) => (readAllCost = ms),
    last: () => published[published.length - 1]?.map((r) => r.id),
  }
}

describe('IncidentMirror', () => {
  it('reads everything once, then only the rows a write names', async () => {
    const h = harness([inc('a'), inc('b'), inc('c', 'c', true)])
    h.mirror.start()
    await h.settle()
    expect(h.last()).toEqual(['a', 'b'])
    const [a] = h.published[0] as IncidentRow[]
    h.table.set('b', inc('b', 'edited'))
    h.table.set('d', inc('d'))
    h.mirror.changed(['b', 'd'])
    await h.settle()
    expect(h.calls.all).toBe(1)
    expect(h.calls.many).toEqual([['b', 'd']])
    expect(h.last()).toEqual(['a', 'b', 'd'])
    const rows = h.published[1] as IncidentRow[]
    expect(rows[0]).toBe(a)
    expect(rows[1]?.subject).toBe('edited')
    // a deletion (tombstone or gone) removes the row
    h.table.set('a', inc('a', 'a', true))
    h.table.delete('d')
    h.mirror.changed(['a', 'd'])
    await h.settle()
    expect(h.last()).toEqual(['b'])
  })

  it('re-reads everything for an unnamed write, no sooner than the throttle allows', async () => {
    const h = harness([inc('a')])
    h.setReadAllCost(500)
    h.mirror.start()
    await h.settle()
    expect(h.calls.all).toBe(1)
    h.table.set('b', inc('b'))
    h.mirror.changed('all')
    h.mirror.changed('all')
    await h.settle()
    expect(h.calls.all).toBe(1)
    const wait = Math.max(minFullIntervalMs, fullCostFactor * 500)
    await h.advance(wait - 1)
    expect(h.calls.all).toBe(1)
    await h.advance(1)
    expect(h.calls.all).toBe(2)
    expect(h.last()).toEqual(['a', 'b'])
  })

  it('stops publishing once stopped', async () => {
    const h = harness([inc('a')])
    h.mirror.start()
    await h.settle()
    h.mirror.stop()
    h.mirror.changed(['a'])
    await h.settle()
    expect(h.published).toHaveLength(1)
  })
})

describe('patchIncidents', () => {
  it('keeps positions and the index for edits in place; null when nothing changed', () => {
    const rows = [inc('a'), inc('b')]
    const index = new Map([
      ['a', 0],
      ['b', 1],
    ])
    const b2 = inc('b', 'x')
    const out = patchIncidents(rows, index, ['b'], [b2])
    expect(out?.rows).toEqual([rows[0], b2])
    expect(out?.index).toBe(index)
    expect(patchIncidents(rows, index, ['a', 'zz'], [rows[0], undefined])).toBeNull()
  })
})

describe('incidentChangeOf', () => {
  const part = 'idb://caseload:x/incidents/'
  it('names single keys, anything else is the whole table, other tables are no change', () => {
    const tree = { from: 'b', to: 'b', d: 2, l: { from: 'a', to: 'a', d: 1 }, r: null }
    expect(incidentChangeOf({ [part]: tree }, 'caseload:x')).toEqual(['b', 'a'])
    expect(incidentChangeOf({ [part]: { from: '', to: '\uffff', d: 1 } }, 'caseload:x')).toBe('all')
    expect(incidentChangeOf({ [part]: { from: -Infinity, to: [[]], d: 1 } }, 'caseload:x')).toBe('all')
    expect(incidentChangeOf({ 'idb://caseload:x/customers/': tree }, 'caseload:x')).toBeNull()
    expect(incidentChangeOf({ [part]: { d: 0 } }, 'caseload:x')).toBeNull()
    expect(incidentChangeOf({ [part]: tree }, 'caseload:x', 1)).toBe('all')
  })
})

describe('incidentChangeOf on Dexie’s own notifications', () => {
  it('a small write names its incidents, a bulk write of many is the whole table, other tables are nothing', async () => {
    const db = testDb()
    await db.open()
    const seen: IncidentChange[] = []
    const listener = (parts: Readonly<Record<string, KeyRanges | undefined>>) => {
      const change = incidentChangeOf(parts, db.name)
      if (change) seen.push(change)
    }
    Dexie.on.storagemutated.subscribe(listener)
    try {
      const row = (id: string) => ({ id, version: 1, deleted: false, subject: id })
      await db.storedRows('incidents').put(row('i1'))
      await db.storedRows('incidents').bulkPut([row('i2'), row('i3')])
      await db.storedRows('incidents').bulkPut(Array.from({ length: 60 }, (_, i) => row(`b${i}`)))
      await db.storedRows('customers').put({ id: 'c1', version: 1, deleted: false })
      await db.rows('incidents').delete('i1')
      await new Promise((r) => setTimeout(r, 20))
      expect(seen).toEqual([['i1'], expect.arrayContaining(['i2', 'i3']), 'all', ['i1']])
    } finally {
      Dexie.on.storagemutated.unsubscribe(listener)
      db.close()
    }
  })
})
