import { describe, expect, it } from 'vitest'
import { queryQueue, type QueueQuery, type QueueRow } from './model'

function row(id: string, dueAt: number, subject: string): QueueRow {
  return {
    id,
    short: id,
    subject,
    customer: 'Acme',
    product: 'SMTPmail',
    plan: 'Silver',
    severity: 'standard',
    severityRank: 0,
    status: 'open',
    statusRank: 1,
    assigneeId: null,
    dueAt,
    dueIso: null,
    responded: false,
    paused: false,
    escalationLevel: 0,
    escalationRole: null,
    entitlement: 'covered',
    billable: null,
    openedAt: 0,
    text: subject.toLowerCase(),
  }
}

const base: QueueQuery = { view: 'all', me: 'me', now: 0, search: '', filters: [], sorting: [] }
const ids = (rows: QueueRow[]) => rows.map((r) => r.id)

describe('queryQueue sorting through the cached column orders', () => {
  const rows = [
    row('a', 30, 'beta'),
    row('b', Number.POSITIVE_INFINITY, 'alpha'),
    row('c', 10, 'beta'),
    row('d', 30, 'gamma'),
    row('e', Number.POSITIVE_INFINITY, 'delta'),
  ]

  it('ascending: ties keep their order, no deadline last', () => {
    expect(ids(queryQueue(rows, { ...base, sorting: [{ id: 'responseDue', desc: false }] }))).toEqual([
      'c',
      'a',
      'd',
      'b',
      'e',
    ])
  })

  it('descending: ties still keep their order, no deadline still last', () => {
    expect(ids(queryQueue(rows, { ...base, sorting: [{ id: 'responseDue', desc: true }] }))).toEqual([
      'a',
      'd',
      'c',
      'b',
      'e',
    ])
  })

  it('text columns, and filters applied along the order', () => {
    expect(ids(queryQueue(rows, { ...base, sorting: [{ id: 'subject', desc: true }] }))).toEqual([
      'd',
      'e',
      'a',
      'c',
      'b',
    ])
    expect(
      ids(queryQueue(rows, { ...base, search: 'beta', sorting: [{ id: 'responseDue', desc: false }] })),
    ).toEqual(['c', 'a'])
  })

  it('no sorting: the rows in their order', () => {
    expect(ids(queryQueue(rows, base))).toEqual(['a', 'b', 'c', 'd', 'e'])
  })
})

describe('column orders at scale: bucketed (few values) and compared (many values) agree with a stable sort', () => {
  // deterministic pseudo-random rows: subjects from few words, deadlines mostly distinct, some with none
  let seed = 7
  const next = () => (seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648
  const rows = Array.from({ length: 6_000 }, (_, i) => {
    const due = next() < 0.1 ? Number.POSITIVE_INFINITY : Math.floor(next() * 1e9)
    const r = row(`r${i}`, due, ['beta', 'Alpha', 'gamma', 'delta'][Math.floor(next() * 4)] as string)
    return { ...r, customer: `Customer ${Math.floor(next() * 40)}`, severityRank: Math.floor(next() * 4) }
  })
  const stable = (key: (r: QueueRow) => number | string, desc: boolean) => {
    const finite = (r: QueueRow) => typeof key(r) !== 'number' || Number.isFinite(key(r) as number)
    const sorted = [...rows.filter(finite)].sort((a, b) => {
      const ka = key(a)
      const kb = key(b)
      const c = ka === kb ? 0 : ka < kb ? -1 : 1
      return desc ? -c : c
    })
    return ids([...sorted, ...rows.filter((r) => !finite(r))])
  }

  for (const desc of [false, true]) {
    it(`${desc ? 'descending' : 'ascending'}`, () => {
      const by = (id: string) => ids(queryQueue(rows, { ...base, sorting: [{ id, desc }] }))
      expect(by('subject')).toEqual(stable((r) => r.subject.toLowerCase(), desc))
      expect(by('customer')).toEqual(stable((r) => r.customer.toLowerCase(), desc))
      expect(by('severity')).toEqual(stable((r) => r.severityRank, desc))
      expect(by('responseDue')).toEqual(stable((r) => r.dueAt, desc))
    })
  }

  it('text filters read the lower-cased column and match like before', () => {
    const got = ids(queryQueue(rows, { ...base, filters: [{ id: 'customer', value: 'OMER 3' }] }))
    expect(got).toEqual(ids(rows.filter((r) => r.customer.toLowerCase().includes('omer 3'))))
    expect(got.length).toBeGreaterThan(0)
  })
})
