import type { Calendar, Plan, Reason, ResponseTarget, Severity } from '../domain'
import { dayIntervals, localDay, offsetAt, wallToInstant, type CalendarIndex } from './calendar-index'
import { addBusinessMs, isOpenAt, nextBusinessDay, nextOpeningAt } from './calendar'
import { PolicyInputError, requireBoolean } from './errors'
import { DAY_MS, MINUTE_MS, formatInstant, parseInstant } from './instants'
import { calendarById, calendarsOf, optionsOf, planOf, severityOf, type CalendarLookup } from './plans'

export interface ResponseOptions {
  /** a pre-arranged extended-hours incident, worked on the plan's extended-hours calendar (R-SA-4) */
  extendedHours?: boolean
  /** the organisation's own calendars by id; presets are used for ids not found here */
  calendars?: Record<string, Calendar>
}

export interface ResponseDue {
  dueAt: string
  clock: 'business' | 'calendar'
  calendarId: string
  ruleId: string
  target: ResponseTarget
  reasons: Reason[]
}

/** The plan's first-response target for a severity, or null when the plan commits to none (R-AM-2). */
export function responseTargetFor(plan: Plan, severity: Severity): ResponseTarget | null {
  return planOf(plan).responseTargets[severityOf(severity)] ?? null
}

/** A time of day inside the day's opening hours: before opening → opening; in a break or after closing → the
 *  closing time before it ("clamped to that day's closing time", R-SA-5). */
function clampIntoDay(index: CalendarIndex, day: number, at: number): number {
  const iv = dayIntervals(index, day)
  if (at <= iv[0]!) return iv[0]!
  let lastClose = iv[1]!
  for (let i = 0; i < iv.length; i += 2) {
    if (iv[i]! <= at && at <= iv[i + 1]!) return at
    if (iv[i + 1]! <= at) lastClose = iv[i + 1]!
  }
  return lastClose
}

/**
 * R-SA-5 Decision. Opened while open: the same wall-clock time on the next business day, clamped to that day's
 * hours. Opened while closed: the next business day after the day of the next opening, at its opening time.
 */
export function nextBusinessDayDue(index: CalendarIndex, openedAt: number): number {
  if (isOpenAt(index, openedAt)) {
    const day = localDay(index, openedAt)
    const wall = openedAt + offsetAt(index, openedAt) - day * DAY_MS
    const next = nextBusinessDay(index, day)
    return clampIntoDay(index, next, wallToInstant(index, next, wall))
  }
  const next = nextBusinessDay(index, nextOpeningAt(index, openedAt).day)
  return dayIntervals(index, next)[0]!
}

export interface ResolvedTarget {
  target: ResponseTarget
  index: CalendarIndex
  calendarId: string
  ruleId: string
  clock: 'business' | 'calendar'
}

export function resolveTarget(
  plan: Plan,
  severity: Severity,
  extendedHours: boolean,
  calendars: CalendarLookup | undefined,
): ResolvedTarget {
  const target = plan.responseTargets[severity]
  if (!target) {
    throw new PolicyInputError(
      'severity',
      `${plan.label} commits to no response time for ${severity} incidents`,
    )
  }
  if (extendedHours && plan.extendedHours === null) {
    throw new PolicyInputError('opts.extendedHours', `${plan.label} has no extended-hours incidents`)
  }
  if (target.clock === 'calendar') {
    return {
      target,
      index: calendarById('always', calendars, 'calendars'),
      calendarId: 'always',
      ruleId: target.ruleId,
      clock: 'calendar',
    }
  }
  // extended hours replace the plan's business hours, not a 24x7 commitment
  const calendarId = extendedHours ? plan.extendedHours!.calendarId : (target.calendarId ?? plan.calendarId)
  const field = extendedHours
    ? 'plan.extendedHours.calendarId'
    : target.calendarId
      ? 'plan.responseTargets'
      : 'plan.calendarId'
  return {
    target,
    index: calendarById(calendarId, calendars, field),
    calendarId,
    ruleId: extendedHours ? plan.extendedHours!.ruleId : target.ruleId,
    clock: 'business',
  }
}

export function dueFrom(resolved: ResolvedTarget, openedAt: number): number {
  const { target, index } = resolved
  if (target.clock === 'next-business-day') return nextBusinessDayDue(index, openedAt)
  return addBusinessMs(index, openedAt, target.minutes * MINUTE_MS)
}

function describe(plan: Plan, resolved: ResolvedTarget, extendedHours: boolean): Reason[] {
  const reasons: Reason[] = [
    { ruleId: resolved.target.ruleId, message: `${plan.label}: ${resolved.target.label}.` },
  ]
  if (extendedHours) {
    reasons.push({
      ruleId: resolved.ruleId,
      message: `Worked as a pre-arranged extended-hours incident: ${plan.extendedHours!.label}.`,
    })
  } else if (
    resolved.clock === 'business' &&
    resolved.calendarId === plan.calendarId &&
    plan.calendarId !== 'always'
  ) {
    reasons.push({
      ruleId: resolved.target.ruleId,
      message: `Business hours are those of the "${resolved.index.calendar.label}" calendar.`,
    })
  }
  return reasons
}

/** R-SA-2..5, R-ST-3/4: when the first response is due. */
export function responseDue(
  plan: Plan,
  severity: Severity,
  openedAt: string,
  opts?: ResponseOptions,
): ResponseDue {
  const p = planOf(plan)
  const sev = severityOf(severity)
  const opened = parseInstant(openedAt, 'openedAt')
  const o = optionsOf(opts, 'opts')
  const extended =
    o.extendedHours === undefined ? false : requireBoolean(o.extendedHours, 'opts.extendedHours')
  const resolved = resolveTarget(p, sev, extended, calendarsOf(o.calendars, 'opts.calendars'))
  return {
    dueAt: formatInstant(dueFrom(resolved, opened)),
    clock: resolved.clock,
    calendarId: resolved.calendarId,
    ruleId: resolved.ruleId,
    target: resolved.target,
    reasons: describe(p, resolved, extended),
  }
}
