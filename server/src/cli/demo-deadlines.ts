/**
 * When to say a demo incident was opened so that, at the instant the demo is made, its first response stands
 * where the queue should show it: breached, at risk, due later today or due later. The deadlines are the
 * rulebook's (shared/policy `responseDue`, `atRiskUntil`), never written by hand, so what the demo promises is
 * what the queue, the badges and the reports compute from the same rows.
 */
import { DateTime } from 'luxon'
import type { Plan, Severity } from '@shared/domain'
import { addBusinessMinutes, atRiskUntil, presets, responseCalendarId, responseDue } from '@shared/policy'

export type LiveState = 'breached' | 'at-risk' | 'due-today' | 'due-later'

const minuteMs = 60_000
const dayMs = 86_400_000
/** how far back an opening is looked for: further than any preset's target */
const searchBackMs = 30 * dayMs

export interface DeadlineShape {
  plan: Plan
  severity: Severity
  /** the instant the demo is made */
  now: number
  /** the zone whose day "today" is (the desk's: the queue's "Breaching today" ends at its local midnight) */
  zone: string
}

function dueOf(shape: DeadlineShape, openedAt: number): number {
  return Date.parse(responseDue(shape.plan, shape.severity, new Date(openedAt).toISOString()).dueAt)
}

/** The latest opening (in whole minutes, at most `now`) whose response is due by `by`; null if none is. */
function latestOpeningDueBy(shape: DeadlineShape, by: number): number | null {
  const latest = Math.floor(shape.now / minuteMs) * minuteMs
  if (dueOf(shape, latest) <= by) return latest
  let early = latest - searchBackMs
  if (dueOf(shape, early) > by) return null
  // the due time never moves back as the opening moves later: bisect between a fitting and a late opening
  let late = latest
  while (late - early > minuteMs) {
    const mid = early + Math.floor((late - early) / 2 / minuteMs) * minuteMs
    if (dueOf(shape, mid) <= by) early = mid
    else late = mid
  }
  return early
}

/**
 * The opening that puts the incident in `state` at `now`, or null when the plan's hours make it impossible (a
 * business-hours target can't be due later today on a Sunday). `amount` spreads incidents of one state apart:
 * minutes overdue for `breached`, business minutes left for `at-risk` (below the 60 of "at risk"), business
 * minutes left at most for `due-today`.
 */
export function openingFor(shape: DeadlineShape, state: LiveState, amount: number): number | null {
  const calendarId = responseCalendarId(shape.plan, shape.severity)
  if (calendarId === null) return null
  const calendar = presets.calendars[calendarId]
  if (!calendar) return null
  const nowIso = new Date(shape.now).toISOString()
  const riskUntil = Date.parse(atRiskUntil(calendarId, nowIso))
  const endOfToday = DateTime.fromMillis(shape.now, { zone: shape.zone }).endOf('day').toMillis()
  const laterBy = (minutes: number) => Date.parse(addBusinessMinutes(calendar, nowIso, minutes))
  let opening: number | null
  switch (state) {
    case 'breached':
      opening = latestOpeningDueBy(shape, shape.now - amount * minuteMs)
      break
    case 'at-risk':
      opening = latestOpeningDueBy(shape, laterBy(amount))
      break
    case 'due-today':
      opening = latestOpeningDueBy(shape, Math.min(endOfToday, laterBy(amount)))
      break
    case 'due-later':
      opening = latestOpeningDueBy(shape, shape.now + searchBackMs) // opened just now
      break
  }
  if (opening === null) return null
  return stateAt(dueOf(shape, opening), shape.now, riskUntil, endOfToday) === state ? opening : null
}

/** Where a response due at `due` stands at `now`, as the queue sorts it out. */
export function stateAt(due: number, now: number, riskUntil: number, endOfToday: number): LiveState {
  if (due < now) return 'breached'
  if (due <= riskUntil) return 'at-risk'
  return due <= endOfToday ? 'due-today' : 'due-later'
}
