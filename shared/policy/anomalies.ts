import { ANOMALY_CATEGORIES, type AnomalyCategory, type Plan, type Reason } from '../domain'
import { requireBoolean, requireNumber, requireObject, requireOneOf } from './errors'
import { planOf } from './plans'

export interface AnomalyCoverage {
  covered: boolean
  requires: 'none' | 'cost-estimate' | 'maintenance'
  ruleId: string
  reasons: Reason[]
}

/** What Annual Maintenance processes when no plan says otherwise (R-AM-2). */
const MAINTENANCE_COVERS: readonly AnomalyCategory[] = ['A', 'B']

function coverage(
  covered: boolean,
  requires: AnomalyCoverage['requires'],
  ruleId: string,
  message: string,
): AnomalyCoverage {
  return { covered, requires, ruleId, reasons: [{ ruleId, message }] }
}

/**
 * R-AM-1..3: maintenance (or the 30-day warranty) covers categories A and B; C is excluded and needs an accepted
 * hourly cost estimate first. A plan's `coversAnomalies` replaces the A and B of the default.
 */
export function anomalyCoverage(input: {
  category: 'A' | 'B' | 'C'
  hasMaintenance: boolean
  inWarranty: boolean
  plan?: Plan
}): AnomalyCoverage {
  const i = requireObject(input, 'input')
  const category = requireOneOf(i.category, ANOMALY_CATEGORIES, 'category')
  const maintenance = requireBoolean(i.hasMaintenance, 'hasMaintenance')
  const warranty = requireBoolean(i.inWarranty, 'inWarranty')
  const covers = i.plan === undefined ? MAINTENANCE_COVERS : planOf(i.plan).coversAnomalies
  if (!covers.includes(category)) {
    return coverage(
      false,
      'cost-estimate',
      'R-AM-3',
      `Category ${category} anomalies are excluded from maintenance: they need a cost estimate by the hour, accepted by the customer before any work.`,
    )
  }
  if (maintenance)
    return coverage(true, 'none', 'R-AM-2', `Annual Maintenance covers category ${category} anomalies.`)
  if (warranty)
    return coverage(
      true,
      'none',
      'R-AM-1',
      `Within the 30-day warranty, category ${category} anomalies are handled as under maintenance.`,
    )
  return coverage(
    false,
    'maintenance',
    'R-AM-2',
    `Category ${category} anomalies are processed under Annual Maintenance, which this license does not have.`,
  )
}

/** R-AM-3: work may start when covered, or once a cost estimate has been accepted. */
export function anomalyWorkAllowed(input: {
  category: 'A' | 'B' | 'C'
  hasMaintenance: boolean
  inWarranty: boolean
  estimateStatus: 'draft' | 'sent' | 'accepted' | 'declined' | null
}): { allowed: boolean; reasons: Reason[] } {
  const i = requireObject(input, 'input')
  const c = anomalyCoverage({
    category: i.category as AnomalyCategory,
    hasMaintenance: i.hasMaintenance as boolean,
    inWarranty: i.inWarranty as boolean,
  })
  const status =
    i.estimateStatus == null
      ? null
      : requireOneOf(i.estimateStatus, ['draft', 'sent', 'accepted', 'declined'] as const, 'estimateStatus')
  if (c.covered) return { allowed: true, reasons: c.reasons }
  if (status === 'accepted')
    return {
      allowed: true,
      reasons: [...c.reasons, { ruleId: 'R-AM-3', message: 'The customer accepted the cost estimate.' }],
    }
  const wait =
    status === null ? 'No cost estimate has been made yet.' : `The cost estimate is ${status}, not accepted.`
  return { allowed: false, reasons: [...c.reasons, { ruleId: 'R-AM-3', message: wait }] }
}

/** An S.O.R. estimate's total: hours × hourly rate, to the cent. */
export function costEstimateTotal(estimate: { hours: number; hourlyRate: number }): number {
  const e = requireObject(estimate, 'estimate')
  const hours = requireNumber(e.hours, 'estimate.hours', { min: 0 })
  const rate = requireNumber(e.hourlyRate, 'estimate.hourlyRate', { min: 0 })
  return Math.round(hours * rate * 100) / 100
}
