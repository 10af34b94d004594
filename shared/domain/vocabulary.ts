import { z } from 'zod'

// The closed vocabularies the rulebook reasons with; shared by plans, stored rows and policy decisions.

export const SEVERITIES = ['standard', 'priority', 'business-critical', 'emergency'] as const
export const SeveritySchema = z.enum(SEVERITIES)
export type Severity = z.infer<typeof SeveritySchema>

export const INCIDENT_CATEGORIES = [
  'feedback',
  'feature-request',
  'bug-report',
  'question',
  'mail-flow-investigation',
  'system-maintenance',
  'unrelated-configuration',
  'delegated-administration',
  'emergency',
] as const
export const IncidentCategorySchema = z.enum(INCIDENT_CATEGORIES)
export type IncidentCategory = z.infer<typeof IncidentCategorySchema>

export const ROOT_CAUSES = ['product-defect', 'documentation-gap', 'customer-environment', 'unknown'] as const
export const RootCauseSchema = z.enum(ROOT_CAUSES)
export type RootCause = z.infer<typeof RootCauseSchema>

/** AddOnMail's anomaly ranking (R-AM-3): A minor, B wrong execution, C irregular / not reproducible. */
export const ANOMALY_CATEGORIES = ['A', 'B', 'C'] as const
export const AnomalyCategorySchema = z.enum(ANOMALY_CATEGORIES)
export type AnomalyCategory = z.infer<typeof AnomalyCategorySchema>

/** What an engineer can do about a decision that is not plainly "covered" (D-2, D-5, R-ST-1). */
export const ENTITLEMENT_ACTIONS = [
  'reinstate-maintenance',
  'add-named-contact',
  'buy-support-pack',
  'bill-incident',
  'downgrade',
  'approve-exception',
] as const
export const EntitlementActionSchema = z.enum(ENTITLEMENT_ACTIONS)
export type EntitlementAction = z.infer<typeof EntitlementActionSchema>

/** The choices D-2 offers for an incident over its allowance; the engineer picks one. */
export const OverAllowanceActionSchema = z.enum(['bill-incident', 'downgrade', 'approve-exception'])
export type OverAllowanceAction = z.infer<typeof OverAllowanceActionSchema>

export const INCIDENT_STATUSES = ['new', 'open', 'waiting-on-customer', 'resolved', 'closed'] as const
export const IncidentStatusSchema = z.enum(INCIDENT_STATUSES)
export type IncidentStatus = z.infer<typeof IncidentStatusSchema>

/** How an incident ended. `duplicate` and `opened-in-error` give their allowance back (D-1). */
export const RESOLUTIONS = [
  'fixed',
  'answered',
  'workaround',
  'upgrade-required',
  'not-reproducible',
  'wont-fix',
  'duplicate',
  'opened-in-error',
] as const
export const ResolutionSchema = z.enum(RESOLUTIONS)
export type Resolution = z.infer<typeof ResolutionSchema>
export const ALLOWANCE_GIVEN_BACK: readonly Resolution[] = ['duplicate', 'opened-in-error']
