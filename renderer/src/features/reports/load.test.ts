import { afterEach, describe, expect, it } from 'vitest'
import type { Customer, Incident, Subscription, SupportPack, TimeEntry } from '@shared/domain'
import type { TimeEntryRow } from '@shared/mutations'
import { statementRows } from '@shared/reports'
import type { CaseloadDb } from '../../data'
import { testDb } from '../../data/testing/fake-idb'
import { statementFigures } from './figures'
import { loadCatalog, loadStatementRows } from './load'

const id = (n: number) => `0192f3e4-7b1a-7cde-8f00-${String(n).padStart(12, '0')}`
const TEAM = id(900)
const ME = id(901)
const C = id(1)
const OTHER = id(2)
const APRIL = { from: '2026-04-01', to: '2026-04-30' }

const customer = (n: number, name: string): Customer => ({
  id: id(n),
  version: 1,
  deleted: false,
  teamId: TEAM,
  name,
  notes: '',
})
// AddOnMail's maintenance plan reads days in Paris: 22:30 UTC on 31 March is already 1 April there
const subscription = (n: number, customerId: string): Subscription => ({
  id: id(n),
  version: 1,
  deleted: false,
  customerId,
  licenseId: null,
  planId: 'addonmail-maintenance',
  start: '2025-01-01',
  end: null,
  status: 'active',
})
const pack = (n: number, purchasedAt: string, hours: number): SupportPack => ({
  id: id(n),
  version: 1,
  deleted: false,
  customerId: C,
  label: `${hours}-hour pack`,
  minutesPurchased: hours * 60,
  purchasedAt,
})
const incident = (
  n: number,
  customerId: string,
  openedAt: string,
  more: Partial<Incident> = {},
): Incident => ({
  id: id(n),
  version: 1,
  deleted: false,
  customerId,
  licenseId: null,
  subscriptionId: customerId === C ? id(20) : id(21),
  contactId: id(800),
  subject: `incident ${n}`,
  description: '',
  severity: 'standard',
  category: 'mail-flow-investigation',
  status: 'open',
  assigneeId: ME,
  openedAt,
  respondedAt: null,
  resolvedAt: null,
  closedAt: null,
  resolution: null,
  duplicateOfId: null,
  extendedHours: false,
  entitlement: null,
  overAllowance: false,
  overAllowanceAction: null,
  responseDueAt: null,
  slaEvents: [],
  rootCause: null,
  kbArticleExisted: null,
  billing: null,
  ...more,
})
// as timeEntry.log writes it: with its incident's customer
const entry = (
  n: number,
  incidentId: string,
  startedAt: string,
  packId: string | null,
  more: Partial<TimeEntry> = {},
): TimeEntryRow => ({
  id: id(n),
  version: 1,
  deleted: false,
  incidentId,
  customerId: incidentId === id(50) ? OTHER : C,
  userId: ME,
  minutes: 10 + n,
  startedAt,
  kind: 'investigation',
  note: '',
  billable: packId !== null,
  billableOverride: null,
  supportPackId: packId,
  remoteAccessAgreementId: null,
  ...more,
})

const P1 = id(30) // bought in January
const P2 = id(31) // bought in the period

async function fill(db: CaseloadDb): Promise<void> {
  await db.table('customers').bulkAdd([customer(1, 'Acme'), customer(2, 'Globex')])
  await db.table('subscriptions').bulkAdd([subscription(20, C), subscription(21, OTHER)])
  await db.table('supportPacks').bulkAdd([pack(30, '2026-01-10', 10), pack(31, '2026-04-15', 5)])
  await db
    .table('incidents')
    .bulkAdd([
      incident(40, C, '2025-11-03T09:00:00.000Z'),
      incident(41, C, '2026-04-02T09:00:00.000Z'),
      incident(42, C, '2026-04-20T09:00:00.000Z', { severity: 'emergency', category: 'emergency' }),
      incident(43, C, '2026-02-01T09:00:00.000Z', { severity: 'emergency', category: 'emergency' }),
      incident(44, C, '2026-03-31T22:30:00.000Z', { severity: 'emergency', category: 'emergency' }),
      incident(45, C, '2026-05-02T09:00:00.000Z'),
      incident(50, OTHER, '2026-04-03T09:00:00.000Z'),
    ])
  await db.table('timeEntries').bulkAdd([
    // before the period: drawn from P1 (the balance before), or not billable (not needed)
    entry(60, id(40), '2025-11-04T10:00:00.000Z', null),
    entry(61, id(40), '2026-02-10T10:00:00.000Z', P1),
    entry(62, id(43), '2026-02-02T10:00:00.000Z', P1),
    // in the period, on an incident opened long before it (read by incident, not by its opening)
    entry(63, id(40), '2026-04-08T10:00:00.000Z', P1),
    entry(64, id(41), '2026-04-02T10:00:00.000Z', P2, {
      billableOverride: { billable: false, reason: 'goodwill', by: ME, at: null },
    }),
    // at the period's edges in Paris: in (1 April there), and out (1 May there)
    entry(65, id(41), '2026-03-31T22:30:00.000Z', P1),
    entry(66, id(41), '2026-04-30T22:30:00.000Z', P2),
    // on an emergency incident opened before the period, worked in it
    entry(67, id(43), '2026-04-09T10:00:00.000Z', null, { billable: true }),
    // after the period
    entry(68, id(45), '2026-05-03T10:00:00.000Z', P2),
    // deleted: not on the statement
    entry(69, id(41), '2026-04-10T10:00:00.000Z', P1, { deleted: true }),
    // the other customer's, in the period, one of them naming Acme's pack
    entry(70, id(50), '2026-04-04T10:00:00.000Z', null),
    entry(71, id(50), '2026-02-04T10:00:00.000Z', P1),
  ])
}

/** The whole history of the customer, read the plain way: what the statement was computed from before. */
async function wholeHistory(db: CaseloadDb, customerId: string) {
  const [c, packs, incidents, subscriptions, catalog] = await Promise.all([
    db.table<Customer, string>('customers').get(customerId),
    db.table<SupportPack, string>('supportPacks').where('customerId').equals(customerId).toArray(),
    db.table<Incident, string>('incidents').where('customerId').equals(customerId).toArray(),
    db.table<Subscription, string>('subscriptions').where('customerId').equals(customerId).toArray(),
    loadCatalog(db),
  ])
  const ids = new Set(incidents.map((i) => i.id))
  const entries = (await db.table<TimeEntry, string>('timeEntries').toArray()).filter(
    (e) => !e.deleted && ids.has(e.incidentId),
  )
  return statementRows({ customer: c!, packs, incidents, entries, subscriptions, catalog })
}

let db: CaseloadDb | undefined
afterEach(() => db?.close())

describe('loadStatementRows', () => {
  it('reads one period of the customer and gives the statement its whole history gives', async () => {
    db = testDb()
    await fill(db)
    const rows = await loadStatementRows(db, C, APRIL)
    expect(rows).not.toBeNull()
    const name = (u: string) => (u === ME ? 'Me' : u)
    const figures = statementFigures(rows!, APRIL, name)
    expect(figures).toEqual(statementFigures(await wholeHistory(db, C), APRIL, name))

    // and the figures are the ones a reader checks: Paris days, the balance before, the emergency lines
    const s = figures.statement
    expect(s.period.zone).toBe('Europe/Paris')
    expect(s.lines.map((l) => l.entryId)).toEqual([id(65), id(64), id(63)])
    expect(s.lines[0]!.date).toBe('2026-04-01')
    expect(s.emergency.map((e) => [e.incidentId, e.minutes])).toEqual([
      [id(43), 77],
      [id(44), 0],
      [id(42), 0],
    ])
    const p1 = s.packs.find((p) => p.packId === P1)!
    expect(p1.before).toBe(600 - 71 - 72)
    expect(p1.drawn).toBe(73 + 75)
    expect(s.packs.find((p) => p.packId === P2)).toMatchObject({
      before: 0,
      purchasedInPeriod: 300,
      drawn: 0,
    })

    // without the history it does not need: nothing after the period, nothing unbillable before it
    const read = rows!.entries.map((e) => e.id)
    expect(read).not.toContain(id(60))
    expect(read).not.toContain(id(68))
    expect(read).not.toContain(id(71))
    expect(rows!.incidents.map((i) => i.id)).not.toContain(id(45))
  })

  it('gives the same statement as the whole history for another period', async () => {
    db = testDb()
    await fill(db)
    const february = { from: '2026-02-01', to: '2026-02-28' }
    const rows = await loadStatementRows(db, C, february)
    const figures = statementFigures(rows!, february, (u) => u)
    expect(figures).toEqual(statementFigures(await wholeHistory(db, C), february, (u) => u))
    expect(figures.statement.lines.map((l) => l.entryId)).toEqual([id(61)])
    expect(figures.statement.emergency.map((e) => e.incidentId)).toEqual([id(43)])
  })

  it('is null for a customer not in the local copy', async () => {
    db = testDb()
    await fill(db)
    expect(await loadStatementRows(db, id(3), APRIL)).toBeNull()
  })
})
