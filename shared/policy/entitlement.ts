import {
  SEVERITIES,
  type Allowance,
  type Calendar,
  type EntitlementAction,
  type Plan,
  type Reason,
  type Severity,
} from '../domain'
import { localDay, type CalendarIndex } from './calendar-index'
import { contractYear, dayOf, startOfDay } from './contract-years'
import { PolicyInputError, quote, requireArray, requireBoolean, requireObject, requireOneOf } from './errors'
import { formatDate, parseCanonicalInstant, parseInstant } from './instants'
import { calendarById, calendarsOf, planOf, severityOf } from './plans'

export interface PriorIncident {
  openedAt: string
  severity: Severity
  extendedHours?: boolean
  resolution?: 'duplicate' | 'opened-in-error' | string | null
}

export interface EntitlementInput {
  plan: Plan
  subscription: { start: string; end: string | null; status: 'active' | 'lapsed' | 'cancelled' }
  /** license purchase date (warranty, R-AM-1) */
  purchasedAt: string
  severity: Severity
  extendedHours?: boolean
  contactIsNamed: boolean
  priorIncidents: PriorIncident[]
  now: string
  /** the organisation's own calendars by id (for the plan's zone); presets otherwise */
  calendars?: Record<string, Calendar>
}

export interface AllowanceUse {
  kind: Allowance['kind']
  label: string
  ruleId: string
  limit: number | null
  /** incidents already counted this contract year, not the one being opened */
  used: number
  /** incidents closed as duplicate or opened in error, not counted (D-1) */
  givenBack: number
  periodStart: string
  /** the last day of the contract year */
  periodEnd: string
  /** whether it applies to the incident being opened */
  applies: boolean
  exhausted: boolean
}

export interface Entitlement {
  decision: 'covered' | 'over-allowance' | 'not-entitled'
  reasons: Reason[]
  allowance: { limit: number | null; used: number; periodStart: string; periodEnd: string } | null
  actions: EntitlementAction[]
  /** every allowance of the plan in the current contract year, for display */
  allowances: AllowanceUse[]
  /** a charge applies to this incident whatever the outcome (R-ST-4) */
  billable: boolean
  /** the last day support is covered, null when open-ended or not covered */
  coveredUntil: string | null
}

const STATUSES = ['active', 'lapsed', 'cancelled'] as const
type Kind = Allowance['kind']

interface Checked {
  plan: Plan
  index: CalendarIndex
  start: number
  end: number | null
  status: (typeof STATUSES)[number]
  purchased: number
  severity: Severity
  extendedHours: boolean
  contactIsNamed: boolean
  now: number
}

function check(input: EntitlementInput): Checked {
  const i = requireObject(input, 'input')
  const plan = planOf(i.plan, 'plan')
  const index = calendarById(plan.calendarId, calendarsOf(i.calendars, 'calendars'), 'plan.calendarId')
  const sub = requireObject(i.subscription, 'subscription')
  const start = dayOf(index, sub.start, 'subscription.start')
  const end = sub.end === null ? null : dayOf(index, sub.end, 'subscription.end')
  if (end !== null && end < start)
    throw new PolicyInputError('subscription.end', `${String(sub.end)} is before the start`)
  return {
    plan,
    index,
    start,
    end,
    status: requireOneOf(sub.status, STATUSES, 'subscription.status'),
    purchased: dayOf(index, i.purchasedAt, 'purchasedAt'),
    severity: severityOf(i.severity),
    extendedHours: i.extendedHours === undefined ? false : requireBoolean(i.extendedHours, 'extendedHours'),
    contactIsNamed: requireBoolean(i.contactIsNamed, 'contactIsNamed'),
    now: parseInstant(i.now, 'now'),
  }
}

/** Counts, in one pass over what may be thousands of incidents, each kind of allowance used and given back. */
function countPrior(
  priors: unknown,
  from: number,
  to: number,
): Record<Kind, { used: number; givenBack: number }> {
  const list = requireArray(priors, 'priorIncidents')
  const counts = {
    all: { used: 0, givenBack: 0 },
    priority: { used: 0, givenBack: 0 },
    'extended-hours': { used: 0, givenBack: 0 },
  }
  for (let n = 0; n < list.length; n++) {
    const prior = list[n] as PriorIncident
    if (typeof prior !== 'object' || prior === null)
      throw new PolicyInputError(`priorIncidents.${n}`, `${quote(prior)} is not an incident`)
    // field names are built only on error: this loop is the cost of an entitlement decision
    const openedAt = prior.openedAt
    let at = typeof openedAt === 'string' ? parseCanonicalInstant(openedAt) : Number.NaN
    if (Number.isNaN(at)) at = parseInstant(openedAt, `priorIncidents.${n}.openedAt`)
    const severity = prior.severity
    if (
      severity !== 'standard' &&
      severity !== 'priority' &&
      severity !== 'business-critical' &&
      severity !== 'emergency'
    ) {
      requireOneOf(severity, SEVERITIES, `priorIncidents.${n}.severity`)
    }
    const extended = prior.extendedHours
    if (extended !== undefined && typeof extended !== 'boolean')
      requireBoolean(extended, `priorIncidents.${n}.extendedHours`)
    const resolution = prior.resolution
    if (resolution != null && typeof resolution !== 'string') {
      throw new PolicyInputError(`priorIncidents.${n}.resolution`, `${quote(resolution)} is not a resolution`)
    }
    if (at < from || at >= to) continue
    const key = resolution === 'duplicate' || resolution === 'opened-in-error' ? 'givenBack' : 'used'
    counts.all[key]++
    if (severity === 'priority') counts.priority[key]++
    if (extended === true) counts['extended-hours'][key]++
  }
  return counts
}

function applies(kind: Kind, c: Checked): boolean {
  return kind === 'all' || (kind === 'priority' ? c.severity === 'priority' : c.extendedHours)
}

/** Whether support is covered at `now`, and the last covered day (R-ST-1, R-ST-2, R-AM-1). */
function coverage(c: Checked): { covered: boolean; lastDay: number | null; message: string } {
  const { plan, index, now } = c
  const label = plan.label
  if (plan.warrantyDays !== null) {
    const lastDay = c.purchased + plan.warrantyDays - 1
    const covered = now >= startOfDay(index, c.purchased) && now < startOfDay(index, lastDay + 1)
    const span = `${plan.warrantyDays}-day warranty from the purchase on ${formatDate(c.purchased)}`
    return covered
      ? {
          covered,
          lastDay,
          message: `Within the ${span} (until ${formatDate(lastDay)}): handled as under maintenance.`,
        }
      : { covered, lastDay: null, message: `Outside the ${span}, which ran until ${formatDate(lastDay)}.` }
  }
  if (c.status !== 'active')
    return { covered: false, lastDay: null, message: `The ${label} subscription is ${c.status}.` }
  if (now < startOfDay(index, c.start)) {
    return {
      covered: false,
      lastDay: null,
      message: `The ${label} subscription starts on ${formatDate(c.start)}.`,
    }
  }
  if (c.end !== null && now >= startOfDay(index, c.end + 1)) {
    return {
      covered: false,
      lastDay: null,
      message: `The ${label} subscription ended on ${formatDate(c.end)}.`,
    }
  }
  if (c.end === null) {
    const lifetime = plan.lifetime ? ', for the lifetime of the subscription' : ', with no end date'
    return { covered: true, lastDay: null, message: `${label} is active${lifetime}.` }
  }
  return { covered: true, lastDay: c.end, message: `${label} is active until ${formatDate(c.end)}.` }
}

/**
 * Entitlement of one new incident (R-ST-1/2, R-AM-1, R-SA-2..5, D-1, D-2, D-5, D-6). It never refuses silently:
 * every outcome has reasons, and anything but "covered" has the actions an engineer can take.
 */
export function evaluateEntitlement(input: EntitlementInput): Entitlement {
  const c = check(input)
  const { plan } = c
  const reasons: Reason[] = []
  const blocked: EntitlementAction[] = []
  const over: EntitlementAction[] = []

  const cover = coverage(c)
  reasons.push({ ruleId: plan.coverageRuleId, message: cover.message })
  if (!cover.covered) {
    reasons.push({ ruleId: plan.whenNotCovered.ruleId, message: plan.whenNotCovered.message })
    // an organisation's plan may name no way out; a refusal still offers one
    blocked.push(
      ...(plan.whenNotCovered.actions.length > 0
        ? plan.whenNotCovered.actions
        : (['approve-exception'] as const)),
    )
  }

  if (plan.namedContactCap !== null && !c.contactIsNamed) {
    reasons.push({
      ruleId: 'D-5',
      message: `Only named contacts may open incidents on ${plan.label} (up to ${plan.namedContactCap}); this contact is not one of them.`,
    })
    blocked.push('add-named-contact')
  }

  if (c.extendedHours && plan.extendedHours === null) {
    reasons.push({
      ruleId: plan.coverageRuleId,
      message: `${plan.label} has no extended-hours incidents; it can be worked in normal hours.`,
    })
    blocked.push('downgrade')
  }

  const year = contractYear(c.start, localDay(c.index, c.now))
  const counts = countPrior(
    input.priorIncidents,
    startOfDay(c.index, year.first),
    startOfDay(c.index, year.next),
  )
  const periodStart = formatDate(year.first)
  const periodEnd = formatDate(year.next - 1)
  const allowances: AllowanceUse[] = plan.allowances.map((a) => {
    const { used, givenBack } = counts[a.kind]
    return {
      kind: a.kind,
      label: a.label,
      ruleId: a.ruleId,
      limit: a.limit,
      used,
      givenBack,
      periodStart,
      periodEnd,
      applies: applies(a.kind, c),
      exhausted: used >= a.limit,
    }
  })

  plan.allowances.forEach((a, n) => {
    const use = allowances[n]!
    if (!use.applies) return
    const period = `the contract year ${periodStart} to ${periodEnd}`
    if (use.exhausted) {
      reasons.push({
        ruleId: a.ruleId,
        message: `${plan.label} includes ${a.label}; all ${a.limit} of ${period} are used.`,
      })
      over.push(...a.overActions)
    } else {
      reasons.push({
        ruleId: a.ruleId,
        message: `This is incident ${use.used + 1} of the ${a.limit} of ${a.label} (${period}).`,
      })
    }
    if (a.kind === 'priority')
      reasons.push({
        ruleId: 'D-6',
        message: 'Incidents opened with severity priority count as priority incidents.',
      })
    reasons.push({
      ruleId: 'D-1',
      message:
        `Allowances count per contract year from the subscription start (${formatDate(c.start)}).` +
        (use.givenBack > 0
          ? ` ${use.givenBack} closed as duplicate or opened in error ${use.givenBack === 1 ? 'was' : 'were'} given back.`
          : ''),
    })
  })

  const charge = plan.billing.perIncident.find((p) => p.severity === c.severity)
  if (charge) reasons.push({ ruleId: charge.ruleId, message: `${charge.label}.` })

  const notEntitled = blocked.length > 0
  const overAllowance = !notEntitled && over.length > 0
  if (overAllowance) {
    reasons.push({
      ruleId: 'D-2',
      message:
        'The incident is kept and flagged as over its allowance; choose to bill it, downgrade it or approve an exception.',
    })
  }
  const applying = allowances.filter((a) => a.applies)
  const shown =
    applying.find((a) => a.exhausted) ?? applying.sort((a, b) => a.limit! - a.used - (b.limit! - b.used))[0]
  return {
    decision: notEntitled ? 'not-entitled' : overAllowance ? 'over-allowance' : 'covered',
    reasons,
    allowance: shown ? { limit: shown.limit, used: shown.used, periodStart, periodEnd } : null,
    actions: [...new Set(notEntitled ? blocked : over)],
    allowances,
    billable: charge !== undefined,
    coveredUntil: cover.lastDay === null ? null : formatDate(cover.lastDay),
  }
}
