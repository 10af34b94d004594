import { PolicyInputError, quote } from './errors'

// Instants are epoch milliseconds inside the policy module and ISO-8601 strings at its boundary. Calendar
// dates are "day numbers": whole days since 1970-01-01, so date arithmetic is integer arithmetic.

export const MINUTE_MS = 60_000
export const HOUR_MS = 3_600_000
export const DAY_MS = 86_400_000

const INSTANT =
  /^(\d{4})-(\d{2})-(\d{2})[Tt](\d{2}):(\d{2})(?::(\d{2})(?:[.,](\d{1,9}))?)?(?:[Zz]|([+-])(\d{2}):?(\d{2}))$/
const DATE = /^(\d{4})-(\d{2})-(\d{2})$/

export function isLeapYear(y: number): boolean {
  return (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0
}

export function daysInMonth(y: number, m: number): number {
  return m === 2 ? (isLeapYear(y) ? 29 : 28) : m === 4 || m === 6 || m === 9 || m === 11 ? 30 : 31
}

/** Day number of a proleptic Gregorian date (H. Hinnant's days_from_civil). */
export function dayNumber(y: number, m: number, d: number): number {
  const yy = m <= 2 ? y - 1 : y
  const era = Math.floor(yy / 400)
  const yoe = yy - era * 400
  const doy = Math.floor((153 * (m + (m > 2 ? -3 : 9)) + 2) / 5) + d - 1
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy
  return era * 146097 + doe - 719468
}

export function civilDate(day: number): { year: number; month: number; day: number } {
  const z = day + 719468
  const era = Math.floor(z / 146097)
  const doe = z - era * 146097
  const yoe = Math.floor(
    (doe - Math.floor(doe / 1460) + Math.floor(doe / 36524) - Math.floor(doe / 146096)) / 365,
  )
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100))
  const mp = Math.floor((5 * doy + 2) / 153)
  const d = doy - Math.floor((153 * mp + 2) / 5) + 1
  const m = mp + (mp < 10 ? 3 : -9)
  return { year: m <= 2 ? era * 400 + yoe + 1 : era * 400 + yoe, month: m, day: d }
}

/** ISO weekday of a day number: 1 = Monday … 7 = Sunday (1970-01-01 was a Thursday). */
export function isoWeekday(day: number): number {
  return ((((day + 3) % 7) + 7) % 7) + 1
}

function invalidInstant(value: unknown, field: string): PolicyInputError {
  return new PolicyInputError(
    field,
    `${quote(value)} is not an ISO-8601 instant with an offset (e.g. 2026-03-06T21:00:00Z)`,
  )
}

function validDate(y: number, m: number, d: number): boolean {
  return m >= 1 && m <= 12 && d >= 1 && d <= daysInMonth(y, m)
}

/**
 * The canonical form `YYYY-MM-DDTHH:MM:SSZ`, or `YYYY-MM-DDTHH:MM:SS.sssZ` (Date#toISOString's, the form stored
 * rows carry), without a regex, NaN for anything else: thousands of these arrive per decision or report. A
 * character c is a digit when c − 48 and 57 − c are both non-negative, so OR-ing them all is negative when any is
 * not.
 */
export function parseCanonicalInstant(s: string): number {
  if (s.length === 20) return s.charCodeAt(19) === 90 ? wholeSeconds(s) : Number.NaN
  if (s.length !== 24 || s.charCodeAt(19) !== 46 || s.charCodeAt(23) !== 90) return Number.NaN
  const a = s.charCodeAt(20) - 48
  const b = s.charCodeAt(21) - 48
  const c = s.charCodeAt(22) - 48
  if ((a | b | c | (9 - a) | (9 - b) | (9 - c)) < 0) return Number.NaN
  return wholeSeconds(s) + a * 100 + b * 10 + c
}

/** `YYYY-MM-DDTHH:MM:SS` at the start of `s` as epoch ms, NaN when it is not exactly that. */
function wholeSeconds(s: string): number {
  const y0 = s.charCodeAt(0) - 48
  const y1 = s.charCodeAt(1) - 48
  const y2 = s.charCodeAt(2) - 48
  const y3 = s.charCodeAt(3) - 48
  const m0 = s.charCodeAt(5) - 48
  const m1 = s.charCodeAt(6) - 48
  const d0 = s.charCodeAt(8) - 48
  const d1 = s.charCodeAt(9) - 48
  const h0 = s.charCodeAt(11) - 48
  const h1 = s.charCodeAt(12) - 48
  const i0 = s.charCodeAt(14) - 48
  const i1 = s.charCodeAt(15) - 48
  const s0 = s.charCodeAt(17) - 48
  const s1 = s.charCodeAt(18) - 48
  const low = y0 | y1 | y2 | y3 | m0 | m1 | d0 | d1 | h0 | h1 | i0 | i1 | s0 | s1
  const high = (9 - y0) | (9 - y1) | (9 - y2) | (9 - y3) | (9 - m0) | (9 - m1) | (9 - d0) | (9 - d1)
  const high2 = (9 - h0) | (9 - h1) | (9 - i0) | (9 - i1) | (9 - s0) | (9 - s1)
  if ((low | high | high2) < 0) return Number.NaN
  // the separators - - T : :
  if (s.charCodeAt(4) !== 45 || s.charCodeAt(7) !== 45 || s.charCodeAt(10) !== 84) return Number.NaN
  if (s.charCodeAt(13) !== 58 || s.charCodeAt(16) !== 58) return Number.NaN
  const y = y0 * 1000 + y1 * 100 + y2 * 10 + y3
  const mo = m0 * 10 + m1
  const d = d0 * 10 + d1
  const h = h0 * 10 + h1
  const mi = i0 * 10 + i1
  const sec = s0 * 10 + s1
  if (!validDate(y, mo, d) || h > 23 || mi > 59 || sec > 59) return Number.NaN
  return dayNumber(y, mo, d) * DAY_MS + h * HOUR_MS + mi * MINUTE_MS + sec * 1000
}

/**
 * Any ISO-8601 instant with `Z` or a numeric offset; seconds and fractions optional. A local time without an
 * offset is refused: it would be read in some zone we would have to guess.
 */
export function parseInstant(value: unknown, field: string): number {
  if (typeof value !== 'string') throw invalidInstant(value, field)
  const canonical = parseCanonicalInstant(value)
  if (!Number.isNaN(canonical)) return canonical
  const m = INSTANT.exec(value)
  if (!m) throw invalidInstant(value, field)
  const y = +m[1]!
  const mo = +m[2]!
  const d = +m[3]!
  const h = +m[4]!
  const mi = +m[5]!
  const s = m[6] === undefined ? 0 : +m[6]
  const ms = m[7] === undefined ? 0 : +m[7].padEnd(3, '0').slice(0, 3)
  const oh = m[9] === undefined ? 0 : +m[9]
  const om = m[10] === undefined ? 0 : +m[10]
  if (!validDate(y, mo, d) || h > 23 || mi > 59 || s > 59 || oh > 23 || om > 59)
    throw invalidInstant(value, field)
  const offset = (m[8] === '-' ? -1 : 1) * (oh * 60 + om) * MINUTE_MS
  return dayNumber(y, mo, d) * DAY_MS + h * HOUR_MS + mi * MINUTE_MS + s * 1000 + ms - offset
}

const pad2 = (n: number): string => (n < 10 ? `0${n}` : `${n}`)

/** The one canonical output form: UTC, `Z`, whole seconds, milliseconds only when there are some. */
export function formatInstant(ms: number): string {
  const day = Math.floor(ms / DAY_MS)
  const { year, month, day: d } = civilDate(day)
  if (year < 0 || year > 9999) return new Date(ms).toISOString()
  let rest = ms - day * DAY_MS
  const h = Math.floor(rest / HOUR_MS)
  rest -= h * HOUR_MS
  const mi = Math.floor(rest / MINUTE_MS)
  rest -= mi * MINUTE_MS
  const sec = Math.floor(rest / 1000)
  const milli = rest - sec * 1000
  const fraction = milli === 0 ? '' : `.${String(milli).padStart(3, '0')}`
  return `${String(year).padStart(4, '0')}-${pad2(month)}-${pad2(d)}T${pad2(h)}:${pad2(mi)}:${pad2(sec)}${fraction}Z`
}

/** `YYYY-MM-DD` to its day number. */
export function parseDate(value: unknown, field: string): number {
  const m = typeof value === 'string' ? DATE.exec(value) : null
  if (!m || !validDate(+m[1]!, +m[2]!, +m[3]!)) {
    throw new PolicyInputError(field, `${quote(value)} is not a date in the form YYYY-MM-DD`)
  }
  return dayNumber(+m[1]!, +m[2]!, +m[3]!)
}

export function formatDate(day: number): string {
  const { year, month, day: d } = civilDate(day)
  return `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}-${String(d).padStart(2, '0')}`
}

/** Whole days since 1970-01-01 of an instant, on the UTC clock. */
export function utcDay(ms: number): number {
  return Math.floor(ms / DAY_MS)
}

/** An incident's opening and the moment asked about, both parsed; asking about a moment before it opened is refused. */
export function openedAndNow(openedAt: string, now: string): { opened: number; at: number } {
  const opened = parseInstant(openedAt, 'openedAt')
  const at = parseInstant(now, 'now')
  if (at < opened) throw new PolicyInputError('now', `${now} is before openedAt (${openedAt})`)
  return { opened, at }
}
