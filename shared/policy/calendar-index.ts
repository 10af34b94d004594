import { IANAZone } from 'luxon'
import { CalendarSchema, WEEKDAYS, type Calendar } from '../domain'
import { parseWith } from './errors'
import { holidayDays } from './holidays'
import { DAY_MS, HOUR_MS, MINUTE_MS, civilDate, isoWeekday, parseDate } from './instants'

/**
 * What the arithmetic needs of a calendar, computed once per calendar object: the weekly hours as minutes of
 * the day, the holidays as day numbers, and a cache of each local day's opening intervals as UTC epoch
 * milliseconds. Walking these intervals is what keeps business-time arithmetic fast: it never steps by minutes.
 */
export interface CalendarIndex {
  readonly calendar: Calendar
  readonly zone: IANAZone
  readonly alwaysOpen: boolean
  /** index 0 = Monday; each a flat list [start, end, start, end…] in minutes of the local day */
  readonly weekly: readonly (readonly number[])[]
  readonly holidays: Set<number>
  readonly holidayYears: Set<number>
  /** local day number → flat [start, end, …] in epoch ms, in order, no empty intervals */
  readonly days: Map<number, readonly number[]>
  /** UTC day number → the zone's offset all through it (ms), or NaN when it changes offset that day */
  readonly offsets: Map<number, number>
}

const EMPTY: readonly number[] = Object.freeze([])
/** Enough for several years of days per calendar; beyond that the oldest entries go first. */
const MAX_CACHED_DAYS = 4096
const indexes = new WeakMap<object, CalendarIndex>()

function minutesOf(time: string): number {
  return Number(time.slice(0, 2)) * 60 + Number(time.slice(3, 5))
}

/** Validates a calendar once (zod), then serves the cached index for the same object. */
export function calendarIndex(cal: unknown, field = 'cal'): CalendarIndex {
  if (typeof cal === 'object' && cal !== null) {
    const hit = indexes.get(cal)
    if (hit) return hit
  }
  const calendar = parseWith(CalendarSchema, cal, field)
  const index: CalendarIndex = {
    calendar,
    zone: IANAZone.create(calendar.zone),
    alwaysOpen: calendar.alwaysOpen,
    weekly: WEEKDAYS.map((d) => calendar.hours[d].flatMap((iv) => [minutesOf(iv.start), minutesOf(iv.end)])),
    holidays: new Set(calendar.holidays.dates.map((d, i) => parseDate(d, `${field}.holidays.dates.${i}`))),
    holidayYears: new Set(),
    days: new Map(),
    offsets: new Map(),
  }
  indexes.set(cal as object, index)
  return index
}

/**
 * The zone's offset from UTC at an instant, in ms. Asking the zone (Intl, through luxon) costs microseconds and
 * a report asks it for every incident, so each UTC day's offset is kept when the zone has the same offset at
 * both ends of the day: then it has it all day (as dayIntervals assumes, no zone changes offset and back within
 * a day). A day with a change in it asks the zone every time.
 */
export function offsetAt(index: CalendarIndex, ms: number): number {
  const day = Math.floor(ms / DAY_MS)
  let steady = index.offsets.get(day)
  if (steady === undefined) {
    const start = index.zone.offset(day * DAY_MS)
    steady = start === index.zone.offset((day + 1) * DAY_MS) ? start * MINUTE_MS : Number.NaN
    if (index.offsets.size >= MAX_CACHED_DAYS) index.offsets.delete(index.offsets.keys().next().value!)
    index.offsets.set(day, steady)
  }
  return Number.isNaN(steady) ? index.zone.offset(ms) * MINUTE_MS : steady
}

/** The local day number of an instant in the calendar's zone. */
export function localDay(index: CalendarIndex, ms: number): number {
  return Math.floor((ms + offsetAt(index, ms)) / DAY_MS)
}

/** The first instant whose offset is no longer `before`, to the minute, between lo and hi. */
function transition(index: CalendarIndex, lo: number, hi: number, before: number): number {
  let a = Math.floor(lo / MINUTE_MS)
  let b = Math.ceil(hi / MINUTE_MS)
  while (b - a > 1) {
    const mid = Math.floor((a + b) / 2)
    if (offsetAt(index, mid * MINUTE_MS) === before) a = mid
    else b = mid
  }
  return b * MINUTE_MS
}

/**
 * The instant a local wall-clock time of a day stands for. Across a DST change this is where luxon is not
 * followed exactly, so that opening hours stay monotone and exact to the minute:
 * - a time that happens twice (clocks go back) means its first occurrence, when people first see it;
 * - a time that never happens (clocks go forward) means the moment the clocks jump, so an interval 01:00–04:00
 *   on a spring-forward night lasts 2 hours and one inside the gap lasts none. (luxon would shift 02:30 to
 *   03:30, which would open the office for half an hour the calendar never states.)
 */
export function wallToInstant(index: CalendarIndex, day: number, wallMs: number): number {
  const wall = day * DAY_MS + wallMs
  const lo = wall - 15 * HOUR_MS
  const hi = wall + 15 * HOUR_MS
  const before = offsetAt(index, lo)
  const after = offsetAt(index, hi)
  if (before === after) return wall - before
  const early = wall - before
  const late = wall - after
  const earlyValid = offsetAt(index, early) === before
  const lateValid = offsetAt(index, late) === after
  if (earlyValid && lateValid) return Math.min(early, late)
  if (earlyValid) return early
  if (lateValid) return late
  return transition(index, lo, hi, before)
}

function ensureHolidayYear(index: CalendarIndex, year: number): void {
  if (index.holidayYears.has(year)) return
  index.holidayYears.add(year)
  // a US holiday of next year can be observed on Dec 31 of this one
  for (const country of index.calendar.holidays.countries) {
    for (const y of [year, year + 1]) for (const d of holidayDays(country, y)) index.holidays.add(d)
  }
}

export function isHoliday(index: CalendarIndex, day: number): boolean {
  if (index.calendar.holidays.countries.length > 0) ensureHolidayYear(index, civilDate(day).year)
  return index.holidays.has(day)
}

/** The opening intervals of a local day as [start, end, …] epoch ms; empty on a holiday or a closed weekday. */
export function dayIntervals(index: CalendarIndex, day: number): readonly number[] {
  const cached = index.days.get(day)
  if (cached) return cached
  const minutes = index.weekly[isoWeekday(day) - 1]!
  let intervals = EMPTY
  if (minutes.length > 0 && !isHoliday(index, day)) {
    // one offset for the whole day unless the zone changes offset around it
    const before = offsetAt(index, day * DAY_MS - 15 * HOUR_MS)
    const steady = before === offsetAt(index, (day + 1) * DAY_MS + 15 * HOUR_MS)
    const list: number[] = []
    for (let i = 0; i < minutes.length; i += 2) {
      const start = steady
        ? day * DAY_MS + minutes[i]! * MINUTE_MS - before
        : wallToInstant(index, day, minutes[i]! * MINUTE_MS)
      const end = steady
        ? day * DAY_MS + minutes[i + 1]! * MINUTE_MS - before
        : wallToInstant(index, day, minutes[i + 1]! * MINUTE_MS)
      if (end > start) list.push(start, end)
    }
    intervals = list.length > 0 ? list : EMPTY
  }
  if (index.days.size >= MAX_CACHED_DAYS) index.days.delete(index.days.keys().next().value!)
  index.days.set(day, intervals)
  return intervals
}
