/**
 * "At risk", defined once: a first response is at risk when it is not yet overdue and AT_RISK_MINUTES business
 * minutes or fewer are left before it is due, counted on the calendar the response target runs on (the plan's
 * business hours, its extended hours, or 24x7 for a calendar-clock target). The SLA clock, the queue's badges
 * and filter, the deadline notifications and the incident view all ask this module, so a Friday-evening deadline
 * that is still a business hour away on Monday is not "at risk" on Saturday in one place and "breached soon" in another.
 */
import type { Calendar, Plan, Severity } from '../domain'
import { addBusinessMs, isOpenAt, nextOpeningAt } from './calendar'
import type { CalendarIndex } from './calendar-index'
import { PolicyInputError, requireBoolean, requireNumber, requireString } from './errors'
import { MINUTE_MS, formatInstant, parseInstant } from './instants'
import { calendarById, calendarsOf, optionsOf, planOf, severityOf } from './plans'

/** A response due within this many business minutes is at risk. */
export const AT_RISK_MINUTES = 60

/**
 * The latest due time that is at risk seen from `at`: a due time d with at <= d <= this has at most `minutes`
 * business minutes left. Business time is flat across a closed stretch, so when the `minutes`-th business minute
 * ends at a closing time, everything due until the next opening is exactly as close and at risk too.
 */
export function atRiskUntilMs(index: CalendarIndex, at: number, minutes: number = AT_RISK_MINUTES): number {
  const end = addBusinessMs(index, at, minutes * MINUTE_MS)
  return isOpenAt(index, end) ? end : nextOpeningAt(index, end).at
}

/** A week: a wider "at risk" is a typo, and walking to it over a sparse calendar would take a while. */
const MAX_AT_RISK_MINUTES = 7 * 24 * 60

/** `opts.atRiskMinutes` of the callers that let a test or an admin move the threshold (default AT_RISK_MINUTES). */
export function atRiskMinutesOf(value: unknown): number {
  if (value === undefined) return AT_RISK_MINUTES
  const n = requireNumber(value, 'opts.atRiskMinutes', { min: 0 })
  if (n > MAX_AT_RISK_MINUTES)
    throw new PolicyInputError('opts.atRiskMinutes', `${n} is more than a week of minutes`)
  return n
}

/** At `at`, where a response due at `due` stands (the one comparison every caller makes). */
export function riskOf(due: number, at: number, until: number): 'ok' | 'at-risk' | 'breached' {
  return at > due ? 'breached' : due <= until ? 'at-risk' : 'ok'
}

/**
 * The id of the calendar a plan's first-response clock runs on for a severity: the extended-hours calendar for a
 * pre-arranged extended-hours incident, the target's or the plan's calendar, or `always` for a calendar-clock
 * target. Null when the plan commits to no response time for that severity (R-AM-2).
 */
export function responseCalendarId(
  plan: Plan,
  severity: Severity,
  opts?: { extendedHours?: boolean },
): string | null {
  const p = planOf(plan)
  const target = p.responseTargets[severityOf(severity)]
  if (!target) return null
  if (target.clock === 'calendar') return 'always'
  const o = optionsOf(opts, 'opts')
  const extended =
    o.extendedHours === undefined ? false : requireBoolean(o.extendedHours, 'opts.extendedHours')
  if (extended && p.extendedHours) return p.extendedHours.calendarId
  return target.calendarId ?? p.calendarId
}

/**
 * The latest due time that is at risk at `now` on calendar `calendarId` (one of `opts.calendars`, else a preset):
 * a response due in [now, atRiskUntil] is at risk, one due before now is breached. Computed once per calendar,
 * it classifies any number of deadlines with two comparisons.
 */
export function atRiskUntil(
  calendarId: string,
  now: string,
  opts?: { calendars?: Record<string, Calendar>; atRiskMinutes?: number },
): string {
  const id = requireString(calendarId, 'calendarId')
  const at = parseInstant(now, 'now')
  const o = optionsOf(opts, 'opts')
  const minutes = atRiskMinutesOf(o.atRiskMinutes)
  const index = calendarById(id, calendarsOf(o.calendars, 'opts.calendars'), 'calendarId')
  return formatInstant(atRiskUntilMs(index, at, minutes))
}
