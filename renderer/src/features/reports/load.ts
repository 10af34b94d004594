/**
 * What the reports read from the local copy (Dexie), through the indexes, never a scan of a whole big table:
 * - a statement: one customer's period (loadStatementRows says how);
 * - the SLA report: incidents by `openedAt`, a day either side of the period (each plan's zone then decides);
 *   their subscriptions by id, and the customers (for the team);
 * - workload: open incidents by `status`, and the period's time entries by `startedAt`.
 * No React here: the screen's hooks and the benchmark (test/bench/reports.bench.ts) call the same functions; the
 * benchmark passes `times` to learn how long each read took, the screen passes nothing.
 */
import { Dexie } from 'dexie'
import type { Customer, Incident, Subscription, TimeEntry } from '@shared/domain'
import {
  catalogOf,
  reportIncident,
  statementRows,
  type Catalog,
  type SlaIncident,
  type StatementRows,
  type WorkloadIncident,
} from '@shared/reports'
import { liveRow, liveRows, withoutTombstones, type CaseloadDb } from '../../data'

export type { StatementRows }

/** Milliseconds per step of a load, by the step's name, in the order they ran. */
export type StepTimes = Record<string, number>

/** Records the time since the previous lap under a step's name; does nothing when nobody asked for times. */
function stopwatch(times: StepTimes | undefined): (step: string) => void {
  if (!times) return () => {}
  let last = performance.now()
  return (step) => {
    const now = performance.now()
    times[step] = now - last
    last = now
  }
}

const DAY_MS = 86_400_000

export async function loadCatalog(db: CaseloadDb): Promise<Catalog> {
  const [plans, calendars] = await Promise.all([liveRows(db, 'plans'), liveRows(db, 'calendars')])
  return catalogOf(plans, calendars)
}

export async function loadCustomers(db: CaseloadDb): Promise<Customer[]> {
  const rows: Customer[] = await liveRows(db, 'customers')
  return rows.sort((a, b) => a.name.localeCompare(b.name) || (a.id < b.id ? -1 : 1))
}

/** From a day before `from` to a day after `to` (dates YYYY-MM-DD): wide enough for any zone's days. */
function windowOf(period: { from: string; to: string }): { lo: string; hi: string } {
  return {
    lo: new Date(Date.parse(`${period.from}T00:00:00Z`) - DAY_MS).toISOString(),
    hi: new Date(Date.parse(`${period.to}T00:00:00Z`) + 2 * DAY_MS).toISOString(),
  }
}

/**
 * One customer's statement rows for a period, without reading its whole history: a statement lists the entries
 * logged in the period and needs from before it only what was drawn from the customer's packs (their balance
 * before the period). So, in one read transaction:
 * - the customer, its packs and subscriptions;
 * - its entries in the period's window ([customerId+startedAt]: an entry carries its incident's customer, as
 *   timeEntry.log writes it and as the server's statement reads it), and those drawn from its packs before the
 *   window ([supportPackId+startedAt]);
 * - its incidents opened in the window ([customerId+openedAt], for the emergency lines of incidents not worked
 *   in it) and the incidents the period's entries are on (bulkGet).
 * The window is a day either side of the period; the statement's zone then decides, as it does for the whole
 * history. What billableStatement and packBurnDown compute from these rows is what they compute from all of
 * the customer's rows (load.test.ts).
 */
export async function loadStatementRows(
  db: CaseloadDb,
  customerId: string,
  period: { from: string; to: string },
  times?: StepTimes,
): Promise<StatementRows | null> {
  const lap = stopwatch(times)
  const { lo, hi } = windowOf(period)
  const incidents = db.rows('incidents')
  const entries = db.rows('timeEntries')
  const scope = [
    'customers',
    'supportPacks',
    'subscriptions',
    'incidents',
    'timeEntries',
    'plans',
    'calendars',
  ]
  return db.transaction('r', scope, async () => {
    const byCustomer = <T extends 'supportPacks' | 'subscriptions'>(table: T) =>
      liveRows(db, table, (t) => t.where('customerId').equals(customerId))
    const [customer, packs, subscriptions, catalog] = await Promise.all([
      liveRow(db, 'customers', customerId),
      byCustomer('supportPacks'),
      byCustomer('subscriptions'),
      loadCatalog(db),
    ])
    if (!customer) return null
    lap('customer, packs, subscriptions (customerId index)')
    // one after another: the transaction serves its requests in order anyway, and each step gets its own time
    const inWindow = await entries
      .where('[customerId+startedAt]')
      .between([customerId, lo], [customerId, hi], true, false)
      .toArray()
    lap('its entries in the period ([customerId+startedAt])')
    const drawnBefore = await Promise.all(
      packs.map((p) =>
        entries
          .where('[supportPackId+startedAt]')
          .between([p.id, Dexie.minKey], [p.id, lo], true, false)
          .toArray(),
      ),
    )
    lap('entries drawn from its packs before the period ([supportPackId+startedAt])')
    const openedIn = await incidents
      .where('[customerId+openedAt]')
      .between([customerId, lo], [customerId, hi], true, false)
      .toArray()
    const known = new Map(openedIn.map((i) => [i.id, i]))
    const missing = [...new Set(inWindow.map((e) => e.incidentId))].filter((id) => !known.has(id))
    for (const i of await incidents.bulkGet(missing)) if (i) known.set(i.id, i)
    lap('its incidents opened in the period ([customerId+openedAt]) and those worked in it (bulkGet)')
    return statementRows({
      customer,
      packs,
      incidents: withoutTombstones([...known.values()]),
      // a pack's entries count for the customer whose entries they are, as the whole history reads them
      entries: withoutTombstones([
        ...drawnBefore.flat().filter((e) => e.customerId === customerId),
        ...inWindow,
      ]),
      subscriptions,
      catalog,
    })
  })
}

export interface SlaRows {
  incidents: SlaIncident[]
  catalog: Catalog
  /** subjects by incident id, for the drill-down lists */
  subjects: Map<string, string>
}

/** Incidents opened from a day before `from` to a day after `to` (dates YYYY-MM-DD), ready for slaCompliance. */
export async function loadSlaRows(
  db: CaseloadDb,
  from: string,
  to: string,
  times?: StepTimes,
): Promise<SlaRows> {
  const lap = stopwatch(times)
  const { lo, hi } = windowOf({ from, to })
  const incidents = await liveRows(db, 'incidents', (t) => t.where('openedAt').between(lo, hi, true, false))
  lap('incidents opened in the period (openedAt index)')
  const subscriptionIds = [...new Set(incidents.flatMap((i) => (i.subscriptionId ? [i.subscriptionId] : [])))]
  const [subscriptions, customers, catalog] = await Promise.all([
    db.rows('subscriptions').bulkGet(subscriptionIds),
    liveRows(db, 'customers'),
    loadCatalog(db),
  ])
  lap('their subscriptions (bulkGet), customers, plans and calendars')
  const rows = slaRowsOf(incidents, withoutTombstones(subscriptions), customers, catalog)
  lap('report rows (plan and team of each incident)')
  return rows
}

/** The SLA report's rows of the incidents read: each with its subscription's plan and its customer's team. */
export function slaRowsOf(
  incidents: readonly Incident[],
  subscriptions: readonly Subscription[],
  customers: readonly Customer[],
  catalog: Catalog,
): SlaRows {
  const planOf = new Map(subscriptions.map((s) => [s.id, s.planId]))
  const teamOf = new Map(customers.map((c) => [c.id, c.teamId]))
  return {
    incidents: incidents.map((i) =>
      reportIncident(
        i,
        (id) => planOf.get(id),
        (id) => teamOf.get(id),
      ),
    ),
    catalog,
    subjects: new Map(incidents.map((i) => [i.id, i.subject])),
  }
}

export interface WorkloadRows {
  incidents: WorkloadIncident[]
  entries: TimeEntry[]
  catalog: Catalog
  subjects: Map<string, string>
}

const OPEN_STATUSES = ['new', 'open', 'waiting-on-customer']

/** Open incidents (by status) and the time entries logged between two instants (by startedAt). */
export async function loadWorkloadRows(db: CaseloadDb, start: string, end: string): Promise<WorkloadRows> {
  const [incidents, entries, catalog] = await Promise.all([
    liveRows(db, 'incidents', (t) => t.where('status').anyOf(OPEN_STATUSES)),
    liveRows(db, 'timeEntries', (t) => t.where('startedAt').between(start, end, true, false)),
    loadCatalog(db),
  ])
  const subscriptionIds = [...new Set(incidents.flatMap((i) => (i.subscriptionId ? [i.subscriptionId] : [])))]
  const subscriptions = await db.rows('subscriptions').bulkGet(subscriptionIds)
  const planOf = new Map(withoutTombstones(subscriptions).map((s) => [s.id, s.planId] as const))
  return {
    incidents: incidents.map((i) =>
      reportIncident(
        i,
        (id) => planOf.get(id),
        () => undefined,
      ),
    ),
    entries,
    catalog,
    subjects: new Map(incidents.map((i) => [i.id, i.subject])),
  }
}
