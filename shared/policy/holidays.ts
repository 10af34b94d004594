import type { HolidayCountry } from '../domain'
import { PolicyInputError, quote, requireOneOf } from './errors'
import { dayNumber, daysInMonth, formatDate, isoWeekday } from './instants'

export const HOLIDAY_COUNTRIES: readonly HolidayCountry[] = ['FR', 'US']

/** Easter Sunday by the Gregorian computus (the anonymous algorithm of Meeus/Jones/Butcher), as a day number. */
export function easterSunday(year: number): number {
  const a = year % 19
  const b = Math.floor(year / 100)
  const c = year % 100
  const d = Math.floor(b / 4)
  const e = b % 4
  const f = Math.floor((b + 8) / 25)
  const g = Math.floor((b - f + 1) / 3)
  const h = (19 * a + b - d - g + 15) % 30
  const i = Math.floor(c / 4)
  const k = c % 4
  const l = (32 + 2 * e + 2 * i - h - k) % 7
  const m = Math.floor((a + 11 * h + 22 * l) / 451)
  const month = Math.floor((h + l - 7 * m + 114) / 31)
  const day = ((h + l - 7 * m + 114) % 31) + 1
  return dayNumber(year, month, day)
}

function french(year: number): number[] {
  const easter = easterSunday(year)
  return [
    dayNumber(year, 1, 1),
    easter + 1, // Easter Monday
    dayNumber(year, 5, 1),
    dayNumber(year, 5, 8),
    easter + 39, // Ascension Thursday
    easter + 50, // Whit Monday
    dayNumber(year, 7, 14),
    dayNumber(year, 8, 15),
    dayNumber(year, 11, 1),
    dayNumber(year, 11, 11),
    dayNumber(year, 12, 25),
  ]
}

/** The nth (1-based) given ISO weekday of a month; n = -1 for the last one. */
function nthWeekday(year: number, month: number, weekday: number, n: number): number {
  if (n > 0) {
    const first = dayNumber(year, month, 1)
    return first + ((weekday - isoWeekday(first) + 7) % 7) + (n - 1) * 7
  }
  const last = dayNumber(year, month, daysInMonth(year, month))
  return last - ((isoWeekday(last) - weekday + 7) % 7)
}

/** A fixed-date federal holiday on a Saturday is observed the Friday before, on a Sunday the Monday after. */
function observed(day: number): number {
  const wd = isoWeekday(day)
  return wd === 6 ? day - 1 : wd === 7 ? day + 1 : day
}

function unitedStates(year: number): number[] {
  const MON = 1
  const THU = 4
  return [
    observed(dayNumber(year, 1, 1)), // New Year's Day (may be observed on Dec 31 of the year before)
    nthWeekday(year, 1, MON, 3), // Birthday of Martin Luther King, Jr.
    nthWeekday(year, 2, MON, 3), // Washington's Birthday
    nthWeekday(year, 5, MON, -1), // Memorial Day
    observed(dayNumber(year, 6, 19)), // Juneteenth National Independence Day
    observed(dayNumber(year, 7, 4)), // Independence Day
    nthWeekday(year, 9, MON, 1), // Labor Day
    nthWeekday(year, 10, MON, 2), // Columbus Day
    observed(dayNumber(year, 11, 11)), // Veterans Day
    nthWeekday(year, 11, THU, 4), // Thanksgiving Day
    observed(dayNumber(year, 12, 25)), // Christmas Day
  ]
}

export function holidayDays(country: HolidayCountry, year: number): number[] {
  return (country === 'FR' ? french(year) : unitedStates(year)).sort((a, b) => a - b)
}

/**
 * The public holidays of a year (R-CAL-5), sorted. US dates are the days *observed*, as the US Office of
 * Personnel Management lists them: New Year's Day of a year starting on a Saturday is observed on Dec 31 of the
 * year before, and appears in the list of the year it belongs to.
 */
export function publicHolidays(country: 'FR' | 'US', year: number): string[] {
  const c = requireOneOf(country, HOLIDAY_COUNTRIES, 'country')
  if (typeof year !== 'number' || !Number.isInteger(year) || year < 1583 || year > 9999) {
    throw new PolicyInputError(
      'year',
      `${quote(year)} is not a whole year between 1583 and 9999 (Gregorian calendar)`,
    )
  }
  return holidayDays(c, year).map(formatDate)
}
