/**
 * The plan editor's form: the inputs' strings mapped to a Plan and validated with the domain's PlanSchema (the
 * schema plan.save checks). Parts the form does not edit (the escalation ladder, per-incident charges) are kept
 * from the plan it was made from and shown as they are.
 */
import {
  PlanSchema,
  SEVERITIES,
  type AnomalyCategory,
  type EntitlementAction,
  type Plan,
  type Severity,
} from '@shared/domain'
import { copyId } from './calendar-form'
import { issuesByField, type FieldErrors } from './issues'

export type TargetClock = '' | 'business' | 'calendar' | 'next-business-day'
export type OverAction = 'bill-incident' | 'downgrade' | 'approve-exception'
export type AllowanceKind = 'all' | 'priority' | 'extended-hours'

export interface TargetForm {
  /** '' = no committed response time for this severity */
  clock: TargetClock
  minutes: string
  /** '' = the plan's calendar */
  calendarId: string
  label: string
  ruleId: string
}

export interface AllowanceForm {
  kind: AllowanceKind
  limit: string
  label: string
  ruleId: string
  overActions: OverAction[]
}

export interface PlanForm {
  id: string
  label: string
  description: string
  vendor: string
  calendarId: string
  coverageRuleId: string
  lifetime: boolean
  warrantyDays: string
  notCoveredMessage: string
  notCoveredRuleId: string
  notCoveredActions: EntitlementAction[]
  targets: Record<Severity, TargetForm>
  allowances: AllowanceForm[]
  namedContactCap: string
  namedContactRuleId: string
  extendedHours: { enabled: boolean; calendarId: string; label: string; ruleId: string }
  hotline: { enabled: boolean; calendarId: string; ruleId: string }
  upgradesMinor: boolean
  upgradesMajor: boolean
  billingModel: Plan['billing']['model']
  coversAnomalies: AnomalyCategory[]
  /** one a line */
  notes: string
  /** comma-separated */
  ruleIds: string
  kept: { escalation: Plan['escalation']; perIncident: Plan['billing']['perIncident'] }
}

function targetToForm(plan: Plan, severity: Severity): TargetForm {
  const t = plan.responseTargets[severity]
  if (!t) return { clock: '', minutes: '', calendarId: '', label: '', ruleId: '' }
  return {
    clock: t.clock,
    minutes: 'minutes' in t ? String(t.minutes) : '',
    calendarId: 'calendarId' in t && t.calendarId ? t.calendarId : '',
    label: t.label,
    ruleId: t.ruleId,
  }
}

export function planToForm(plan: Plan): PlanForm {
  return {
    id: plan.id,
    label: plan.label,
    description: plan.description,
    vendor: plan.vendor,
    calendarId: plan.calendarId,
    coverageRuleId: plan.coverageRuleId,
    lifetime: plan.lifetime,
    warrantyDays: plan.warrantyDays === null ? '' : String(plan.warrantyDays),
    notCoveredMessage: plan.whenNotCovered.message,
    notCoveredRuleId: plan.whenNotCovered.ruleId,
    notCoveredActions: [...plan.whenNotCovered.actions],
    targets: Object.fromEntries(SEVERITIES.map((s) => [s, targetToForm(plan, s)])) as PlanForm['targets'],
    allowances: plan.allowances.map((a) => ({
      kind: a.kind,
      limit: String(a.limit),
      label: a.label,
      ruleId: a.ruleId,
      overActions: [...a.overActions],
    })),
    namedContactCap: plan.namedContactCap === null ? '' : String(plan.namedContactCap),
    namedContactRuleId: plan.namedContactRuleId ?? '',
    extendedHours: plan.extendedHours
      ? { enabled: true, ...plan.extendedHours }
      : { enabled: false, calendarId: '', label: '', ruleId: '' },
    hotline: plan.hotline
      ? { enabled: true, ...plan.hotline }
      : { enabled: false, calendarId: '', ruleId: '' },
    upgradesMinor: plan.upgrades.minor,
    upgradesMajor: plan.upgrades.major,
    billingModel: plan.billing.model,
    coversAnomalies: [...plan.coversAnomalies],
    notes: plan.notes.join('\n'),
    ruleIds: plan.ruleIds.join(', '),
    kept: { escalation: plan.escalation, perIncident: plan.billing.perIncident },
  }
}

/** A blank plan: duplicating a preset is the quicker start, this is for a plan unlike any preset. */
export function emptyPlanForm(calendarId = ''): PlanForm {
  const blankTarget: TargetForm = { clock: '', minutes: '', calendarId: '', label: '', ruleId: '' }
  return {
    id: '',
    label: '',
    description: '',
    vendor: '',
    calendarId,
    coverageRuleId: '',
    lifetime: false,
    warrantyDays: '',
    notCoveredMessage: '',
    notCoveredRuleId: '',
    notCoveredActions: ['reinstate-maintenance'],
    targets: Object.fromEntries(SEVERITIES.map((s) => [s, { ...blankTarget }])) as PlanForm['targets'],
    allowances: [],
    namedContactCap: '',
    namedContactRuleId: '',
    extendedHours: { enabled: false, calendarId: '', label: '', ruleId: '' },
    hotline: { enabled: false, calendarId: '', ruleId: '' },
    upgradesMinor: false,
    upgradesMajor: false,
    billingModel: 'included',
    coversAnomalies: [],
    notes: '',
    ruleIds: '',
    kept: { escalation: null, perIncident: [] },
  }
}

export function duplicatePlanForm(plan: Plan, taken: ReadonlySet<string>): PlanForm {
  return { ...planToForm(plan), id: copyId(plan.id, taken), label: `${plan.label} (copy)` }
}

/** A whole number typed in a box: '' → null; anything else that is not a whole number is an error. */
function wholeNumber(text: string): number | null | 'bad' {
  const t = text.trim()
  if (t === '') return null
  return /^-?\d+$/.test(t) ? Number(t) : 'bad'
}

function toInput(form: PlanForm, numberErrors: FieldErrors) {
  const num = (key: string, text: string): number | null => {
    const n = wholeNumber(text)
    if (n === 'bad') {
      numberErrors[key] = `"${text.trim()}" is not a whole number`
      return null
    }
    return n
  }
  const responseTargets: Record<string, unknown> = {}
  for (const s of SEVERITIES) {
    const t = form.targets[s]
    if (t.clock === '') continue
    const ruled = { label: t.label.trim(), ruleId: t.ruleId.trim() }
    const calendarId = t.calendarId ? { calendarId: t.calendarId } : {}
    const minutesKey = `responseTargets.${s}.minutes`
    if (t.clock === 'next-business-day') responseTargets[s] = { clock: t.clock, ...calendarId, ...ruled }
    else {
      const minutes = num(minutesKey, t.minutes)
      if (minutes === null && !numberErrors[minutesKey]) numberErrors[minutesKey] = 'how many minutes?'
      responseTargets[s] = {
        clock: t.clock,
        minutes: minutes ?? 0,
        ...(t.clock === 'business' ? calendarId : {}),
        ...ruled,
      }
    }
  }
  const allowances = form.allowances.map((a, i) => ({
    kind: a.kind,
    limit: num(`allowances.${i}.limit`, a.limit) ?? -1,
    period: 'contract-year',
    overActions: a.overActions,
    label: a.label.trim(),
    ruleId: a.ruleId.trim(),
  }))
  return {
    id: form.id.trim(),
    label: form.label.trim(),
    description: form.description.trim(),
    vendor: form.vendor.trim(),
    calendarId: form.calendarId,
    coverageRuleId: form.coverageRuleId.trim(),
    lifetime: form.lifetime,
    warrantyDays: num('warrantyDays', form.warrantyDays),
    whenNotCovered: {
      actions: form.notCoveredActions,
      message: form.notCoveredMessage.trim(),
      ruleId: form.notCoveredRuleId.trim(),
    },
    responseTargets,
    allowances,
    namedContactCap: num('namedContactCap', form.namedContactCap),
    namedContactRuleId: form.namedContactRuleId.trim() || null,
    extendedHours: form.extendedHours.enabled
      ? {
          calendarId: form.extendedHours.calendarId,
          label: form.extendedHours.label.trim(),
          ruleId: form.extendedHours.ruleId.trim(),
        }
      : null,
    escalation: form.kept.escalation,
    coversAnomalies: form.coversAnomalies,
    upgrades: { minor: form.upgradesMinor, major: form.upgradesMajor },
    hotline: form.hotline.enabled
      ? { calendarId: form.hotline.calendarId, ruleId: form.hotline.ruleId.trim() }
      : null,
    billing: { model: form.billingModel, perIncident: form.kept.perIncident },
    notes: form.notes
      .split('\n')
      .map((n) => n.trim())
      .filter(Boolean),
    ruleIds: form.ruleIds
      .split(',')
      .map((r) => r.trim())
      .filter(Boolean),
  }
}

export type PlanParse = { ok: true; plan: Plan } | { ok: false; errors: FieldErrors }

/**
 * Form → Plan. Errors are keyed by the schema's paths (`label`, `responseTargets.priority.minutes`,
 * `allowances.0.limit`, `warrantyDays`…), which the form uses as its field keys. `calendarIds` are the calendars
 * that exist: the mutator refuses a plan on an unknown calendar, so the form says so first.
 */
export function parsePlanForm(
  form: PlanForm,
  opts: { takenIds?: ReadonlySet<string>; calendarIds: ReadonlySet<string> },
): PlanParse {
  const errors: FieldErrors = {}
  const input = toInput(form, errors)
  const result = PlanSchema.safeParse(input)
  if (!result.success) {
    // a bad rule id in the list belongs to the one box that holds the list
    const byField = issuesByField(result.error.issues, (k) => k.replace(/^(ruleIds)\.\d+$/, '$1'))
    for (const [k, v] of Object.entries(byField)) if (!(k in errors)) errors[k] = v
  }
  const calendarChecks: [string, string, boolean][] = [
    ['calendarId', form.calendarId, true],
    ['extendedHours.calendarId', form.extendedHours.calendarId, form.extendedHours.enabled],
    ['hotline.calendarId', form.hotline.calendarId, form.hotline.enabled],
  ]
  for (const [key, id, used] of calendarChecks) {
    if (!used || errors[key]) continue
    if (!id) errors[key] = 'choose a calendar'
    else if (!opts.calendarIds.has(id)) errors[key] = `no calendar with id "${id}"`
  }
  if (input.id && opts.takenIds?.has(input.id) && !errors.id)
    errors.id = `"${input.id}" is already used by another plan; choose another id`
  if (Object.keys(errors).length > 0 || !result.success) return { ok: false, errors }
  return { ok: true, plan: result.data }
}

const severityNames: Record<Severity, string> = {
  standard: 'Standard',
  priority: 'Priority',
  'business-critical': 'Business-critical',
  emergency: 'Emergency',
}

/** Where an error key points, in words, for the summary above the save button. */
export function planFieldName(key: string): string {
  const parts = key.split('.')
  if (parts[0] === 'responseTargets' && parts[1])
    return `${severityNames[parts[1] as Severity] ?? parts[1]} target ${parts[2] ?? ''}`.trim()
  if (parts[0] === 'allowances' && parts[1] !== undefined && /^\d+$/.test(parts[1]))
    return `Allowance ${Number(parts[1]) + 1} ${parts[2] ?? ''}`.trim()
  const names: Record<string, string> = {
    id: 'Id',
    label: 'Name',
    vendor: 'Vendor',
    calendarId: 'Business hours calendar',
    coverageRuleId: 'Coverage rule',
    warrantyDays: 'Warranty days',
    'whenNotCovered.message': 'Message when not covered',
    'whenNotCovered.ruleId': 'Rule when not covered',
    namedContactCap: 'Named-contact cap',
    namedContactRuleId: 'Named-contact rule',
    'extendedHours.calendarId': 'Extended-hours calendar',
    'extendedHours.label': 'Extended-hours description',
    'extendedHours.ruleId': 'Extended-hours rule',
    'hotline.calendarId': 'Hotline calendar',
    'hotline.ruleId': 'Hotline rule',
    allowances: 'Allowances',
    ruleIds: 'Rule ids',
  }
  return names[key] ?? key
}
