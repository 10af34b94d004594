/**
 * Incidents: opened with the entitlement decision and the first-response deadline of shared/policy (snapshotted
 * on the row, with its reasons), then assigned, re-graded, paused and resumed, commented, answered, resolved
 * (with a resolution code, including duplicate and opened-in-error, which give the allowance back, D-1) and
 * reopened. Over an allowance is not a refusal (D-2): the incident is kept, flagged `over-allowance`, and the
 * engineer later picks one of the offered actions. The timeline is rows of `incidentEvents`.
 *
 * Decision: an incident opened without any subscription is kept and flagged `not-entitled` (like a lapsed one),
 * not refused: a call logged offline is never lost, and the actions say what to do.
 * Decision: `openedAt` may be given by the client (the call came in while it was offline); it is clamped to
 * `now`, so a clock running ahead can't push a deadline later.
 */
import type { Contact, EntitlementSnapshot, Plan, Reason, Severity } from '@shared/domain'
import {
  IncidentCategorySchema,
  OverAllowanceActionSchema,
  ResolutionSchema,
  RootCauseSchema,
  SeveritySchema,
} from '@shared/domain'
import { classifyBillable, escalation, evaluateEntitlement, responseDue, slaClock } from '@shared/policy'
import { z } from 'zod'
import {
  addIncidentEvent,
  baseVersionSchema,
  idSchema,
  instantSchema,
  minInstant,
  requireSameCustomer,
  scopeOfIncident,
  textSchema,
  utc,
  type NewRow,
} from './common'
import { calendarsFor, loadPlan } from './catalog'
import { reject } from './errors'
import { derivedId } from './ids'
import { incidentIsFinished, incidentOutcome, requireIncident, type IncidentRow } from './incident-state'
import type { LicenseRow } from './licenses'
import { defineMutator, type RunResult } from './mutator'
import { revokeAllOnIncident } from './remote-access'
import { subscriptionFor, type SubscriptionRow } from './subscriptions'
import { reclassifyEntries } from './time-entries'
import type { Row, Tx } from './tx'

type SlaEvent = IncidentRow['slaEvents'][number]

/** What the policy needs of an incident's contract. */
interface Contract {
  plan: Plan
  subscription: Row<SubscriptionRow>
  license: Row<LicenseRow> | null
  calendars: Awaited<ReturnType<typeof calendarsFor>>
}

async function contractOf(
  tx: Tx,
  incident: Pick<IncidentRow, 'subscriptionId' | 'licenseId'>,
  field: string,
): Promise<Contract | null> {
  if (!incident.subscriptionId) return null
  const subscription = await tx.live<SubscriptionRow>('subscriptions', incident.subscriptionId)
  if (!subscription) return null
  const plan = await loadPlan(tx, subscription.planId, field)
  const license = incident.licenseId
    ? ((await tx.live<LicenseRow>('licenses', incident.licenseId)) ?? null)
    : null
  return { plan, subscription, license, calendars: await calendarsFor(tx, plan) }
}

function noSubscription(now: string): EntitlementSnapshot {
  return {
    decision: 'not-entitled',
    reasons: [
      {
        ruleId: 'R-ST-1',
        message:
          'There is no support subscription for this license or customer: it is limited to community support. Buy or reinstate one to open a ticket.',
      },
    ],
    allowance: null,
    actions: ['reinstate-maintenance'],
    evaluatedAt: utc(now),
    planId: 'none',
  }
}

/** The entitlement decision for the incident as it now is, counting every other incident of the contract. */
async function entitlementOf(
  tx: Tx,
  contract: Contract | null,
  incident: Pick<IncidentRow, 'id' | 'severity' | 'extendedHours' | 'openedAt' | 'contactId'>,
): Promise<EntitlementSnapshot> {
  if (!contract) return noSubscription(tx.ctx.now)
  const { plan, subscription, license, calendars } = contract
  const contact = await tx.live<Contact>('contacts', incident.contactId)
  const others = (await tx.query<IncidentRow>('incidents', 'subscriptionId', subscription.id)).filter(
    (i) => i.id !== incident.id,
  )
  const d = evaluateEntitlement({
    plan,
    subscription: { start: subscription.start, end: subscription.end, status: subscription.status },
    purchasedAt: license?.purchasedAt ?? subscription.start,
    severity: incident.severity,
    extendedHours: incident.extendedHours,
    contactIsNamed: contact?.named ?? false,
    priorIncidents: others.map((i) => ({
      openedAt: i.openedAt,
      severity: i.severity,
      extendedHours: i.extendedHours,
      ...(i.resolution ? { resolution: i.resolution } : {}),
    })),
    now: incident.openedAt,
    calendars,
  })
  return {
    decision: d.decision,
    reasons: d.reasons,
    allowance: d.allowance,
    actions: d.actions,
    evaluatedAt: utc(tx.ctx.now),
    planId: plan.id,
  }
}

/**
 * The first-response deadline (`responseDue`, then `slaClock` once the clock was paused): the plan's target from
 * `openedAt`, pushed back by the business time
 * of every pause of the SLA clock that began before the deadline. Null when the plan commits to none, or when
 * the incident is not entitled.
 */
async function responseDueOf(
  tx: Tx,
  contract: Contract | null,
  incident: Pick<IncidentRow, 'severity' | 'extendedHours' | 'openedAt' | 'slaEvents'>,
  entitlement: EntitlementSnapshot,
): Promise<string | null> {
  if (!contract || entitlement.decision === 'not-entitled') return null
  const { plan, calendars } = contract
  if (!plan.responseTargets[incident.severity]) return null
  const extendedHours = incident.extendedHours && plan.extendedHours !== null
  if (incident.slaEvents.length === 0) {
    return utc(responseDue(plan, incident.severity, incident.openedAt, { extendedHours, calendars }).dueAt)
  }
  // the policy refuses a `now` before an event: take the latest of the clock and what is recorded
  let now = tx.ctx.now
  for (const at of [incident.openedAt, ...incident.slaEvents.map((e) => e.at)])
    if (Date.parse(at) > Date.parse(now)) now = at
  const clock = slaClock(
    plan,
    incident.severity,
    incident.openedAt,
    incident.slaEvents.map((e) => ({ type: e.type, at: e.at })),
    now,
    { extendedHours, calendars },
  )
  return utc(clock.dueAt)
}

/** Billable as a whole: a per-incident charge of the plan (R-ST-4), else the classification (R-PM-1..3). */
function billingOf(
  plan: Plan | null,
  incident: Pick<IncidentRow, 'severity' | 'category' | 'rootCause' | 'kbArticleExisted'>,
): { billable: boolean; reasons: Reason[] } {
  const charge = plan?.billing.perIncident.find((c) => c.severity === incident.severity)
  if (charge) return { billable: true, reasons: [{ ruleId: charge.ruleId, message: `${charge.label}.` }] }
  const c = classifyBillable({
    category: incident.category,
    ...(incident.rootCause ? { rootCause: incident.rootCause } : {}),
    ...(incident.kbArticleExisted !== null ? { kbArticleExisted: incident.kbArticleExisted } : {}),
  })
  return { billable: c.billable, reasons: [{ ruleId: c.ruleId, message: c.reason }] }
}

function isPaused(events: readonly SlaEvent[]): boolean {
  let paused = false
  for (const e of events) {
    if (e.type === 'pause') paused = true
    if (e.type === 'resume') paused = false
  }
  return paused
}

/**
 * Who may be given an incident: an enabled user of the team that owns its customer, or an administrator. Only
 * a store that knows the users (the server's) can tell; a client's result is provisional and the server decides.
 */
async function requireAssignable(tx: Tx, customerId: string, assigneeId: string): Promise<void> {
  const user = await tx.user(assigneeId)
  if (user === undefined) return
  if (user === null) reject('not-found', `No user with id ${assigneeId}.`, 'args.assigneeId')
  if (user.disabled)
    reject(
      'invalid-state',
      'This user is disabled and can no longer be assigned incidents.',
      'args.assigneeId',
    )
  if (user.role === 'admin') return
  const customer = await tx.live<{ teamId?: string }>('customers', customerId)
  if (typeof customer?.teamId !== 'string' || !user.teamIds.includes(customer.teamId)) {
    reject(
      'forbidden',
      "This user is not in the customer's team: assign a member of the team or an administrator.",
      'args.assigneeId',
    )
  }
}

function refuseIfClosed(incident: IncidentRow, what: string): void {
  if (incident.status === 'closed')
    reject('invalid-state', `This incident is closed: reopen it to ${what}.`, 'args.incidentId')
}

/** Re-evaluates entitlement, over-allowance and the deadline after a change of severity or extended hours. */
async function reassess(
  tx: Tx,
  incident: Row<IncidentRow>,
): Promise<{ row: Row<IncidentRow>; result: RunResult }> {
  const contract = await contractOf(tx, incident, 'args.incidentId')
  const entitlement = await entitlementOf(tx, contract, incident)
  const patch: Record<string, unknown> = {
    entitlement,
    // once an action was chosen the incident stays marked; otherwise the flag follows the decision
    overAllowance: incident.overAllowanceAction !== null || entitlement.decision === 'over-allowance',
    billing: billingOf(contract?.plan ?? null, incident),
  }
  if (incident.respondedAt === null)
    patch.responseDueAt = await responseDueOf(tx, contract, incident, entitlement)
  const row = await tx.update<IncidentRow>('incidents', incident.id, patch)
  return { row, result: incidentOutcome(row) }
}

// ---------------------------------------------------------------------------------------------------------------

const openArgs = z.object({
  id: idSchema,
  customerId: idSchema,
  contactId: idSchema,
  /** null for hosted customers and partners (R-ST-2) */
  licenseId: idSchema.nullable(),
  /** the contract it falls under; by default the license's (or customer's) subscription covering openedAt */
  subscriptionId: idSchema.nullish(),
  subject: textSchema(300),
  description: z.string().max(100_000).default(''),
  severity: SeveritySchema,
  category: IncidentCategorySchema,
  rootCause: RootCauseSchema.nullish(),
  /** a pre-arranged extended-hours incident (R-SA-4) */
  extendedHours: z.boolean().default(false),
  /** when the customer reported it (defaults to now; never later than now) */
  openedAt: instantSchema.optional(),
  assigneeId: idSchema.nullish(),
})

export const incidentOpen = defineMutator({
  name: 'incident.open',
  version: 1,
  args: openArgs,
  scope: async (args) => ({ customerId: args.customerId }),
  async run(tx, args, ctx) {
    const prior = await tx.replayOf<IncidentRow>('incidents', args.id, {
      customerId: args.customerId,
      contactId: args.contactId,
      subject: args.subject,
    })
    if (prior) return incidentOutcome(prior)

    const contact = await tx.require<Contact>('contacts', args.contactId, 'args.contactId', 'contact')
    requireSameCustomer(contact, args.customerId, 'args.contactId', 'contact')
    if (args.licenseId) {
      const license = await tx.require('licenses', args.licenseId, 'args.licenseId', 'license')
      requireSameCustomer(license, args.customerId, 'args.licenseId', 'license')
    }
    if (args.assigneeId) await requireAssignable(tx, args.customerId, args.assigneeId)
    const openedAt = utc(minInstant(args.openedAt ?? ctx.now, ctx.now))
    let subscription: Row<SubscriptionRow> | undefined
    if (args.subscriptionId) {
      subscription = await tx.require<SubscriptionRow>(
        'subscriptions',
        args.subscriptionId,
        'args.subscriptionId',
        'subscription',
      )
      requireSameCustomer(subscription, args.customerId, 'args.subscriptionId', 'subscription')
      if (subscription.licenseId && subscription.licenseId !== args.licenseId) {
        reject('invalid', 'This subscription is for another license.', 'args.subscriptionId')
      }
    } else {
      subscription = await subscriptionFor(tx, args.customerId, args.licenseId, openedAt.slice(0, 10))
    }

    const draft = {
      id: args.id,
      subscriptionId: subscription?.id ?? null,
      licenseId: args.licenseId,
      severity: args.severity,
      extendedHours: args.extendedHours,
      openedAt,
      contactId: args.contactId,
      slaEvents: [] as SlaEvent[],
      category: args.category,
      rootCause: args.rootCause ?? null,
      kbArticleExisted: null,
    }
    const contract = await contractOf(tx, draft, 'args.subscriptionId')
    if (args.extendedHours && contract && contract.plan.extendedHours === null) {
      reject('invalid', `${contract.plan.label} has no extended-hours incidents.`, 'args.extendedHours')
    }
    const entitlement = await entitlementOf(tx, contract, draft)
    const row: NewRow<IncidentRow> = {
      ...draft,
      customerId: args.customerId,
      subject: args.subject,
      description: args.description,
      status: 'new',
      assigneeId: args.assigneeId ?? null,
      respondedAt: null,
      resolvedAt: null,
      closedAt: null,
      resolution: null,
      duplicateOfId: null,
      entitlement,
      overAllowance: entitlement.decision === 'over-allowance',
      overAllowanceAction: null,
      responseDueAt: await responseDueOf(tx, contract, draft, entitlement),
      billing: billingOf(contract?.plan ?? null, draft),
    }
    const inserted = await tx.insert('incidents', row)
    await addIncidentEvent(tx, inserted, {
      kind: 'opened',
      data: { severity: row.severity, decision: entitlement.decision, responseDueAt: row.responseDueAt },
    })
    return incidentOutcome(inserted)
  },
})

export const incidentAssign = defineMutator({
  name: 'incident.assign',
  version: 1,
  args: z.object({
    incidentId: idSchema,
    assigneeId: idSchema.nullable(),
    baseVersion: baseVersionSchema.optional(),
  }),
  scope: (args, reader) => scopeOfIncident(reader, args.incidentId),
  async run(tx, args) {
    const incident = await requireIncident(tx, args.incidentId)
    refuseIfClosed(incident, 'assign it')
    if (incident.assigneeId === args.assigneeId) return
    if (args.assigneeId !== null) await requireAssignable(tx, incident.customerId, args.assigneeId)
    const row = await tx.update<IncidentRow>(
      'incidents',
      incident.id,
      { assigneeId: args.assigneeId },
      { baseVersion: args.baseVersion },
    )
    if (row.assigneeId === args.assigneeId) {
      await addIncidentEvent(tx, row, {
        kind: 'assigned',
        data: { from: incident.assigneeId, to: args.assigneeId },
      })
    }
  },
})

export const incidentSetSeverity = defineMutator({
  name: 'incident.setSeverity',
  version: 1,
  args: z.object({
    incidentId: idSchema,
    severity: SeveritySchema,
    baseVersion: baseVersionSchema.optional(),
  }),
  scope: (args, reader) => scopeOfIncident(reader, args.incidentId),
  async run(tx, args) {
    const incident = await requireIncident(tx, args.incidentId)
    if (incidentIsFinished(incident)) {
      reject(
        'invalid-state',
        'This incident is resolved or closed: reopen it to change its severity.',
        'args.incidentId',
      )
    }
    if (incident.severity === args.severity) return incidentOutcome(incident)
    const row = await tx.update<IncidentRow>(
      'incidents',
      incident.id,
      { severity: args.severity },
      { baseVersion: args.baseVersion },
    )
    if (row.severity !== args.severity) return incidentOutcome(row) // conflict: the server's severity stands
    await addIncidentEvent(tx, row, {
      kind: 'severity',
      data: { from: incident.severity, to: args.severity },
    })
    return (await reassess(tx, row)).result
  },
})

/** The statuses `incident.setStatus` moves between; resolving and reopening have their own mutators. */
const settableStatus = z.enum(['open', 'waiting-on-customer', 'closed'])

export const incidentSetStatus = defineMutator({
  name: 'incident.setStatus',
  version: 1,
  args: z.object({ incidentId: idSchema, status: settableStatus, baseVersion: baseVersionSchema.optional() }),
  scope: (args, reader) => scopeOfIncident(reader, args.incidentId),
  async run(tx, args, ctx) {
    const incident = await requireIncident(tx, args.incidentId)
    if (incident.status === args.status) return
    if (args.status === 'closed' && incident.status !== 'resolved') {
      reject(
        'invalid-state',
        'Resolve the incident (with a resolution code) before closing it.',
        'args.status',
      )
    }
    if (args.status !== 'closed' && incidentIsFinished(incident)) {
      reject('invalid-state', `This incident is ${incident.status}: reopen it instead.`, 'args.status')
    }
    const patch: Record<string, unknown> = { status: args.status }
    if (args.status === 'closed') patch.closedAt = utc(ctx.now)
    // the SLA clock pauses while the incident waits on the customer
    const paused = isPaused(incident.slaEvents)
    let slaEvents = incident.slaEvents
    if (args.status === 'waiting-on-customer' && !paused)
      slaEvents = [...slaEvents, { type: 'pause', at: utc(ctx.now), by: ctx.userId }]
    if (args.status !== 'waiting-on-customer' && paused)
      slaEvents = [...slaEvents, { type: 'resume', at: utc(ctx.now), by: ctx.userId }]
    if (slaEvents !== incident.slaEvents) patch.slaEvents = slaEvents
    let row = await tx.update<IncidentRow>('incidents', incident.id, patch, { baseVersion: args.baseVersion })
    if (row.status !== args.status) return // conflict: the server's status stands
    await addIncidentEvent(tx, row, { kind: 'status', data: { from: incident.status, to: args.status } })
    if (slaEvents !== incident.slaEvents && row.respondedAt === null) {
      const contract = await contractOf(tx, row, 'args.incidentId')
      const due = await responseDueOf(tx, contract, row, row.entitlement ?? noSubscription(ctx.now))
      row = await tx.update<IncidentRow>('incidents', row.id, { responseDueAt: due })
    }
    if (args.status === 'closed') await revokeAllOnIncident(tx, row)
  },
})

async function setPaused(tx: Tx, incidentId: string, pause: boolean): Promise<void> {
  const incident = await requireIncident(tx, incidentId)
  if (incidentIsFinished(incident))
    reject(
      'invalid-state',
      'This incident is resolved or closed: its SLA clock has stopped.',
      'args.incidentId',
    )
  if (isPaused(incident.slaEvents) === pause) return // already so: a replay, or nothing to do
  const slaEvents: SlaEvent[] = [
    ...incident.slaEvents,
    { type: pause ? 'pause' : 'resume', at: utc(tx.ctx.now), by: tx.ctx.userId },
  ]
  let row = await tx.update<IncidentRow>('incidents', incident.id, { slaEvents })
  if (!pause && row.respondedAt === null) {
    const contract = await contractOf(tx, row, 'args.incidentId')
    row = await tx.update<IncidentRow>('incidents', row.id, {
      responseDueAt: await responseDueOf(tx, contract, row, row.entitlement ?? noSubscription(tx.ctx.now)),
    })
  }
  await addIncidentEvent(tx, row, {
    kind: pause ? 'sla-paused' : 'sla-resumed',
    data: { responseDueAt: row.responseDueAt },
  })
}

export const incidentPauseSla = defineMutator({
  name: 'incident.pauseSla',
  version: 1,
  args: z.object({ incidentId: idSchema }),
  scope: (args, reader) => scopeOfIncident(reader, args.incidentId),
  run: (tx, args) => setPaused(tx, args.incidentId, true),
})

export const incidentResumeSla = defineMutator({
  name: 'incident.resumeSla',
  version: 1,
  args: z.object({ incidentId: idSchema }),
  scope: (args, reader) => scopeOfIncident(reader, args.incidentId),
  run: (tx, args) => setPaused(tx, args.incidentId, false),
})

/** The first external answer stops the first-response clock; a late one is flagged. */
async function markResponded(tx: Tx, incident: Row<IncidentRow>): Promise<RunResult> {
  if (incident.respondedAt !== null) return {}
  const at = utc(tx.ctx.now)
  const patch: Record<string, unknown> = {
    respondedAt: at,
    slaEvents: [...incident.slaEvents, { type: 'respond', at, by: tx.ctx.userId }],
  }
  if (incident.status === 'new') patch.status = 'open'
  await tx.update('incidents', incident.id, patch)
  if (incident.responseDueAt && Date.parse(at) > Date.parse(incident.responseDueAt)) {
    return {
      flags: ['response-late'],
      reasons: [
        {
          ruleId: 'SLA',
          message: `The first response was due by ${incident.responseDueAt}; it was sent at ${at}.`,
        },
      ],
    }
  }
  return {}
}

const commentArgs = z.object({
  id: idSchema,
  incidentId: idSchema,
  body: z.string().trim().min(1).max(100_000),
  /** internal notes are never shown to the customer; an external comment is an answer to the customer */
  visibility: z.enum(['internal', 'external']),
  /**
   * Files uploaded before this mutation was pushed (PUT /v1/attachments/:id, for this incident's customer).
   * Optional, so clients that predate attachments still send valid version-1 args.
   */
  attachmentIds: z.array(idSchema).max(20).default([]),
})

/** What the timeline shows of an attachment (the event's `data.attachments`; bytes are fetched on demand). */
export interface CommentAttachment {
  id: string
  fileName: string
  mediaType: string
  size: number
}

/**
 * The server refuses ids that were not uploaded for this incident's customer, with the same answer whether the
 * id is unknown or another customer's (no existence oracle). A client store can't check: it keeps the ids only.
 */
async function commentAttachments(
  tx: Tx,
  incident: Row<IncidentRow>,
  ids: readonly string[],
): Promise<CommentAttachment[] | undefined> {
  if (new Set(ids).size !== ids.length)
    reject('invalid', 'An attachment is listed twice.', 'args.attachmentIds')
  const found = await tx.attachments(ids)
  if (!found) return undefined
  return found.map((a, i) => {
    if (!a || a.customerId !== incident.customerId)
      reject(
        'not-found',
        `No attachment ${ids[i]} was uploaded for this customer: upload the file before the comment.`,
        `args.attachmentIds.${i}`,
      )
    return { id: a.id, fileName: a.fileName, mediaType: a.mediaType, size: a.size }
  })
}

async function comment(
  tx: Tx,
  args: z.output<typeof commentArgs>,
  kind: 'comment' | 'response',
): Promise<RunResult> {
  const incident = await requireIncident(tx, args.incidentId)
  const prior = await tx.replayOf('incidentEvents', args.id, { incidentId: args.incidentId, body: args.body })
  if (prior) {
    const late =
      args.visibility === 'external' &&
      incident.responseDueAt !== null &&
      incident.respondedAt !== null &&
      Date.parse(incident.respondedAt) > Date.parse(incident.responseDueAt)
    return late && (prior['data'] as { first?: boolean } | null)?.first
      ? {
          flags: ['response-late'],
          reasons: [
            {
              ruleId: 'SLA',
              message: `The first response was due by ${incident.responseDueAt}; it was sent at ${incident.respondedAt}.`,
            },
          ],
        }
      : {}
  }
  refuseIfClosed(incident, 'comment on it')
  const attachments = await commentAttachments(tx, incident, args.attachmentIds)
  const first = args.visibility === 'external' && incident.respondedAt === null
  await addIncidentEvent(tx, incident, {
    id: args.id,
    kind,
    visibility: args.visibility,
    body: args.body,
    data: {
      first,
      ...(args.attachmentIds.length > 0 ? { attachmentIds: args.attachmentIds } : {}),
      ...(attachments && attachments.length > 0 ? { attachments } : {}),
    },
  })
  return first ? markResponded(tx, incident) : {}
}

export const incidentComment = defineMutator({
  name: 'incident.comment',
  version: 1,
  args: commentArgs,
  scope: (args, reader) => scopeOfIncident(reader, args.incidentId),
  run: (tx, args) => comment(tx, args, 'comment'),
})

export const incidentRespond = defineMutator({
  name: 'incident.respond',
  version: 1,
  args: commentArgs.omit({ visibility: true }),
  scope: (args, reader) => scopeOfIncident(reader, args.incidentId),
  run: (tx, args) => comment(tx, { ...args, visibility: 'external' }, 'response'),
})

const resolveArgs = z
  .object({
    incidentId: idSchema,
    resolution: ResolutionSchema,
    /** the incident this one duplicates (resolution `duplicate`) */
    duplicateOfId: idSchema.nullish(),
    /** what was at fault; product defect or documentation gap make the work non-billable (R-PM-3) */
    rootCause: RootCauseSchema.nullish(),
    note: z.string().trim().max(10_000).nullish(),
  })
  .refine((a) => a.resolution !== 'duplicate' || !!a.duplicateOfId, {
    path: ['duplicateOfId'],
    message: 'a duplicate names the incident it duplicates',
  })

export const incidentResolve = defineMutator({
  name: 'incident.resolve',
  version: 1,
  args: resolveArgs,
  scope: (args, reader) => scopeOfIncident(reader, args.incidentId),
  async run(tx, args, ctx) {
    const incident = await requireIncident(tx, args.incidentId)
    const duplicateOfId = args.resolution === 'duplicate' ? (args.duplicateOfId ?? null) : null
    if (
      incident.status === 'resolved' &&
      incident.resolution === args.resolution &&
      incident.duplicateOfId === duplicateOfId
    )
      return
    refuseIfClosed(incident, 'resolve it again')
    if (duplicateOfId) {
      if (duplicateOfId === incident.id)
        reject('invalid', 'An incident cannot duplicate itself.', 'args.duplicateOfId')
      const original = await tx.require<IncidentRow>(
        'incidents',
        duplicateOfId,
        'args.duplicateOfId',
        'incident',
      )
      requireSameCustomer(original, incident.customerId, 'args.duplicateOfId', 'incident')
    }
    const patch: Record<string, unknown> = {
      status: 'resolved',
      resolution: args.resolution,
      duplicateOfId,
      resolvedAt: utc(ctx.now),
    }
    if (isPaused(incident.slaEvents))
      patch.slaEvents = [...incident.slaEvents, { type: 'resume', at: utc(ctx.now), by: ctx.userId }]
    let row = await tx.update<IncidentRow>('incidents', incident.id, patch)
    if (args.rootCause !== undefined && args.rootCause !== null && args.rootCause !== incident.rootCause) {
      row = await setRootCause(tx, row, args.rootCause)
    }
    await addIncidentEvent(tx, row, {
      kind: 'resolved',
      body: args.note ?? null,
      data: { resolution: args.resolution, duplicateOfId, rootCause: row.rootCause },
    })
    // R-ST-6: closing the ticket revokes its remote-access agreements
    await revokeAllOnIncident(tx, row)
  },
})

/** A new root cause re-classifies the incident and the time entries without an override (R-PM-3). */
async function setRootCause(
  tx: Tx,
  incident: Row<IncidentRow>,
  rootCause: IncidentRow['rootCause'],
): Promise<Row<IncidentRow>> {
  const contract = await contractOf(tx, incident, 'args.incidentId')
  const next = { ...incident, rootCause }
  const row = await tx.update<IncidentRow>('incidents', incident.id, {
    rootCause,
    billing:
      incident.overAllowanceAction === 'bill-incident'
        ? incident.billing
        : billingOf(contract?.plan ?? null, next),
  })
  await reclassifyEntries(tx, row)
  return row
}

export const incidentReopen = defineMutator({
  name: 'incident.reopen',
  version: 1,
  args: z.object({ incidentId: idSchema, reason: z.string().trim().max(10_000).nullish() }),
  scope: (args, reader) => scopeOfIncident(reader, args.incidentId),
  async run(tx, args) {
    const incident = await requireIncident(tx, args.incidentId)
    if (!incidentIsFinished(incident)) return // not resolved or closed: a replay, or nothing to do
    const row = await tx.update<IncidentRow>('incidents', incident.id, {
      status: 'open',
      resolution: null,
      duplicateOfId: null,
      resolvedAt: null,
      closedAt: null,
    })
    await addIncidentEvent(tx, row, {
      kind: 'reopened',
      body: args.reason ?? null,
      data: { from: incident.status },
    })
  },
})

const chooseArgs = z.object({
  incidentId: idSchema,
  action: OverAllowanceActionSchema,
  note: z.string().trim().max(10_000).nullish(),
  baseVersion: baseVersionSchema.optional(),
})

export const incidentChooseOverAllowanceAction = defineMutator({
  name: 'incident.chooseOverAllowanceAction',
  version: 1,
  args: chooseArgs,
  scope: (args, reader) => scopeOfIncident(reader, args.incidentId),
  async run(tx, args) {
    const incident = await requireIncident(tx, args.incidentId)
    if (incident.overAllowanceAction === args.action) return incidentOutcome(incident)
    if (!incident.overAllowance)
      reject(
        'invalid-state',
        'This incident is within its allowance: there is nothing to choose.',
        'args.action',
      )
    const offered = incident.entitlement?.actions ?? []
    if (incident.overAllowanceAction === null && !offered.includes(args.action)) {
      reject(
        'invalid',
        `The plan offers ${offered.join(', ') || 'no action'} for this incident (D-2).`,
        'args.action',
      )
    }
    const contract = await contractOf(tx, incident, 'args.incidentId')
    const patch: Record<string, unknown> = { overAllowanceAction: args.action }
    if (args.action === 'bill-incident') {
      patch.billing = {
        billable: true,
        reasons: [
          { ruleId: 'D-2', message: 'Over the allowance: the customer is billed for this incident.' },
        ],
      }
    } else {
      patch.billing = billingOf(contract?.plan ?? null, incident)
    }
    if (args.action === 'downgrade') {
      // out of the allowance it went over: a priority incident becomes standard, an extended-hours one normal hours
      if (incident.severity === 'priority') patch.severity = 'standard' satisfies Severity
      if (incident.extendedHours) patch.extendedHours = false
    }
    let row = await tx.update<IncidentRow>('incidents', incident.id, patch, { baseVersion: args.baseVersion })
    if (row.overAllowanceAction !== args.action) return incidentOutcome(row) // conflict: the server's choice stands
    if (args.action === 'downgrade' && row.respondedAt === null) {
      row = await tx.update<IncidentRow>('incidents', row.id, {
        responseDueAt: await responseDueOf(tx, contract, row, row.entitlement ?? noSubscription(tx.ctx.now)),
      })
    }
    await addIncidentEvent(tx, row, {
      kind: 'over-allowance-action',
      body: args.note ?? null,
      data: { action: args.action },
    })
    return incidentOutcome(row)
  },
})

export const incidentEscalate = defineMutator({
  name: 'incident.escalate',
  version: 1,
  args: z.object({ incidentId: idSchema, level: z.number().int().min(1).max(20) }),
  scope: (args, reader) => scopeOfIncident(reader, args.incidentId),
  async run(tx, args, ctx) {
    const incident = await requireIncident(tx, args.incidentId)
    // one row per level, whoever records it first: the id is derived from the incident and the level
    const eventId = derivedId(`incidentEvents:${incident.id}:escalated:${args.level}`)
    const contract = await contractOf(tx, incident, 'args.incidentId')
    if (!contract)
      reject('invalid-state', 'This incident has no plan, so no escalation path.', 'args.incidentId')
    const e = escalation(contract.plan, incident.severity, incident.openedAt, ctx.now, {
      resolvedAt: incident.resolvedAt,
    })
    if (await tx.get('incidentEvents', eventId)) return { reasons: e.reasons }
    if (e.level < args.level) {
      reject(
        'invalid-state',
        `This incident is at escalation level ${e.level}, not ${args.level}.`,
        'args.level',
      )
    }
    const role = contract.plan.escalation?.roles[args.level - 1] ?? null
    await tx.insert('incidentEvents', {
      id: eventId,
      incidentId: incident.id,
      customerId: incident.customerId,
      kind: 'escalated',
      visibility: 'internal',
      body: null,
      data: { level: args.level, role },
      at: utc(ctx.now),
      by: ctx.userId,
    })
    return { reasons: e.reasons }
  },
})

/**
 * A customer wrote (mail in): an incident waiting on the customer goes back to open and its SLA clock resumes
 * ("waiting on customer" ends, as in Zendesk and Dynamics 365); a resolved one reopens, since the customer says
 * it is not solved. Anything else is unchanged.
 */
export async function customerReplied(tx: Tx, incidentId: string): Promise<void> {
  const incident = await requireIncident(tx, incidentId)
  if (incident.status === 'waiting-on-customer') {
    const slaEvents: SlaEvent[] = isPaused(incident.slaEvents)
      ? [...incident.slaEvents, { type: 'resume', at: utc(tx.ctx.now), by: tx.ctx.userId }]
      : incident.slaEvents
    let row = await tx.update<IncidentRow>('incidents', incident.id, { status: 'open', slaEvents })
    await addIncidentEvent(tx, row, {
      kind: 'status',
      data: { from: incident.status, to: 'open', reason: 'customer-replied' },
    })
    if (slaEvents !== incident.slaEvents && row.respondedAt === null) {
      const contract = await contractOf(tx, row, 'args.incidentId')
      row = await tx.update<IncidentRow>('incidents', row.id, {
        responseDueAt: await responseDueOf(tx, contract, row, row.entitlement ?? noSubscription(tx.ctx.now)),
      })
    }
    return
  }
  if (incident.status === 'resolved') {
    const row = await tx.update<IncidentRow>('incidents', incident.id, {
      status: 'open',
      resolution: null,
      duplicateOfId: null,
      resolvedAt: null,
    })
    await addIncidentEvent(tx, row, {
      kind: 'reopened',
      body: 'The customer replied by mail.',
      data: { from: incident.status, reason: 'customer-replied' },
    })
  }
}
