import type { Calendar } from '../domain'
import { calendarIndex, dayIntervals, type CalendarIndex } from './calendar-index'
import { PolicyInputError, requireNumber } from './errors'
import { MINUTE_MS, formatInstant, parseInstant, utcDay } from './instants'

/** A calendar with no opening in ten years (all of it holidays) is a mistake, not a long wait. */
const MAX_CLOSED_DAYS = 3660
/** Ten years of minutes: beyond this a duration is a typo, and walking to it would hang the caller. */
const MAX_MINUTES = 10 * 366 * 24 * 60

function noOpening(): PolicyInputError {
  return new PolicyInputError('cal', `has no opening hours within ${MAX_CLOSED_DAYS} days`)
}

/**
 * Business time is the measure of open time: B(t) = open time before t. Adding n minutes to t gives the
 * *earliest* instant u >= t with B(u) - B(t) = n. So the clock starts at the next opening when t is closed
 * (R-CAL-6), a deadline that uses up the last minute of a day is that day's closing time (not the next
 * opening), and adding zero is t itself. These make add(a) then add(b) equal add(a + b), and measure(add(n)) = n.
 */
export function addBusinessMs(index: CalendarIndex, start: number, ms: number): number {
  if (index.alwaysOpen || ms === 0) return start + ms
  let remaining = ms
  // the local day of `start` is its UTC day or a neighbour (offsets are within ±14 h)
  const first = utcDay(start) - 1
  let lastOpenDay = first
  for (let day = first; ; day++) {
    const iv = dayIntervals(index, day)
    for (let i = 0; i < iv.length; i += 2) {
      const end = iv[i + 1]!
      if (end <= start) continue
      const from = iv[i]! > start ? iv[i]! : start
      const available = end - from
      if (remaining <= available) return from + remaining
      remaining -= available
      lastOpenDay = day
    }
    if (day - lastOpenDay > MAX_CLOSED_DAYS) throw noOpening()
  }
}

/** Open time in [from, to), in ms. */
export function businessMsBetween(index: CalendarIndex, from: number, to: number): number {
  if (index.alwaysOpen) return to - from
  let total = 0
  const last = utcDay(to) + 1
  for (let day = utcDay(from) - 1; day <= last; day++) {
    const iv = dayIntervals(index, day)
    for (let i = 0; i < iv.length; i += 2) {
      const a = iv[i]! > from ? iv[i]! : from
      const b = iv[i + 1]! < to ? iv[i + 1]! : to
      if (b > a) total += b - a
    }
  }
  return total
}

/** Opening intervals are half-open: open at the opening minute, closed at the closing minute. */
export function isOpenAt(index: CalendarIndex, at: number): boolean {
  if (index.alwaysOpen) return true
  for (let day = utcDay(at) - 1; day <= utcDay(at) + 1; day++) {
    const iv = dayIntervals(index, day)
    for (let i = 0; i < iv.length; i += 2) if (iv[i]! <= at && at < iv[i + 1]!) return true
  }
  return false
}

/** The first open instant at or after `at`, and the local day it belongs to. */
export function nextOpeningAt(index: CalendarIndex, at: number): { at: number; day: number } {
  if (index.alwaysOpen) return { at, day: utcDay(at) }
  const first = utcDay(at) - 1
  for (let day = first; day - first <= MAX_CLOSED_DAYS; day++) {
    const iv = dayIntervals(index, day)
    for (let i = 0; i < iv.length; i += 2) if (iv[i + 1]! > at) return { at: Math.max(iv[i]!, at), day }
  }
  throw noOpening()
}

/** The next local day after `day` with any opening hours: "the next business day". */
export function nextBusinessDay(index: CalendarIndex, day: number): number {
  for (let d = day + 1; d - day <= MAX_CLOSED_DAYS; d++) if (dayIntervals(index, d).length > 0) return d
  throw noOpening()
}

function minutesToMs(minutes: unknown, field: string): number {
  const n = requireNumber(minutes, field, { min: 0 })
  if (n > MAX_MINUTES) throw new PolicyInputError(field, `${n} is more than ten years of minutes`)
  return Math.round(n * MINUTE_MS)
}

/** R-CAL-6: start + n business minutes of the calendar, exact to the minute across DST changes. */
export function addBusinessMinutes(cal: Calendar, start: string, minutes: number): string {
  const index = calendarIndex(cal)
  const t = parseInstant(start, 'start')
  return formatInstant(addBusinessMs(index, t, minutesToMs(minutes, 'minutes')))
}

/** Business minutes in [from, to); fractional when the instants carry seconds. */
export function businessMinutesBetween(cal: Calendar, from: string, to: string): number {
  const index = calendarIndex(cal)
  const a = parseInstant(from, 'from')
  const b = parseInstant(to, 'to')
  if (b < a) throw new PolicyInputError('to', `${to} is before from (${from})`)
  return businessMsBetween(index, a, b) / MINUTE_MS
}

export function isOpen(cal: Calendar, at: string): boolean {
  const index = calendarIndex(cal)
  return isOpenAt(index, parseInstant(at, 'at'))
}

/** The next opening at or after `at` (itself when open). */
export function nextOpening(cal: Calendar, at: string): string {
  const index = calendarIndex(cal)
  return formatInstant(nextOpeningAt(index, parseInstant(at, 'at')).at)
}
