/**
 * From stored rows to what the reports read, the same on both sides: an incident's plan is its subscription's
 * (the plan it was opened under, from its entitlement snapshot, when it has no subscription, R-ST-2) and its team
 * is its customer's.
 */
import { CalendarSchema, PlanSchema, type Calendar, type Incident, type Plan } from '@shared/domain'
import type { SlaIncident } from './sla'
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
