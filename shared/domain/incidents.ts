import { z } from 'zod'
import { reasonSchema } from '../protocol/reasons'
import { IdSchema, InstantSchema, syncedRowShape } from './common'
import { EntitlementSnapshotSchema } from './decisions'
import {
  IncidentCategorySchema,
  IncidentStatusSchema,
  OverAllowanceActionSchema,
  ResolutionSchema,
  RootCauseSchema,
  SeveritySchema,
} from './vocabulary'

/** The SLA clock pauses while an incident waits on the customer; a response stops the first-response clock. */
export const SlaEventSchema = z.object({
  type: z.enum(['pause', 'resume', 'respond']),
  at: InstantSchema,
  by: IdSchema.nullable().default(null),
})
export type SlaEvent = z.infer<typeof SlaEventSchema>

export const IncidentSchema = z
  .object({
    ...syncedRowShape,
    customerId: IdSchema,
    /** null for hosted customers and partners, who have no license (R-ST-2) */
    licenseId: IdSchema.nullable(),
    subscriptionId: IdSchema.nullable().default(null),
    contactId: IdSchema,
    subject: z.string().trim().min(1).max(300),
    description: z.string().default(''),
    severity: SeveritySchema,
    category: IncidentCategorySchema,
    status: IncidentStatusSchema,
    assigneeId: IdSchema.nullable().default(null),
    openedAt: InstantSchema,
    respondedAt: InstantSchema.nullable().default(null),
    resolvedAt: InstantSchema.nullable().default(null),
    closedAt: InstantSchema.nullable().default(null),
    resolution: ResolutionSchema.nullable().default(null),
    duplicateOfId: IdSchema.nullable().default(null),
    /** a pre-arranged extended-hours incident (R-SA-4) */
    extendedHours: z.boolean().default(false),
    /** the entitlement decision when the incident was opened; the server's is final (design/sync.md) */
    entitlement: EntitlementSnapshotSchema.nullable().default(null),
    /** kept and flagged, never dropped (D-2); the engineer's choice is recorded once made */
    overAllowance: z.boolean().default(false),
    overAllowanceAction: OverAllowanceActionSchema.nullable().default(null),
    responseDueAt: InstantSchema.nullable().default(null),
    slaEvents: z.array(SlaEventSchema).default([]),
    rootCause: RootCauseSchema.nullable().default(null),
    /** whether the knowledge base already answered it (R-PM-1/2); null until someone checked */
    kbArticleExisted: z.boolean().nullable().default(null),
    billing: z
      .object({ billable: z.boolean(), reasons: z.array(reasonSchema) })
      .nullable()
      .default(null),
  })
  .refine((i) => i.resolution !== 'duplicate' || i.duplicateOfId !== null, {
    path: ['duplicateOfId'],
    message: 'a duplicate names the incident it duplicates',
  })
  .refine((i) => i.overAllowanceAction === null || i.overAllowance, {
    path: ['overAllowanceAction'],
    message: 'only an over-allowance incident has an over-allowance action',
  })
export type Incident = z.infer<typeof IncidentSchema>

export const TIME_ENTRY_KINDS = [
  'investigation',
  'email',
  'phone',
  'remote-session',
  'on-site',
  'development',
] as const
export const TimeEntryKindSchema = z.enum(TIME_ENTRY_KINDS)
export type TimeEntryKind = z.infer<typeof TimeEntryKindSchema>

/** An engineer's manual decision, which wins over the classification and must say why. */
export const BillableOverrideSchema = z.object({
  billable: z.boolean(),
  reason: z.string().trim().min(1),
  by: IdSchema.nullable().default(null),
  at: InstantSchema.nullable().default(null),
})
export type BillableOverride = z.infer<typeof BillableOverrideSchema>

export const TimeEntrySchema = z
  .object({
    ...syncedRowShape,
    incidentId: IdSchema,
    userId: IdSchema,
    minutes: z.number().int().positive(),
    startedAt: InstantSchema,
    kind: TimeEntryKindSchema,
    note: z.string().default(''),
    /** the classification's answer (R-PM-1..3, R-ST-4) */
    billable: z.boolean(),
    billableOverride: BillableOverrideSchema.nullable().default(null),
    /** the prepaid pack billable minutes are drawn from (R-PM-5) */
    supportPackId: IdSchema.nullable().default(null),
    /** a remote session needs an active agreement on that very incident (R-ST-6) */
    remoteAccessAgreementId: IdSchema.nullable().default(null),
  })
  .refine((t) => t.kind !== 'remote-session' || t.remoteAccessAgreementId !== null, {
    path: ['remoteAccessAgreementId'],
    message: 'a remote session needs a remote access agreement (R-ST-6)',
  })
export type TimeEntry = z.infer<typeof TimeEntrySchema>

/** A Remote Server Access Agreement (R-ST-6): one per incident, revocable, revoked when the incident closes. */
export const RemoteAccessAgreementSchema = z
  .object({
    ...syncedRowShape,
    incidentId: IdSchema,
    grantedAt: InstantSchema,
    grantedByContactId: IdSchema.nullable().default(null),
    revokedAt: InstantSchema.nullable().default(null),
    revokedReason: z.enum(['customer', 'incident-closed', 'engineer']).nullable().default(null),
  })
  .refine((a) => (a.revokedAt === null) === (a.revokedReason === null), {
    path: ['revokedReason'],
    message: 'a revoked agreement says why, and only a revoked one',
  })
export type RemoteAccessAgreement = z.infer<typeof RemoteAccessAgreementSchema>
