import { z } from 'zod'
import { RuleIdSchema, SlugSchema } from './common'
import {
  AnomalyCategorySchema,
  EntitlementActionSchema,
  OverAllowanceActionSchema,
  SeveritySchema,
} from './vocabulary'

const ruled = { ruleId: RuleIdSchema, label: z.string().min(1) }

/**
 * How fast a first response is owed: business minutes on a calendar, elapsed minutes on the calendar clock
 * (24x7), or the next business day of R-SA-5. `calendarId` defaults to the plan's calendar.
 */
export const ResponseTargetSchema = z.discriminatedUnion('clock', [
  z.object({
    clock: z.literal('business'),
    minutes: z.number().int().positive(),
    calendarId: SlugSchema.optional(),
    ...ruled,
  }),
  z.object({ clock: z.literal('calendar'), minutes: z.number().int().positive(), ...ruled }),
  z.object({ clock: z.literal('next-business-day'), calendarId: SlugSchema.optional(), ...ruled }),
])
export type ResponseTarget = z.infer<typeof ResponseTargetSchema>

/**
 * A number of incidents per contract year (D-1). `all` counts every incident, `priority` those opened with
 * severity priority (D-6), `extended-hours` those worked in the extended-hours window (R-SA-4).
 */
export const AllowanceSchema = z.object({
  kind: z.enum(['all', 'priority', 'extended-hours']),
  limit: z.number().int().nonnegative(),
  period: z.literal('contract-year'),
  /** the choices offered once the allowance is used up (D-2) */
  overActions: z
    .array(OverAllowanceActionSchema)
    .min(1)
    .default(['bill-incident', 'downgrade', 'approve-exception']),
  ...ruled,
})
export type Allowance = z.infer<typeof AllowanceSchema>

/** R-SA-6: every full `everyHours` open raises one level; the last level is where it stays. */
export const EscalationLadderSchema = z.object({
  severities: z.array(SeveritySchema).min(1),
  everyHours: z.number().positive(),
  roles: z.array(z.string().min(1)).min(1),
  /** who speaks to the customer throughout */
  contactRole: z.string().min(1),
  ruleId: RuleIdSchema,
})
export type EscalationLadder = z.infer<typeof EscalationLadderSchema>

/** Pre-arranged incidents worked on another calendar (R-SA-4: 07:00–19:00 instead of the normal hours). */
export const ExtendedHoursSchema = z.object({ calendarId: SlugSchema, ...ruled })
export type ExtendedHours = z.infer<typeof ExtendedHoursSchema>

/** A charge per incident of a severity, e.g. SmarterTools Emergency 24x7 (R-ST-4). */
export const PerIncidentChargeSchema = z.object({
  severity: SeveritySchema,
  refundable: z.boolean(),
  ...ruled,
})
export type PerIncidentCharge = z.infer<typeof PerIncidentChargeSchema>

export const BillingSchema = z.object({
  /** included: covered work is free; support-pack: billable work draws on prepaid packs (R-PM-5);
   *  per-hour-estimate: every piece of work is quoted by the hour and accepted first (R-AM-5) */
  model: z.enum(['included', 'support-pack', 'per-hour-estimate']),
  perIncident: z.array(PerIncidentChargeSchema).default([]),
})
export type Billing = z.infer<typeof BillingSchema>

/**
 * What a customer bought: plain data, so an organisation can define its own plans in this shape and the
 * vendor presets are data too. No rule in code names a vendor; every field says which rule it encodes.
 */
export const PlanSchema = z
  .object({
    id: SlugSchema,
    label: z.string().min(1),
    description: z.string().default(''),
    vendor: z.string().default(''),
    /** business hours of the plan's business-hour targets (R-SA-7) and the zone its dates are read in */
    calendarId: SlugSchema,
    /** the rule that grants support while the subscription is active */
    coverageRuleId: RuleIdSchema,
    /** no end date while the subscription is active (R-ST-2) */
    lifetime: z.boolean().default(false),
    /** covered for this many days from the license purchase, whatever the subscription (R-AM-1) */
    warrantyDays: z.number().int().positive().nullable().default(null),
    /** what the customer can do when not covered, and how to say it (R-ST-1) */
    whenNotCovered: z.object({
      actions: z.array(EntitlementActionSchema).default([]),
      message: z.string().min(1),
      ruleId: RuleIdSchema,
    }),
    responseTargets: z.partialRecord(SeveritySchema, ResponseTargetSchema).default({}),
    allowances: z.array(AllowanceSchema).default([]),
    /** null: no cap stated; otherwise only named contacts may open incidents (D-5) */
    namedContactCap: z.number().int().positive().nullable().default(null),
    namedContactRuleId: RuleIdSchema.nullable().default(null),
    extendedHours: ExtendedHoursSchema.nullable().default(null),
    escalation: EscalationLadderSchema.nullable().default(null),
    coversAnomalies: z.array(AnomalyCategorySchema).default([]),
    upgrades: z.object({ minor: z.boolean(), major: z.boolean() }).default({ minor: false, major: false }),
    /** a phone line and the hours it answers (R-AM-5); null when support is by email or portal only */
    hotline: z.object({ calendarId: SlugSchema, ruleId: RuleIdSchema }).nullable().default(null),
    billing: BillingSchema.default({ model: 'included', perIncident: [] }),
    /** benefits without a rule in code (on-site visits, senior engineers), shown as they are */
    notes: z.array(z.string()).default([]),
    ruleIds: z.array(RuleIdSchema).default([]),
  })
  .refine((p) => !(p.lifetime && p.warrantyDays !== null), {
    path: ['warrantyDays'],
    message: 'a lifetime plan has no warranty period',
  })
  .refine((p) => p.extendedHours !== null || !p.allowances.some((a) => a.kind === 'extended-hours'), {
    path: ['allowances'],
    message: 'an extended-hours allowance needs an extendedHours calendar',
  })
  .refine((p) => p.namedContactCap === null || p.namedContactRuleId !== null, {
    path: ['namedContactRuleId'],
    message: 'a named-contact cap needs the rule it comes from',
  })
export type Plan = z.infer<typeof PlanSchema>
export type PlanInput = z.input<typeof PlanSchema>
