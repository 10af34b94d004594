/**
 * Anomaly (defect) reports (R-AM-2..4): reported against a license, classified A/B/C. Maintenance (or the
 * 30-day warranty) covers A and B; C is excluded: it needs an S.O.R. cost estimate, by the hour, sent to and
 * accepted by the customer before any work (R-AM-3): until then time entries of work and patches are refused.
 * A patch is delivered for the license's own operating system only (R-AM-4).
 */
import type { AnomalyReport, CostEstimate, Reason } from '@shared/domain'
import { AnomalyCategorySchema } from '@shared/domain'
import { anomalyCoverage, patchApplies } from '@shared/policy'
import { z } from 'zod'
import {
  addIncidentEvent,
  baseVersionSchema,
  idSchema,
  requireSameCustomer,
  textSchema,
  utc,
  type NewRow,
} from './common'
import { loadPlan, planToday } from './catalog'
import { reject } from './errors'
import { requireIncident, type IncidentRow } from './incident-state'
import type { LicenseRow } from './licenses'
import { defineMutator, scopeOfRow, type RunResult } from './mutator'
import { effectiveStatus, type SubscriptionRow } from './subscriptions'
import type { Row, Tx } from './tx'

/** `coverage`: what the classification decided (R-AM-2/3), null until classified. */
export type AnomalyRow = AnomalyReport & {
  customerId: string
  coverage: {
    covered: boolean
    requires: 'none' | 'cost-estimate' | 'maintenance'
    ruleId: string
    reasons: Reason[]
  } | null
}
export type EstimateRow = CostEstimate & {
  customerId: string
  acceptedBy: string | null
  declineReason: string | null
}

/** Whether the license has maintenance, or is in its warranty, today (R-AM-1, R-AM-2). */
export async function maintenanceOf(
  tx: Tx,
  license: Row<LicenseRow>,
): Promise<{ hasMaintenance: boolean; inWarranty: boolean }> {
  let hasMaintenance = false
  let inWarranty = false
  for (const sub of await tx.query<SubscriptionRow>('subscriptions', 'licenseId', license.id)) {
    const plan = await loadPlan(tx, sub.planId, 'args')
    const today = await planToday(tx, plan, tx.ctx.now)
    if (plan.warrantyDays !== null) {
      const purchased = Date.parse(`${license.purchasedAt}T00:00:00Z`)
      const last = new Date(purchased + (plan.warrantyDays - 1) * 86_400_000).toISOString().slice(0, 10)
      if (today >= license.purchasedAt && today <= last) inWarranty = true
      continue
    }
    const active = effectiveStatus(sub, today) === 'active' && sub.start <= today
    if (active && plan.coversAnomalies.length > 0) hasMaintenance = true
  }
  return { hasMaintenance, inWarranty }
}

async function acceptedEstimate(tx: Tx, anomalyId: string): Promise<boolean> {
  return (await tx.query<EstimateRow>('costEstimates', 'anomalyId', anomalyId)).some(
    (e) => e.status === 'accepted',
  )
}

function coverageOutcome(anomaly: AnomalyRow): RunResult {
  const c = anomaly.coverage
  if (!c) return {}
  if (c.requires === 'cost-estimate') return { flags: ['cost-estimate-required'], reasons: c.reasons }
  if (c.requires === 'maintenance')
    return { flags: ['maintenance-required'], reasons: c.reasons, actions: ['reinstate-maintenance'] }
  return { reasons: c.reasons }
}

const reportArgs = z.object({
  id: idSchema,
  licenseId: idSchema,
  incidentId: idSchema.nullish(),
  title: textSchema(300),
  description: z.string().max(100_000).default(''),
  /** the category as first reported; `anomaly.classify` decides it */
  category: AnomalyCategorySchema,
})

export const anomalyReport = defineMutator({
  name: 'anomaly.report',
  version: 1,
  args: reportArgs,
  scope: (args, reader) => scopeOfRow(reader, 'licenses', args.licenseId, 'args.licenseId'),
  async run(tx, args) {
    const license = await tx.require<LicenseRow>('licenses', args.licenseId, 'args.licenseId', 'license')
    if (await tx.replayOf('anomalyReports', args.id, { licenseId: args.licenseId, title: args.title })) return
    let incident: Row<IncidentRow> | undefined
    if (args.incidentId) {
      incident = await requireIncident(tx, args.incidentId)
      requireSameCustomer(incident, license.customerId, 'args.incidentId', 'incident')
    }
    const row: NewRow<AnomalyRow> = {
      id: args.id,
      licenseId: license.id,
      customerId: license.customerId,
      incidentId: args.incidentId ?? null,
      category: args.category,
      status: 'reported',
      title: args.title,
      description: args.description,
      patch: null,
      coverage: null,
    }
    await tx.insert('anomalyReports', row)
    if (incident)
      await addIncidentEvent(tx, incident, {
        kind: 'anomaly-reported',
        data: { anomalyId: args.id, category: args.category },
      })
  },
})

async function requireAnomaly(tx: Tx, id: string, field = 'args.anomalyId'): Promise<Row<AnomalyRow>> {
  return tx.require<AnomalyRow>('anomalyReports', id, field, 'anomaly report')
}

export const anomalyClassify = defineMutator({
  name: 'anomaly.classify',
  version: 1,
  args: z.object({
    anomalyId: idSchema,
    category: AnomalyCategorySchema,
    baseVersion: baseVersionSchema.optional(),
  }),
  scope: (args, reader) => scopeOfRow(reader, 'anomalyReports', args.anomalyId, 'args.anomalyId'),
  async run(tx, args) {
    const anomaly = await requireAnomaly(tx, args.anomalyId)
    if (anomaly.status === 'patched' || anomaly.status === 'closed') {
      reject(
        'invalid-state',
        `This anomaly is ${anomaly.status}: it can't be classified again.`,
        'args.anomalyId',
      )
    }
    const license = await tx.require<LicenseRow>('licenses', anomaly.licenseId, 'args.anomalyId', 'license')
    const m = await maintenanceOf(tx, license)
    const c = anomalyCoverage({
      category: args.category,
      hasMaintenance: m.hasMaintenance,
      inWarranty: m.inWarranty,
    })
    const coverage = { covered: c.covered, requires: c.requires, ruleId: c.ruleId, reasons: c.reasons }
    let status: AnomalyRow['status'] = 'confirmed'
    if (args.category === 'C')
      status = (await acceptedEstimate(tx, anomaly.id)) ? 'in-progress' : 'awaiting-estimate'
    const row = await tx.update<AnomalyRow>(
      'anomalyReports',
      anomaly.id,
      { category: args.category, coverage, status },
      {
        baseVersion: args.baseVersion,
      },
    )
    return coverageOutcome(row)
  },
})

const estimateArgs = z.object({
  id: idSchema,
  anomalyId: idSchema,
  hours: z.number().positive().max(10_000),
  hourlyRate: z.number().nonnegative().max(1_000_000),
  currency: z
    .string()
    .regex(/^[A-Z]{3}$/, 'expected an ISO 4217 code like "EUR"')
    .default('EUR'),
})

export const anomalyEstimateCost = defineMutator({
  name: 'anomaly.estimateCost',
  version: 1,
  args: estimateArgs,
  scope: (args, reader) => scopeOfRow(reader, 'anomalyReports', args.anomalyId, 'args.anomalyId'),
  async run(tx, args) {
    const anomaly = await requireAnomaly(tx, args.anomalyId)
    if (await tx.replayOf('costEstimates', args.id, { anomalyId: args.anomalyId, hours: args.hours })) return
    if (anomaly.category !== 'C') {
      reject(
        'invalid-state',
        `Category ${anomaly.category} anomalies are covered by maintenance: no estimate is needed (R-AM-2).`,
        'args.anomalyId',
      )
    }
    const row: NewRow<EstimateRow> = {
      id: args.id,
      anomalyId: anomaly.id,
      customerId: anomaly.customerId,
      hours: args.hours,
      hourlyRate: args.hourlyRate,
      currency: args.currency,
      status: 'draft',
      sentAt: null,
      decidedAt: null,
      acceptedBy: null,
      declineReason: null,
    }
    await tx.insert('costEstimates', row)
  },
})

async function requireEstimate(tx: Tx, id: string): Promise<Row<EstimateRow>> {
  return tx.require<EstimateRow>('costEstimates', id, 'args.estimateId', 'cost estimate')
}

const estimateScope = (args: { estimateId: string }, reader: Parameters<typeof scopeOfRow>[0]) =>
  scopeOfRow(reader, 'costEstimates', args.estimateId, 'args.estimateId')

export const anomalySendEstimate = defineMutator({
  name: 'anomaly.sendEstimate',
  version: 1,
  args: z.object({ estimateId: idSchema }),
  scope: estimateScope,
  async run(tx, args, ctx) {
    const estimate = await requireEstimate(tx, args.estimateId)
    if (estimate.status === 'sent') return
    if (estimate.status !== 'draft')
      reject('invalid-state', `This estimate was already ${estimate.status}.`, 'args.estimateId')
    await tx.update('costEstimates', estimate.id, { status: 'sent', sentAt: utc(ctx.now) })
  },
})

export const anomalyAcceptEstimate = defineMutator({
  name: 'anomaly.acceptEstimate',
  version: 1,
  args: z.object({
    estimateId: idSchema,
    /** who accepted it at the customer */
    acceptedBy: z.string().trim().max(200).nullish(),
  }),
  scope: estimateScope,
  async run(tx, args, ctx) {
    const estimate = await requireEstimate(tx, args.estimateId)
    if (estimate.status === 'accepted') return
    if (estimate.status !== 'sent') {
      reject(
        'invalid-state',
        estimate.status === 'draft'
          ? 'Send the estimate to the customer before recording their acceptance.'
          : 'This estimate was declined.',
        'args.estimateId',
      )
    }
    await tx.update('costEstimates', estimate.id, {
      status: 'accepted',
      decidedAt: utc(ctx.now),
      acceptedBy: args.acceptedBy ?? null,
    })
    const anomaly = await tx.live<AnomalyRow>('anomalyReports', estimate.anomalyId)
    if (anomaly && anomaly.status === 'awaiting-estimate')
      await tx.update('anomalyReports', anomaly.id, { status: 'in-progress' })
  },
})

export const anomalyDeclineEstimate = defineMutator({
  name: 'anomaly.declineEstimate',
  version: 1,
  args: z.object({ estimateId: idSchema, reason: z.string().trim().max(2000).nullish() }),
  scope: estimateScope,
  async run(tx, args, ctx) {
    const estimate = await requireEstimate(tx, args.estimateId)
    if (estimate.status === 'declined') return
    if (estimate.status === 'accepted')
      reject('invalid-state', 'This estimate was already accepted.', 'args.estimateId')
    await tx.update('costEstimates', estimate.id, {
      status: 'declined',
      decidedAt: utc(ctx.now),
      declineReason: args.reason ?? null,
    })
  },
})

const patchArgs = z.object({
  anomalyId: idSchema,
  patch: z.object({ url: z.url(), os: textSchema(100), version: textSchema(100) }),
})

export const anomalyLinkPatch = defineMutator({
  name: 'anomaly.linkPatch',
  version: 1,
  args: patchArgs,
  scope: (args, reader) => scopeOfRow(reader, 'anomalyReports', args.anomalyId, 'args.anomalyId'),
  async run(tx, args) {
    const anomaly = await requireAnomaly(tx, args.anomalyId)
    const license = await tx.require<LicenseRow>('licenses', anomaly.licenseId, 'args.anomalyId', 'license')
    if (!patchApplies(license.os, args.patch.os)) {
      reject(
        'patch-os-mismatch',
        `This patch is for ${args.patch.os}; the license runs on ${license.os}, and patches are delivered for the license's own operating system only (R-AM-4).`,
        'args.patch.os',
      )
    }
    if (anomaly.category === 'C' && !(await acceptedEstimate(tx, anomaly.id))) {
      reject(
        'estimate-not-accepted',
        'A category C anomaly needs an accepted cost estimate before any work (R-AM-3).',
        'args.anomalyId',
      )
    }
    await tx.update('anomalyReports', anomaly.id, { patch: args.patch, status: 'patched' })
  },
})
