/** What the incident mutators (and the ones that depend on an incident) read of an incident row. */
import type { Incident, Reason } from '@shared/domain'
import type { Row, Tx } from './tx'

export type IncidentRow = Incident

/** The incident `args.incidentId` names, or the mutation is refused with that field named. */
export async function requireIncident(tx: Tx, id: string): Promise<Row<IncidentRow>> {
  return tx.require<IncidentRow>('incidents', id, 'args.incidentId', 'incident')
}

/** resolved or closed: no new agreement, remote access revoked */
export function incidentIsFinished(incident: Pick<Incident, 'status'>): boolean {
  return incident.status === 'resolved' || incident.status === 'closed'
}

/** The flags and reasons an incident carries, the same the mutation that opened it returned (replay). */
export function incidentOutcome(incident: Row<IncidentRow>): {
  flags: string[]
  reasons: Reason[]
  actions: string[]
} {
  const flags: string[] = []
  const reasons: Reason[] = [...(incident.entitlement?.reasons ?? [])]
  if (incident.entitlement?.decision === 'not-entitled') flags.push('not-entitled')
  if (incident.overAllowance) flags.push('over-allowance')
  if (incident.billing?.billable) {
    flags.push('billable')
    reasons.push(...incident.billing.reasons)
  }
  return { flags, reasons, actions: [...(incident.entitlement?.actions ?? [])] }
}
