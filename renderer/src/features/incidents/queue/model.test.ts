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
