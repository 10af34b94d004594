/**
 * The billable statement of one customer for one period (R-PM-5, R-ST-4): every time entry logged in the period
 * with its date, engineer, incident, minutes, whether it is billable and by which rule, and the pack it was drawn
 * from; each pack's balance before and after the period; emergency incidents (R-ST-4, bought per incident and
 * billable whatever the outcome) as their own lines. The period's days are read in `period.zone` (the customer's
 * plan calendar: statementZone).
 *
 * Balances follow the policy's rule of what counts (supportPackBalance, effectiveBillable: an engineer's override
 * wins over the classification): a pack's balance before the period is what was bought before it minus the
 * billable minutes drawn before it; after is before plus what was bought in the period minus what was drawn in it.
 */
import type { IncidentCategory, RootCause, Severity } from '@shared/domain'
import { classifyBillable, effectiveBillable, supportPackBalance } from '@shared/policy'
import { ReportInputError } from './errors'
import { instantMs, localDate, periodBounds, type Period, type PeriodBounds } from './period'

export interface StatementPack {
  id: string
  label: string
  minutesPurchased: number
  /** YYYY-MM-DD, a day of the plan's calendar */
  purchasedAt: string
}

export interface StatementEntry {
  id: string
  incidentId: string
  userId: string
  minutes: number
  startedAt: string
  kind: string
  note?: string
  billable: boolean
  billableOverride?: { billable: boolean; reason: string } | null
  supportPackId: string | null
}

export interface StatementIncident {
  id: string
  subject: string
  severity: Severity
  category: IncidentCategory
  rootCause?: RootCause | null
  kbArticleExisted?: boolean | null
  openedAt: string
}

export interface StatementInput {
  customer: { id: string; name: string }
  period: Period
  packs: readonly StatementPack[]
  /** the customer's entries; those outside the period only count towards the balance before it */
  entries: readonly StatementEntry[]
  incidents: readonly StatementIncident[]
  /** engineer names by user id; an id not found is shown as it is */
  engineers?: Readonly<Record<string, string>>
}

export interface StatementLine {
  entryId: string
  /** the day in the period's zone */
  date: string
  startedAt: string
  engineerId: string
  engineer: string
  incidentId: string
  incidentSubject: string
  kind: string
  minutes: number
  billable: boolean
  /** why it is (not) billable: the rule and the words */
  ruleId: string
  reason: string
  /** set by an engineer (with a reason) rather than by the classification */
  overridden: boolean
  packId: string | null
  packLabel: string | null
}

export interface EmergencyLine {
  incidentId: string
  subject: string
  openedAt: string
  /** the day it was opened, in the period's zone */
  date: string
  ruleId: 'R-ST-4'
  reason: string
  /** minutes logged on it in the period */
  minutes: number
  lines: StatementLine[]
}

export interface PackTotals {
  packId: string
  label: string
  purchasedAt: string
  minutesPurchased: number
  /** remaining at the start of the period (0 for a pack bought in it) */
  before: number
  /** minutes bought during the period */
  purchasedInPeriod: number
  /** billable minutes drawn from it during the period */
  drawn: number
  after: number
  overdrawn: boolean
}

export interface Statement {
  customer: { id: string; name: string }
  period: PeriodBounds
  /** the period's time entries, oldest first, without those of emergency incidents */
  lines: StatementLine[]
  emergency: EmergencyLine[]
  packs: PackTotals[]
  totals: {
    minutes: number
    billableMinutes: number
    nonBillableMinutes: number
    /** billable minutes with no pack to draw from: to be invoiced apart */
    unpackedBillableMinutes: number
    emergencyIncidents: number
    emergencyMinutes: number
    drawn: number
    balanceBefore: number
    purchasedInPeriod: number
    balanceAfter: number
  }
}

/** Billable and why, as a customer reads it: the override's reason, or the classification's rule and words. */
function billingOf(
  entry: StatementEntry,
  incident: StatementIncident | undefined,
): { billable: boolean; ruleId: string; reason: string; overridden: boolean } {
  const effective = effectiveBillable(entry)
  if (effective.source === 'override') {
    return {
      billable: effective.billable,
      ruleId: effective.reasons[0]!.ruleId,
      reason: effective.reasons[0]!.message,
      overridden: true,
    }
  }
  if (incident) {
    const c = classifyBillable({
      category: incident.category,
      ...(incident.rootCause ? { rootCause: incident.rootCause } : {}),
      ...(incident.kbArticleExisted != null ? { kbArticleExisted: incident.kbArticleExisted } : {}),
    })
    // the stored answer is the one the pack was drawn by; the classification explains it when they agree
    if (c.billable === entry.billable)
      return { billable: c.billable, ruleId: c.ruleId, reason: c.reason, overridden: false }
  }
  return {
    billable: entry.billable,
    ruleId: effective.reasons[0]!.ruleId,
    reason: effective.reasons[0]!.message,
    overridden: false,
  }
}

export function isEmergency(incident: Pick<StatementIncident, 'severity' | 'category'>): boolean {
  return incident.severity === 'emergency' || incident.category === 'emergency'
}

function checkEntry(e: StatementEntry, n: number): number {
  if (typeof e.id !== 'string' || !e.id) throw new ReportInputError(`entries.${n}.id`, 'is missing')
  if (!Number.isInteger(e.minutes) || e.minutes < 0)
    throw new ReportInputError(
      `entries.${n}.minutes`,
      `${String(e.minutes)} is not a whole number of minutes`,
    )
  return instantMs(e.startedAt, `entries.${n}.startedAt`)
}

export function billableStatement(input: StatementInput): Statement {
  const period = periodBounds(input.period)
  const incidents = new Map(input.incidents.map((i) => [i.id, i]))
  const packs = [...input.packs].sort((a, b) =>
    a.purchasedAt !== b.purchasedAt ? (a.purchasedAt < b.purchasedAt ? -1 : 1) : a.id < b.id ? -1 : 1,
  )
  packs.forEach((p, n) => {
    if (!/^\d{4}-\d{2}-\d{2}/.test(p.purchasedAt))
      throw new ReportInputError(`packs.${n}.purchasedAt`, `${p.purchasedAt} is not a date`)
  })
  const packLabel = new Map(packs.map((p) => [p.id, p.label || 'Support pack']))
  const engineers = input.engineers ?? {}

  const before = new Map<string, StatementEntry[]>()
  const during = new Map<string, StatementEntry[]>()
  const lines: StatementLine[] = []
  const emergencyLines = new Map<string, StatementLine[]>()

  input.entries.forEach((e, n) => {
    const t = checkEntry(e, n)
    if (t >= period.endMs) return
    if (e.supportPackId) {
      const into = t < period.startMs ? before : during
      const list = into.get(e.supportPackId) ?? []
      list.push(e)
      into.set(e.supportPackId, list)
    }
    if (t < period.startMs) return
    const incident = incidents.get(e.incidentId)
    const billing = billingOf(e, incident)
    const line: StatementLine = {
      entryId: e.id,
      date: localDate(t, period.zone),
      startedAt: new Date(t).toISOString(),
      engineerId: e.userId,
      engineer: engineers[e.userId] ?? e.userId,
      incidentId: e.incidentId,
      incidentSubject: incident?.subject ?? e.incidentId,
      kind: e.kind,
      minutes: e.minutes,
      ...billing,
      // a non-billable entry draws from nothing, whatever pack it once named
      packId: billing.billable ? e.supportPackId : null,
      packLabel: billing.billable && e.supportPackId ? (packLabel.get(e.supportPackId) ?? null) : null,
    }
    if (incident && isEmergency(incident)) {
      const list = emergencyLines.get(incident.id) ?? []
      list.push(line)
      emergencyLines.set(incident.id, list)
    } else lines.push(line)
  })
  const byTime = (a: StatementLine, b: StatementLine) =>
    a.startedAt !== b.startedAt ? (a.startedAt < b.startedAt ? -1 : 1) : a.entryId < b.entryId ? -1 : 1
  lines.sort(byTime)

  // emergency incidents opened in the period, or worked in it, each as its own line (R-ST-4)
  const emergency: EmergencyLine[] = []
  for (const incident of input.incidents) {
    if (!isEmergency(incident)) continue
    const opened = instantMs(incident.openedAt, `incidents.${incident.id}.openedAt`)
    const worked = emergencyLines.get(incident.id) ?? []
    const openedIn = opened >= period.startMs && opened < period.endMs
    if (!openedIn && worked.length === 0) continue
    worked.sort(byTime)
    emergency.push({
      incidentId: incident.id,
      subject: incident.subject,
      openedAt: new Date(opened).toISOString(),
      date: localDate(opened, period.zone),
      ruleId: 'R-ST-4',
      reason:
        'Emergency 24x7 support is bought per incident: billable and not refundable, whatever the outcome.',
      minutes: worked.reduce((n, l) => n + l.minutes, 0),
      lines: worked,
    })
  }
  emergency.sort((a, b) => (a.openedAt < b.openedAt ? -1 : a.openedAt > b.openedAt ? 1 : 0))

  const packTotals: PackTotals[] = packs.map((p) => {
    const day = p.purchasedAt.slice(0, 10)
    const boughtBefore = day < period.from
    const boughtIn = !boughtBefore && day <= period.to
    const earlier = supportPackBalance(
      { minutesPurchased: boughtBefore ? p.minutesPurchased : 0 },
      before.get(p.id) ?? [],
    )
    const drawn = supportPackBalance({ minutesPurchased: 0 }, during.get(p.id) ?? []).used
    const after = earlier.remaining + (boughtIn ? p.minutesPurchased : 0) - drawn
    return {
      packId: p.id,
      label: packLabel.get(p.id)!,
      purchasedAt: day,
      minutesPurchased: p.minutesPurchased,
      before: earlier.remaining,
      purchasedInPeriod: boughtIn ? p.minutesPurchased : 0,
      drawn,
      after,
      overdrawn: after < 0,
    }
  })

  const all = [...lines, ...emergency.flatMap((e) => e.lines)]
  const billableMinutes = all.filter((l) => l.billable).reduce((n, l) => n + l.minutes, 0)
  const minutes = all.reduce((n, l) => n + l.minutes, 0)
  const sum = (pick: (p: PackTotals) => number) => packTotals.reduce((n, p) => n + pick(p), 0)
  return {
    customer: { id: input.customer.id, name: input.customer.name },
    period,
    lines,
    emergency,
    packs: packTotals,
    totals: {
      minutes,
      billableMinutes,
      nonBillableMinutes: minutes - billableMinutes,
      unpackedBillableMinutes: all
        .filter((l) => l.billable && (l.packId === null || !packLabel.has(l.packId)))
        .reduce((n, l) => n + l.minutes, 0),
      emergencyIncidents: emergency.length,
      emergencyMinutes: emergency.reduce((n, e) => n + e.minutes, 0),
      drawn: sum((p) => p.drawn),
      balanceBefore: sum((p) => p.before),
      purchasedInPeriod: sum((p) => p.purchasedInPeriod),
      balanceAfter: sum((p) => p.after),
    },
  }
}

/**
 * The zone a customer's statement days are read in: the calendar of the plan of its support-pack subscription
 * (billing model `support-pack`), else of its first active subscription, else UTC. Stated on the statement.
 */
export function statementZone(
  subscriptions: ReadonlyArray<{ planId: string; status: string; start: string }>,
  planOf: (planId: string) => { calendarId: string; billing?: { model: string } } | undefined,
  zoneOf: (calendarId: string) => string | undefined,
): string {
  const ordered = [...subscriptions].sort((a, b) => (a.start < b.start ? -1 : a.start > b.start ? 1 : 0))
  const active = ordered.filter((s) => s.status === 'active')
  const pick =
    active.find((s) => planOf(s.planId)?.billing?.model === 'support-pack') ?? active[0] ?? ordered[0]
  const plan = pick ? planOf(pick.planId) : undefined
  return (plan && zoneOf(plan.calendarId)) ?? 'UTC'
}
