/**
 * What the anomaly screens show and allow, from the rows alone (pure, so it is unit-tested): the maintenance the
 * license has today (as the mutators judge it, R-AM-1/2), the coverage decision of each category (R-AM-2/3), and
 * where a category C anomaly stands on its cost-estimate path (R-AM-3): work starts only once one is accepted.
 * The mutators decide again when a change is made; this only says beforehand what they will decide.
 */
import type { Calendar, License, Plan, Reason, Subscription } from '@shared/domain'
import { ANOMALY_CATEGORIES, type AnomalyCategory } from '@shared/domain'
import type { AnomalyRow, EstimateRow } from '@shared/mutations'
import { localDate } from '@shared/mutations/catalog'
import { effectiveStatus } from '@shared/mutations/subscriptions'
import { anomalyCoverage, anomalyWorkAllowed, presets, type AnomalyCoverage } from '@shared/policy'
import { withoutTombstones } from '../../data/db/live-rows'

export interface MaintenanceState {
  hasMaintenance: boolean
  inWarranty: boolean
}

/** The categories in the words of R-AM-3, shown beside the classification. */
export const categoryDefinitions: Record<AnomalyCategory, string> = {
  A: 'Minor: does not stop the software.',
  B: 'Wrong execution of a function.',
  C: 'Irregular, or not reproducible at the vendor; needs a special environment. Excluded from maintenance.',
}

const dayMs = 86_400_000

/**
 * R-AM-1/2 as `maintenanceOf` in shared/mutations/anomalies judges them: a warranty plan covers its days from
 * purchase; an active subscription to a plan that covers anomalies is maintenance. "Today" is the plan's own
 * calendar day.
 */
export function maintenanceState(
  license: Pick<License, 'purchasedAt'>,
  subscriptions: readonly Pick<Subscription, 'planId' | 'status' | 'start' | 'end'>[],
  plans: ReadonlyMap<string, Plan>,
  calendars: Readonly<Record<string, Calendar>>,
  now: string,
): MaintenanceState {
  let hasMaintenance = false
  let inWarranty = false
  for (const sub of subscriptions) {
    const plan = plans.get(sub.planId)
    if (!plan) continue
    const zone = calendars[plan.calendarId]?.zone ?? presets.calendars[plan.calendarId]?.zone ?? 'UTC'
    const today = localDate(now, zone)
    if (plan.warrantyDays !== null) {
      const purchased = Date.parse(`${license.purchasedAt}T00:00:00Z`)
      const last = new Date(purchased + (plan.warrantyDays - 1) * dayMs).toISOString().slice(0, 10)
      if (today >= license.purchasedAt && today <= last) inWarranty = true
      continue
    }
    const active = effectiveStatus(sub, today) === 'active' && sub.start <= today
    if (active && plan.coversAnomalies.length > 0) hasMaintenance = true
  }
  return { hasMaintenance, inWarranty }
}

/** What classifying as each category would decide (R-AM-1..3), for the classification form. */
export function coverageByCategory(m: MaintenanceState): Record<AnomalyCategory, AnomalyCoverage> {
  return Object.fromEntries(
    ANOMALY_CATEGORIES.map((category) => [category, anomalyCoverage({ category, ...m })]),
  ) as Record<AnomalyCategory, AnomalyCoverage>
}

export type EstimateStage = 'none' | 'draft' | 'sent' | 'accepted' | 'declined'

export interface AnomalyView {
  classified: boolean
  /** the decision stored by `anomaly.classify`, else what the reported category would decide */
  coverage: AnomalyCoverage
  /** category C: the cost-estimate path applies (R-AM-3) */
  needsEstimate: boolean
  /** the estimate that decides: an accepted one, else the latest */
  estimate: EstimateRow | undefined
  stage: EstimateStage
  work: { allowed: boolean; reasons: Reason[] }
  /** one plain sentence: what happens next */
  nextStep: string
  can: {
    classify: boolean
    estimate: boolean
    send: boolean
    decide: boolean
    linkPatch: boolean
  }
}

const finished: readonly AnomalyRow['status'][] = ['patched', 'rejected', 'closed']

/** Estimates oldest first: ids are UUIDv7, which start with their creation time. */
export function orderEstimates<T extends { id: string }>(estimates: readonly T[]): T[] {
  return [...estimates].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0))
}

export function anomalyView(
  anomaly: Pick<AnomalyRow, 'category' | 'status' | 'coverage'>,
  estimates: readonly EstimateRow[],
  maintenance: MaintenanceState,
): AnomalyView {
  const ordered = orderEstimates(withoutTombstones(estimates))
  const accepted = ordered.find((e) => e.status === 'accepted')
  const estimate = accepted ?? ordered.at(-1)
  const stage: EstimateStage = estimate?.status ?? 'none'
  const classified = anomaly.coverage !== null
  const coverage = anomaly.coverage ?? anomalyCoverage({ category: anomaly.category, ...maintenance })
  const needsEstimate = anomaly.category === 'C'
  const done = finished.includes(anomaly.status)
  // as the time-entry mutator gates work (R-AM-3): only category C waits on its estimate
  const work = needsEstimate
    ? anomalyWorkAllowed({
        category: 'C',
        ...maintenance,
        estimateStatus: stage === 'none' ? null : stage,
      })
    : { allowed: true, reasons: coverage.reasons }
  const open = stage === 'draft' || stage === 'sent'
  return {
    classified,
    coverage,
    needsEstimate,
    estimate,
    stage,
    work,
    nextStep: nextStep(anomaly.status, classified, needsEstimate, stage, coverage),
    can: {
      classify: !(anomaly.status === 'patched' || anomaly.status === 'closed'),
      estimate: needsEstimate && !done && !open && stage !== 'accepted',
      send: needsEstimate && stage === 'draft',
      decide: needsEstimate && stage === 'sent',
      linkPatch: !done && work.allowed,
    },
  }
}

function nextStep(
  status: AnomalyRow['status'],
  classified: boolean,
  needsEstimate: boolean,
  stage: EstimateStage,
  coverage: AnomalyCoverage,
): string {
  if (status === 'patched') return 'Patched: the fix has been delivered for the license’s operating system.'
  if (status === 'rejected' || status === 'closed') return `This anomaly is ${status}.`
  if (needsEstimate) {
    switch (stage) {
      case 'none':
        return 'A category C anomaly needs a cost estimate by the hour, accepted by the customer, before any work (R-AM-3). Make the estimate.'
      case 'draft':
        return 'The estimate is a draft: send it to the customer, who must accept it before any work (R-AM-3).'
      case 'sent':
        return 'The estimate was sent and waits on the customer’s answer: no work until they accept it (R-AM-3).'
      case 'declined':
        return 'The customer declined the estimate: no work on it (R-AM-3). Make a new estimate, or leave it unworked.'
      case 'accepted':
        return 'The customer accepted the estimate: work may start (R-AM-3).'
    }
  }
  if (!classified) return 'Classify it (A, B or C) to record the coverage decision.'
  if (coverage.requires === 'maintenance')
    return 'Not covered: this license has no maintenance; offer to reinstate it (R-AM-2).'
  return 'Covered by maintenance: work may start.'
}

export const anomalyStatusLabel: Record<AnomalyRow['status'], string> = {
  reported: 'Reported',
  confirmed: 'Confirmed',
  'awaiting-estimate': 'Awaiting estimate',
  'in-progress': 'In progress',
  patched: 'Patched',
  rejected: 'Rejected',
  closed: 'Closed',
}

/** "Covered", "Needs estimate", "Needs maintenance", or "Not classified" for the list. */
export function coverageLabel(coverage: AnomalyRow['coverage']): string {
  if (!coverage) return 'Not classified'
  if (coverage.covered) return 'Covered'
  return coverage.requires === 'cost-estimate' ? 'Needs estimate' : 'Needs maintenance'
}
