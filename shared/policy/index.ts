// The one entry point of the rulebook (design/policy-api.md, design/policies.md). Everything here is pure:
// `now` is an argument, never read from a clock (D-4); bad input throws PolicyInputError naming the field.
export type {
  Calendar,
  Plan,
  Severity,
  IncidentCategory,
  RootCause,
  AnomalyCategory,
  EntitlementAction,
  Reason,
} from '../domain'
export { PolicyInputError } from './errors'
export { presets } from './presets'

// Calendars (R-CAL-*)
export { addBusinessMinutes, businessMinutesBetween, isOpen, nextOpening } from './calendar'
export { publicHolidays, easterSunday } from './holidays'

// Response targets, escalation, SLA clock, "at risk" (R-SA-3..7, R-ST-3/4). "At risk" has one definition,
// here: not yet overdue, and AT_RISK_MINUTES (60) business minutes or fewer left on the response target's own
// calendar (responseCalendarId); atRiskUntil gives the latest due time at risk at `now` for one calendar.
export { responseDue, responseTargetFor, type ResponseDue, type ResponseOptions } from './response'
export { escalation, type Escalation } from './escalation'
export { slaClock, type SlaClock, type SlaEventInput } from './sla-clock'
export { AT_RISK_MINUTES, atRiskUntil, responseCalendarId } from './at-risk'
export { hotlineOpen } from './hotline'

// Entitlement and named contacts (R-ST-1/2, R-AM-1, R-SA-2..5, D-1, D-2, D-5, D-6)
export {
  evaluateEntitlement,
  type Entitlement,
  type EntitlementInput,
  type PriorIncident,
  type AllowanceUse,
} from './entitlement'
export { namedContactCap, evaluateNamedContact, type NamedContactDecision } from './contacts'

// Billing and support packs (R-PM-*, R-ST-4)
export { classifyBillable, effectiveBillable, needsKbArticle, type BillableClassification } from './billing'
export { supportPackBalance, type PackBalance } from './packs'

// Licenses and installations (R-SA-1, R-ST-5, R-ST-7..9, R-AM-4)
export {
  isLegacyVersion,
  versionSupport,
  editionUpgradePrice,
  versionUpgradeCost,
  patchApplies,
  serverLicenseCheck,
  transferAllowed,
  type VersionSupport,
  type EditionUpgrade,
} from './licenses'
export {
  installationStatus,
  MIGRATION_GRACE_DAYS,
  type InstallationState,
  type InstallationAction,
} from './installations'

// Anomalies (R-AM-1..3)
export { anomalyCoverage, anomalyWorkAllowed, costEstimateTotal, type AnomalyCoverage } from './anomalies'

// Remote access (R-ST-6)
export { remoteAccessAllowed } from './remote-access'
