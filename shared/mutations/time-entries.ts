/**
 * Time entries: minutes an engineer spent on an incident. Billable comes from the classification of the incident
 * (R-PM-1..3, R-ST-4) and is stored on the entry; an engineer may override it with a reason, stored apart
 * (`billableOverride`), which wins. Billable minutes are drawn from the customer's support packs (R-PM-5), oldest
 * first; the balance is computed from the entries, never stored.
 *
 * Refusals: a remote session needs an active remote-access agreement on that very incident (R-ST-6); work on an
 * incident with a category C anomaly needs an accepted cost estimate first (R-AM-3). Talking to the customer
 * (email, phone) is not work on the anomaly and is always allowed: that is how the estimate gets accepted.
 */
import { requireIncident, type IncidentRow } from './incident-state'
import type { Reason, TimeEntry } from '@shared/domain'
import { TimeEntryKindSchema } from '@shared/domain'
import {
  anomalyWorkAllowed,
  classifyBillable,
  effectiveBillable,
  remoteAccessAllowed,
  supportPackBalance,
} from '@shared/policy'
import { z } from 'zod'
import {
  baseVersionSchema,
  idSchema,
  instantSchema,
  requireSameCustomer,
  scopeOfIncident,
  utc,
  type NewRow,
} from './common'
import { reject } from './errors'
import { defineMutator, scopeOfRow, type RunResult } from './mutator'
import { maintenanceOf, type AnomalyRow, type EstimateRow } from './anomalies'
import type { LicenseRow } from './licenses'
import type { AgreementRow } from './remote-access'
import { packsOf } from './support-packs'
import type { Row, Tx } from './tx'

export type TimeEntryRow = TimeEntry & { customerId: string }

type Kind = TimeEntry['kind']

/** Kinds that are work on the problem itself (R-AM-3 applies); email and phone are talking to the customer. */
const WORK_KINDS: readonly Kind[] = ['investigation', 'remote-session', 'on-site', 'development']

function classify(incident: Pick<IncidentRow, 'category' | 'rootCause' | 'kbArticleExisted'>): {
  billable: boolean
  reason: Reason
} {
  const c = classifyBillable({
    category: incident.category,
    ...(incident.rootCause ? { rootCause: incident.rootCause } : {}),
    ...(incident.kbArticleExisted !== null ? { kbArticleExisted: incident.kbArticleExisted } : {}),
  })
  return { billable: c.billable, reason: { ruleId: c.ruleId, message: c.reason } }
}

/** R-ST-6: the agreement in force a remote session is logged under, or a refusal. */
async function requireAgreement(tx: Tx, incident: Row<IncidentRow>, field: string): Promise<string> {
  const agreements = await tx.query<AgreementRow>('remoteAccessAgreements', 'incidentId', incident.id)
  const d = remoteAccessAllowed({
    incidentId: incident.id,
    incidentClosedAt: incident.closedAt,
    agreements: agreements.map((a) => ({
      id: a.id,
      incidentId: a.incidentId,
      grantedAt: a.grantedAt,
      revokedAt: a.revokedAt,
    })),
    at: tx.ctx.now,
  })
  if (!d.allowed || !d.agreementId) {
    reject('remote-access-required', `${d.reasons.map((r) => r.message).join(' ')} (R-ST-6)`, field)
  }
  return d.agreementId
}

/** R-AM-3: no work on an incident whose anomaly is not covered until its cost estimate is accepted. */
async function requireEstimateAccepted(
  tx: Tx,
  incident: Row<IncidentRow>,
  kind: Kind,
  field: string,
): Promise<void> {
  if (!WORK_KINDS.includes(kind)) return
  const anomalies = await tx.query<AnomalyRow>('anomalyReports', 'incidentId', incident.id)
  for (const a of anomalies) {
    if (a.status === 'closed' || a.status === 'rejected' || a.status === 'patched') continue
    const license = await tx.live<LicenseRow>('licenses', a.licenseId)
    const m = license ? await maintenanceOf(tx, license) : { hasMaintenance: false, inWarranty: false }
    const estimates = await tx.query<EstimateRow>('costEstimates', 'anomalyId', a.id)
    const status = estimates.some((e) => e.status === 'accepted')
      ? 'accepted'
      : (estimates.at(-1)?.status ?? null)
    // only the estimate gates work (R-AM-3); an A/B anomaly without maintenance is flagged, not blocked
    if (a.category !== 'C') continue
    const d = anomalyWorkAllowed({
      category: a.category,
      hasMaintenance: m.hasMaintenance,
      inWarranty: m.inWarranty,
      estimateStatus: status,
    })
    if (!d.allowed) {
      reject(
        'estimate-not-accepted',
        `"${a.title}" is a category C anomaly: the customer must accept a cost estimate before any work on it. ${d.reasons
          .map((r) => r.message)
          .join(' ')} (R-AM-3)`,
        field,
      )
    }
  }
}

/** The pack an entry draws from: the one asked for, else the oldest with minutes left, else the newest. */
async function choosePack(
  tx: Tx,
  customerId: string,
  entryId: string,
  minutes: number,
  requested: string | null | undefined,
): Promise<string | null> {
  if (requested) {
    const pack = await tx.require('supportPacks', requested, 'args.supportPackId', 'support pack')
    requireSameCustomer(pack, customerId, 'args.supportPackId', 'support pack')
    return requested
  }
  const packs = await packsOf(tx, customerId)
  for (const pack of packs) {
    const entries = (await tx.query<TimeEntryRow>('timeEntries', 'supportPackId', pack.id)).filter(
      (e) => e.id !== entryId,
    )
    if (supportPackBalance(pack, entries).remaining >= minutes) return pack.id
  }
  return packs.at(-1)?.id ?? null
}

/** Flags of an entry as it now is: billable, and the state of the pack it draws from. */
async function entryOutcome(tx: Tx, entry: Row<TimeEntryRow>): Promise<RunResult> {
  const effective = effectiveBillable(entry)
  if (!effective.billable) return { flags: [], reasons: effective.reasons }
  const flags = ['billable']
  const reasons = [...effective.reasons]
  if (!entry.supportPackId) {
    flags.push('no-support-pack')
    reasons.push({
      ruleId: 'R-PM-5',
      message: 'Billable work is drawn from prepaid support packs, and this customer has none: offer one.',
    })
    return { flags, reasons, actions: ['buy-support-pack'] }
  }
  const pack = await tx.live<{ minutesPurchased: number }>('supportPacks', entry.supportPackId)
  if (pack) {
    const balance = supportPackBalance(
      pack,
      await tx.query<TimeEntryRow>('timeEntries', 'supportPackId', entry.supportPackId),
    )
    if (balance.overdrawn) {
      flags.push('pack-overdrawn')
      reasons.push(...balance.reasons)
      return { flags, reasons, actions: ['buy-support-pack'] }
    }
  }
  return { flags, reasons }
}

/** After a change of billable or minutes: the pack it draws from (none when not billable). */
async function withPack(
  tx: Tx,
  entry: Row<TimeEntryRow>,
  requested?: string | null,
): Promise<Row<TimeEntryRow>> {
  const billable = effectiveBillable(entry).billable
  const packId = billable
    ? entry.supportPackId && !requested
      ? entry.supportPackId
      : await choosePack(tx, entry.customerId, entry.id, entry.minutes, requested)
    : null
  if (packId === entry.supportPackId) return entry
  return tx.update<TimeEntryRow>('timeEntries', entry.id, { supportPackId: packId })
}

/** A new root cause or knowledge-base finding re-classifies the incident's entries (R-PM-3). */
export async function reclassifyEntries(tx: Tx, incident: Row<IncidentRow>): Promise<void> {
  const { billable } = classify(incident)
  for (const entry of await tx.query<TimeEntryRow>('timeEntries', 'incidentId', incident.id)) {
    if (entry.billable === billable) continue
    await withPack(tx, await tx.update<TimeEntryRow>('timeEntries', entry.id, { billable }))
  }
}

const logArgs = z.object({
  id: idSchema,
  incidentId: idSchema,
  minutes: z
    .number()
    .int()
    .positive()
    .max(24 * 60),
  kind: TimeEntryKindSchema,
  /** when the work started (defaults to now) */
  startedAt: instantSchema.optional(),
  note: z.string().max(10_000).default(''),
  /** draw from this pack rather than the oldest one with minutes left */
  supportPackId: idSchema.nullish(),
})

export const timeEntryLog = defineMutator({
  name: 'timeEntry.log',
  version: 1,
  args: logArgs,
  scope: (args, reader) => scopeOfIncident(reader, args.incidentId),
  async run(tx, args, ctx) {
    const incident = await requireIncident(tx, args.incidentId)
    const prior = await tx.replayOf<TimeEntryRow>('timeEntries', args.id, {
      incidentId: args.incidentId,
      minutes: args.minutes,
      kind: args.kind,
    })
    if (prior) return entryOutcome(tx, prior)
    const agreementId =
      args.kind === 'remote-session' ? await requireAgreement(tx, incident, 'args.kind') : null
    await requireEstimateAccepted(tx, incident, args.kind, 'args.kind')
    const { billable } = classify(incident)
    const row: NewRow<TimeEntryRow> = {
      id: args.id,
      incidentId: incident.id,
      customerId: incident.customerId,
      userId: ctx.userId,
      minutes: args.minutes,
      startedAt: utc(args.startedAt ?? ctx.now),
      kind: args.kind,
      note: args.note,
      billable,
      billableOverride: null,
      supportPackId: null,
      remoteAccessAgreementId: agreementId,
    }
    const entry = await withPack(tx, await tx.insert('timeEntries', row), args.supportPackId)
    return entryOutcome(tx, entry)
  },
})

const editArgs = z
  .object({
    timeEntryId: idSchema,
    baseVersion: baseVersionSchema,
    minutes: z
      .number()
      .int()
      .positive()
      .max(24 * 60)
      .optional(),
    kind: TimeEntryKindSchema.optional(),
    startedAt: instantSchema.optional(),
    note: z.string().max(10_000).optional(),
  })
  .refine(
    (a) =>
      a.minutes !== undefined || a.kind !== undefined || a.startedAt !== undefined || a.note !== undefined,
    {
      message: 'Nothing to change.',
      path: ['minutes'],
    },
  )

export const timeEntryEdit = defineMutator({
  name: 'timeEntry.edit',
  version: 1,
  args: editArgs,
  scope: (args, reader) => scopeOfRow(reader, 'timeEntries', args.timeEntryId, 'args.timeEntryId'),
  async run(tx, args) {
    const entry = await tx.require<TimeEntryRow>(
      'timeEntries',
      args.timeEntryId,
      'args.timeEntryId',
      'time entry',
    )
    const incident = await tx.require<IncidentRow>(
      'incidents',
      entry.incidentId,
      'args.timeEntryId',
      'incident',
    )
    const patch: Record<string, unknown> = {}
    if (args.minutes !== undefined) patch.minutes = args.minutes
    if (args.startedAt !== undefined) patch.startedAt = utc(args.startedAt)
    if (args.note !== undefined) patch.note = args.note
    if (args.kind !== undefined && args.kind !== entry.kind) {
      patch.kind = args.kind
      patch.remoteAccessAgreementId =
        args.kind === 'remote-session' ? await requireAgreement(tx, incident, 'args.kind') : null
      await requireEstimateAccepted(tx, incident, args.kind, 'args.kind')
    }
    const updated = await tx.update<TimeEntryRow>('timeEntries', entry.id, patch, {
      baseVersion: args.baseVersion,
    })
    const drawn =
      updated.minutes !== entry.minutes && updated.supportPackId ? await rechoosePack(tx, updated) : updated
    return entryOutcome(tx, drawn)
  },
})

/** More minutes may not fit the pack any more: draw from the oldest pack they fit in (or stay, overdrawn). */
async function rechoosePack(tx: Tx, entry: Row<TimeEntryRow>): Promise<Row<TimeEntryRow>> {
  const packId = await choosePack(tx, entry.customerId, entry.id, entry.minutes, null)
  const current = entry.supportPackId
  if (current && packId !== current) {
    const pack = await tx.live<{ minutesPurchased: number }>('supportPacks', current)
    const others = (await tx.query<TimeEntryRow>('timeEntries', 'supportPackId', current)).filter(
      (e) => e.id !== entry.id,
    )
    if (pack && supportPackBalance(pack, others).remaining >= entry.minutes) return entry
  }
  if (packId === current) return entry
  return tx.update<TimeEntryRow>('timeEntries', entry.id, { supportPackId: packId })
}

export const timeEntryDelete = defineMutator({
  name: 'timeEntry.delete',
  version: 1,
  args: z.object({ timeEntryId: idSchema }),
  scope: (args, reader) =>
    scopeOfRow(reader, 'timeEntries', args.timeEntryId, 'args.timeEntryId', { allowDeleted: true }),
  async run(tx, args) {
    await tx.remove('timeEntries', args.timeEntryId)
  },
})

/** Minimum length of the reason an engineer gives for overriding the classification. */
export const OVERRIDE_REASON_MIN = 10

const overrideArgs = z
  .object({
    timeEntryId: idSchema,
    /** the engineer's decision; null goes back to the classification */
    billable: z.boolean().nullable(),
    reason: z.string().trim().max(2000).optional(),
    baseVersion: baseVersionSchema.optional(),
  })
  .refine((a) => a.billable === null || (a.reason ?? '').length >= OVERRIDE_REASON_MIN, {
    path: ['reason'],
    message: `Say why (at least ${OVERRIDE_REASON_MIN} characters): an override must give its reason.`,
  })

export const timeEntryOverrideBillable = defineMutator({
  name: 'timeEntry.overrideBillable',
  version: 1,
  args: overrideArgs,
  scope: (args, reader) => scopeOfRow(reader, 'timeEntries', args.timeEntryId, 'args.timeEntryId'),
  async run(tx, args, ctx) {
    const entry = await tx.require<TimeEntryRow>(
      'timeEntries',
      args.timeEntryId,
      'args.timeEntryId',
      'time entry',
    )
    const current = entry.billableOverride
    const same =
      args.billable === null
        ? current === null
        : current !== null && current.billable === args.billable && current.reason === args.reason
    if (same) return entryOutcome(tx, entry)
    const override =
      args.billable === null
        ? null
        : { billable: args.billable, reason: args.reason ?? '', by: ctx.userId, at: utc(ctx.now) }
    const updated = await tx.update<TimeEntryRow>(
      'timeEntries',
      entry.id,
      { billableOverride: override },
      { baseVersion: args.baseVersion },
    )
    return entryOutcome(tx, await withPack(tx, updated))
  },
})
