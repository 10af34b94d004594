import { localDay, wallToInstant, type CalendarIndex } from './calendar-index'
import { PolicyInputError, quote } from './errors'
import { civilDate, dayNumber, daysInMonth, parseDate, parseInstant } from './instants'

const DATE_ONLY = /^\d{4}-\d{2}-\d{2}$/

/** A date (`YYYY-MM-DD`) or an instant, as the local day it falls on in the calendar's zone. */
export function dayOf(index: CalendarIndex, value: unknown, field: string): number {
  if (typeof value === 'string' && DATE_ONLY.test(value)) return parseDate(value, field)
  if (typeof value !== 'string')
    throw new PolicyInputError(field, `${quote(value)} is not a date (YYYY-MM-DD) or an instant`)
  return localDay(index, parseInstant(value, field))
}

/** Local midnight at the start of a day, as an instant. */
export function startOfDay(index: CalendarIndex, day: number): number {
  return wallToInstant(index, day, 0)
}

/** The same month and day in another year; Feb 29 falls on Feb 28 in common years. */
function anniversary(start: number, year: number): number {
  const { month, day } = civilDate(start)
  return dayNumber(year, month, Math.min(day, daysInMonth(year, month)))
}

/** D-1: the contract year containing `day`, counted from the subscription's start; the first one before it. */
export function contractYear(startDay: number, day: number): { first: number; next: number } {
  const startYear = civilDate(startDay).year
  let years = Math.max(0, civilDate(day).year - startYear)
  if (years > 0 && anniversary(startDay, startYear + years) > day) years--
  return {
    first: anniversary(startDay, startYear + years),
    next: anniversary(startDay, startYear + years + 1),
  }
}
