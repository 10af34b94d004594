/**
 * From stored rows to what the reports read, the same on both sides: an incident's plan is its subscription's
 * (the plan it was opened under, from its entitlement snapshot, when it has no subscription, R-ST-2) and its team
 * is its customer's.
 */
import {
  CalendarSchema,
  PlanSchema,
  type Calendar,
  type Customer,
  type Incident,
  type Plan,
  type Subscription,
  type SupportPack,
  type TimeEntry,
} from '@shared/domain'
import { calendarIn, planIn, type Catalog } from './incident-clock'
import type { SlaIncident } from './sla'
import { statementZone, type StatementInput } from './statement'
import type { WorkloadIncident } from './workload'

export type IncidentLike = Pick<
  Incident,
  | 'id'
  | 'subject'
  | 'customerId'
  | 'subscriptionId'
  | 'severity'
  | 'status'
  | 'assigneeId'
  | 'openedAt'
  | 'respondedAt'
  | 'extendedHours'
  | 'slaEvents'
  | 'entitlement'
>

export function reportIncident(
  incident: IncidentLike,
  planOfSubscription: (subscriptionId: string) => string | undefined,
  teamOfCustomer: (customerId: string) => string | undefined,
): SlaIncident & WorkloadIncident {
  const planId =
    (incident.subscriptionId ? planOfSubscription(incident.subscriptionId) : undefined) ??
    incident.entitlement?.planId ??
    null
  return {
    id: incident.id,
    subject: incident.subject,
    severity: incident.severity,
    status: incident.status,
    assigneeId: incident.assigneeId,
    openedAt: incident.openedAt,
    respondedAt: incident.respondedAt,
    extendedHours: incident.extendedHours,
    slaEvents: incident.slaEvents,
    planId,
    teamId: teamOfCustomer(incident.customerId) ?? null,
  }
}

/**
 * The organisation's own plans and calendars from their stored rows (version and deleted dropped by the schema);
 * a row that no longer parses is left out, and the presets answer for its id, as the mutators do.
 */
export function catalogOf(
  planRows: readonly unknown[],
  calendarRows: readonly unknown[],
): { plans: Record<string, Plan>; calendars: Record<string, Calendar> } {
  const plans: Record<string, Plan> = {}
  const calendars: Record<string, Calendar> = {}
  for (const row of planRows) {
    const p = PlanSchema.safeParse(row)
    if (p.success) plans[p.data.id] = p.data
  }
  for (const row of calendarRows) {
    const c = CalendarSchema.safeParse(row)
    if (c.success) calendars[c.data.id] = c.data
  }
  return { plans, calendars }
}

/**
 * Everything one customer's statement is computed from, as the app reads it from its local copy and the server
 * from SQL: the customer's packs, incidents, subscriptions and the time entries of its incidents (all of them:
 * those before the period count towards the balance before it), and the zone its days are read in.
 */
export interface StatementRows {
  customer: Customer
  packs: SupportPack[]
  incidents: Incident[]
  entries: TimeEntry[]
  subscriptions: Subscription[]
  catalog: Catalog
  /** the zone the statement's days are read in (statementZone) */
  zone: string
}

/** The rows as read, with the zone of the customer's plan calendar added. */
export function statementRows(rows: Omit<StatementRows, 'zone'>): StatementRows {
  const zone = statementZone(
    rows.subscriptions,
    (id) => planIn(rows.catalog, id),
    (id) => calendarIn(rows.catalog, id)?.zone,
  )
  return { ...rows, zone }
}

/** The statement's input for a period (days from `from` to `to` in the rows' zone); engineers named by id. */
export function statementInput(
  rows: StatementRows,
  period: { from: string; to: string },
  engineers: Readonly<Record<string, string>>,
): StatementInput {
  return {
    customer: rows.customer,
    period: { from: period.from, to: period.to, zone: rows.zone },
    packs: rows.packs,
    entries: rows.entries,
    incidents: rows.incidents,
    engineers,
  }
}
