/**
 * From stored rows to what the reports read, the same on both sides: an incident's plan is its subscription's
 * (the plan it was opened under, from its entitlement snapshot, when it has no subscription, R-ST-2) and its team
 * is its customer's.
 */
import type { Incident } from '@shared/domain'
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
