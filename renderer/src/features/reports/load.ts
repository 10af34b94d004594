/**
 * What the reports read from the local copy (Dexie), through the indexes, never a scan of a whole big table:
 * - a statement: the customer's packs, incidents and subscriptions by `customerId`, then the time entries of
 *   those incidents by `incidentId` (entries before the period count towards the balance before it);
 * - the SLA report: incidents by `openedAt`, a day either side of the period (each plan's zone then decides);
 *   their subscriptions by id, and the customers (for the team);
 * - workload: open incidents by `status`, and the period's time entries by `startedAt`.
 * No React here: the screen's hooks and the benchmark call the same functions.
 */
import type { Customer, Incident, Subscription, SupportPack, TimeEntry } from '@shared/domain'
import {
  calendarIn,
  catalogOf,
  planIn,
  reportIncident,
  statementZone,
  type Catalog,
  type SlaIncident,
  type WorkloadIncident,
} from '@shared/reports'
import { liveRow, liveRows, withoutTombstones, type CaseloadDb } from '../../data'

const DAY_MS = 86_400_000

export async function loadCatalog(db: CaseloadDb): Promise<Catalog> {
  const [plans, calendars] = await Promise.all([liveRows(db, 'plans'), liveRows(db, 'calendars')])
  return catalogOf(plans, calendars)
}

export async function loadCustomers(db: CaseloadDb): Promise<Customer[]> {
  const rows: Customer[] = await liveRows(db, 'customers')
  return rows.sort((a, b) => a.name.localeCompare(b.name) || (a.id < b.id ? -1 : 1))
}

export interface StatementRows {
  customer: Customer
  packs: SupportPack[]
  incidents: Incident[]
  entries: TimeEntry[]
  subscriptions: Subscription[]
  catalog: Catalog
  /** the zone the statement's days are read in */
  zone: string
}

export async function loadStatementRows(db: CaseloadDb, customerId: string): Promise<StatementRows | null> {
  const customer = await liveRow(db, 'customers', customerId)
  if (!customer) return null
  const byCustomer = <T extends 'supportPacks' | 'incidents' | 'subscriptions'>(table: T) =>
    liveRows(db, table, (t) => t.where('customerId').equals(customerId))
  const [packs, incidents, subscriptions, catalog] = await Promise.all([
    byCustomer('supportPacks'),
    byCustomer('incidents'),
    byCustomer('subscriptions'),
    loadCatalog(db),
  ])
  const entries = await liveRows(db, 'timeEntries', (t) =>
    t.where('incidentId').anyOf(incidents.map((i) => i.id)),
  )
  const zone = statementZone(
    subscriptions,
    (id) => planIn(catalog, id),
    (id) => calendarIn(catalog, id)?.zone,
  )
  return { customer, packs, incidents, entries, subscriptions, catalog, zone }
}

export interface SlaRows {
  incidents: SlaIncident[]
  catalog: Catalog
  /** subjects by incident id, for the drill-down lists */
  subjects: Map<string, string>
}

/** Incidents opened from a day before `from` to a day after `to` (dates YYYY-MM-DD), ready for slaCompliance. */
export async function loadSlaRows(db: CaseloadDb, from: string, to: string): Promise<SlaRows> {
  const lo = new Date(Date.parse(`${from}T00:00:00Z`) - DAY_MS).toISOString()
  const hi = new Date(Date.parse(`${to}T00:00:00Z`) + 2 * DAY_MS).toISOString()
  const incidents = await liveRows(db, 'incidents', (t) => t.where('openedAt').between(lo, hi, true, false))
  const subscriptionIds = [...new Set(incidents.flatMap((i) => (i.subscriptionId ? [i.subscriptionId] : [])))]
  const [subscriptions, customers, catalog] = await Promise.all([
    db.rows('subscriptions').bulkGet(subscriptionIds),
    liveRows(db, 'customers'),
    loadCatalog(db),
  ])
  const planOf = new Map(withoutTombstones(subscriptions).map((s) => [s.id, s.planId] as const))
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
