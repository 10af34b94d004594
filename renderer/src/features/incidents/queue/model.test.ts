import { describe, expect, it } from 'vitest'
import { IncidentSchema } from '@shared/domain'
import type { IncidentRow } from '@shared/mutations'
import {
  buildQueueRows,
  carryQueueCaches,
  columnOrder,
  queryQueue,
  type QueueQuery,
  type QueueRow,
} from './model'
import { presets } from '@shared/policy'

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
    assigneeName: null,
    dueAt,
    dueIso: null,
    calendarId: 'always',
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

describe('the assignee column sorts by display name, nobody last', () => {
  const people: Record<string, string> = { 'id-1': 'zoe', 'id-2': 'Adam', 'id-3': 'mia' }
  const assigned = (id: string, assigneeId: string | null) =>
    ({
      ...row(id, 0, id),
      assigneeId,
      assigneeName: assigneeId === null ? null : (people[assigneeId] ?? assigneeId),
    }) satisfies QueueRow
  // ids sort the other way round from the names: a sort by id would give 1, 2, 3
  const rows = [
    assigned('a', 'id-1'),
    assigned('b', null),
    assigned('c', 'id-2'),
    assigned('d', 'id-3'),
    assigned('e', null),
    assigned('f', 'id-2'),
  ]
  const sorted = (desc: boolean) => ids(queryQueue(rows, { ...base, sorting: [{ id: 'assignee', desc }] }))

  it('ascending: by name ignoring case, ties in queue order, the unassigned after everyone', () => {
    expect(sorted(false)).toEqual(['c', 'f', 'd', 'a', 'b', 'e'])
  })

  it('descending: names reversed, the unassigned still last', () => {
    expect(sorted(true)).toEqual(['a', 'd', 'c', 'f', 'b', 'e'])
  })

  it('buildQueueRows takes the names from the directory', () => {
    const uuid = (n: number) => `0190c2a0-0000-7000-8000-${String(n).padStart(12, '0')}`
    const incident = (n: number, assigneeId: string | null): IncidentRow =>
      IncidentSchema.parse({
        id: uuid(n),
        version: 1,
        deleted: false,
        customerId: uuid(100),
        licenseId: null,
        contactId: uuid(101),
        subject: `Incident ${n}`,
        severity: 'standard',
        category: 'question',
        status: 'open',
        assigneeId,
        openedAt: '2026-03-04T10:00:00.000Z',
      })
    const built = buildQueueRows({
      incidents: [incident(1, uuid(201)), incident(2, null), incident(3, uuid(209))],
      customers: [],
      licenses: [],
      subscriptions: [],
      plans: new Map(),
      now: Date.parse('2026-03-04T12:00:00.000Z'),
      nameOf: (id) => (id === uuid(201) ? 'zoe' : `short-${id.slice(-3)}`),
    })
    expect(built.map((r) => r.assigneeName)).toEqual(['zoe', null, 'short-209'])
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

describe('filters on the typed per-row facts give what the rows say', () => {
  const statuses = ['new', 'open', 'waiting-on-customer', 'resolved', 'closed'] as const
  const severities = ['standard', 'priority', 'business-critical', 'emergency'] as const
  const rows: QueueRow[] = Array.from({ length: 200 }, (_, i) => ({
    ...row(`f${i}`, i % 7 === 0 ? Number.POSITIVE_INFINITY : 1_000_000 + (i % 13) * 600_000, `s${i}`),
    status: statuses[i % 5] as QueueRow['status'],
    statusRank: i % 5,
    severity: severities[i % 4] as QueueRow['severity'],
    severityRank: i % 4,
    assigneeId: i % 3 === 0 ? 'me' : i % 3 === 1 ? null : 'other',
    assigneeName: i % 3 === 0 ? 'Me' : i % 3 === 1 ? null : 'Other',
    billable: i % 5 === 0 ? null : i % 2 === 0,
    escalationLevel: i % 6,
    entitlement: (['covered', 'over-allowance', 'not-entitled', 'unknown'] as const)[
      i % 4
    ] as QueueRow['entitlement'],
    responded: i % 11 === 0,
    paused: i % 17 === 0,
  }))
  const open = (r: QueueRow) => r.status !== 'resolved' && r.status !== 'closed'
  const now = 2_000_000
  const q = (patch: Partial<QueueQuery>) => ids(queryQueue(rows, { ...base, now, ...patch }))
  const want = (p: (r: QueueRow) => boolean) => ids(rows.filter(p))
  const bucket = (r: QueueRow) =>
    !Number.isFinite(r.dueAt) || r.responded || r.paused
      ? 'none'
      : r.dueAt < now
        ? 'breached'
        : r.dueAt - now <= 3_600_000
          ? 'at-risk'
          : 'ok'

  it('select filters', () => {
    expect(q({ filters: [{ id: 'status', value: 'waiting-on-customer' }] })).toEqual(
      want((r) => r.status === 'waiting-on-customer'),
    )
    expect(q({ filters: [{ id: 'severity', value: 'emergency' }] })).toEqual(
      want((r) => r.severity === 'emergency'),
    )
    expect(q({ filters: [{ id: 'severity', value: 'no-such' }] })).toEqual([])
    expect(q({ filters: [{ id: 'assignee', value: 'none' }] })).toEqual(want((r) => r.assigneeId === null))
    expect(q({ filters: [{ id: 'assignee', value: 'me' }] })).toEqual(want((r) => r.assigneeId === 'me'))
    expect(q({ filters: [{ id: 'assignee', value: 'other' }] })).toEqual(
      want((r) => r.assigneeId === 'other'),
    )
    expect(q({ filters: [{ id: 'billable', value: 'yes' }] })).toEqual(want((r) => r.billable === true))
    expect(q({ filters: [{ id: 'billable', value: 'no' }] })).toEqual(want((r) => r.billable === false))
    expect(q({ filters: [{ id: 'escalation', value: '3' }] })).toEqual(want((r) => r.escalationLevel === 3))
    expect(q({ filters: [{ id: 'entitlement', value: 'not-entitled' }] })).toEqual(
      want((r) => r.entitlement === 'not-entitled'),
    )
    for (const b of ['breached', 'at-risk', 'ok', 'none']) {
      const got = q({ filters: [{ id: 'responseDue', value: b }] })
      expect(got).toEqual(want((r) => bucket(r) === b))
      expect(got.length).toBeGreaterThan(0)
    }
  })

  it('saved views, combined with a filter', () => {
    expect(q({ view: 'all-open' })).toEqual(want(open))
    expect(q({ view: 'my-queue' })).toEqual(want((r) => open(r) && r.assigneeId === 'me'))
    expect(q({ view: 'unassigned' })).toEqual(want((r) => open(r) && r.assigneeId === null))
    expect(q({ view: 'waiting' })).toEqual(want((r) => r.status === 'waiting-on-customer'))
    expect(q({ view: 'over-allowance' })).toEqual(want((r) => open(r) && r.entitlement === 'over-allowance'))
    expect(q({ view: 'breaching-today', now: 0 })).toEqual(
      want((r) => open(r) && !r.responded && !r.paused && r.dueAt <= new Date(0).setHours(23, 59, 59, 999)),
    )
    expect(q({ view: 'all-open', filters: [{ id: 'severity', value: 'priority' }] })).toEqual(
      want((r) => open(r) && r.severity === 'priority'),
    )
  })
})

describe('carryQueueCaches: a few rows changed or added keep the caches correct', () => {
  const make = (n: number) =>
    Array.from({ length: n }, (_, i) => ({
      ...row(
        `c${String(i).padStart(4, '0')}`,
        i % 9 === 0 ? Number.POSITIVE_INFINITY : (i * 7919) % 1000,
        `subject ${i % 50}`,
      ),
      severityRank: i % 4,
      customer: `Customer ${i % 30}`,
    }))
  const queries: Partial<QueueQuery>[] = [
    { sorting: [{ id: 'responseDue', desc: false }] },
    { sorting: [{ id: 'responseDue', desc: true }], filters: [{ id: 'subject', value: 'subject 1' }] },
    { sorting: [{ id: 'severity', desc: true }], filters: [{ id: 'customer', value: 'customer 2' }] },
    { sorting: [{ id: 'subject', desc: false }], filters: [{ id: 'billable', value: 'yes' }] },
  ]

  it('edits in place and appended rows: the same answers as caches built from scratch', () => {
    const prev = make(3_000)
    // warm every cache of prev
    for (const query of queries) queryQueue(prev, { ...base, ...query })
    const next = prev.slice()
    for (const i of [0, 5, 17, 1_500, 2_999]) {
      next[i] = {
        ...(next[i] as QueueRow),
        dueAt: (i * 31) % 1000,
        subject: `subject 1${i}`,
        severityRank: 3,
        billable: true,
      }
    }
    next.push(
      { ...row('new1', 5, 'Subject 1 new'), billable: true },
      row('new2', Number.POSITIVE_INFINITY, 'zzz'),
    )
    expect(carryQueueCaches(prev, next)).toBe(true)
    const fresh = next.map((r) => ({ ...r }))
    for (const query of queries) {
      expect(ids(queryQueue(next, { ...base, ...query }))).toEqual(
        ids(queryQueue(fresh, { ...base, ...query })),
      )
    }
    expect(columnOrder(next, 'responseDue').finite).toBe(columnOrder(fresh, 'responseDue').finite)
  })

  it('refuses when rows moved or went away (the caches are then built again on use)', () => {
    const prev = make(100)
    queryQueue(prev, { ...base, ...queries[0] })
    expect(carryQueueCaches(prev, prev.slice(1))).toBe(false)
    const swapped = prev.slice()
    swapped[0] = prev[1] as QueueRow
    swapped[1] = prev[0] as QueueRow
    expect(carryQueueCaches(prev, swapped)).toBe(false)
  })
})

describe('"at risk" in the queue is the rulebook\'s: business minutes on the response calendar', () => {
  // Friday 16:00 EST; SoftArtisans closes at 16:30 on Fridays and opens Monday 09:00
  const now = Date.parse('2026-03-06T21:00:00Z')
  const onMonday = Date.parse('2026-03-09T13:30:00Z') // 30 business minutes Friday + 30 on Monday
  const later = Date.parse('2026-03-09T13:31:00Z')
  const rows = [
    { ...row('monday-0930', onMonday, 'a'), calendarId: 'softartisans' },
    { ...row('monday-0931', later, 'b'), calendarId: 'softartisans' },
    { ...row('wall-clock', now + 30 * 60_000, 'c'), calendarId: 'always' },
    { ...row('wall-clock-late', now + 61 * 60_000, 'd'), calendarId: 'always' },
  ]
  const atRisk = (query: Partial<QueueQuery> = {}) =>
    queryQueue(rows, { ...base, now, filters: [{ id: 'responseDue', value: 'at-risk' }], ...query }).map(
      (r) => r.id,
    )

  it('a deadline 60 business minutes away over a weekend is at risk; one a minute more is not', () => {
    expect(atRisk()).toEqual(['monday-0930', 'wall-clock'])
  })

  it("an organisation's own calendar is used when the rows name it", () => {
    const own = {
      ...presets.calendars.always!,
      id: 'own-24x7',
      label: 'Our 24x7',
    }
    const mine = rows.map((r) => ({ ...r, calendarId: 'own-24x7' }))
    const got = queryQueue(mine, {
      ...base,
      now,
      calendars: { 'own-24x7': own },
      filters: [{ id: 'responseDue', value: 'at-risk' }],
    }).map((r) => r.id)
    expect(got).toEqual(['wall-clock'])
  })
})
