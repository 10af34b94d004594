/** Calendar dates (YYYY-MM-DD) for the customer screens: subscriptions and packs are dated, not timed. */
import { DateTime } from 'luxon'

/** Today's date in UTC: the zone the named-contact cap is judged in by contact.add / contact.setNamed. */
export function utcDate(nowMs: number): string {
  return new Date(nowMs).toISOString().slice(0, 10)
}

/** Today's date in an IANA zone (a plan's calendar): subscription dates are read there (R-CAL-1). */
export function zonedDate(nowMs: number, zone: string): string {
  const d = DateTime.fromMillis(nowMs, { zone })
  return d.isValid ? (d.toISODate() as string) : utcDate(nowMs)
}

export function addDays(date: string, days: number): string {
  return DateTime.fromISO(date, { zone: 'utc' }).plus({ days }).toISODate() as string
}

export function addYears(date: string, years: number): string {
  return DateTime.fromISO(date, { zone: 'utc' }).plus({ years }).toISODate() as string
}

const longDate = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeZone: 'UTC' })

/** "22 Nov 2026" in the reader's language; the date itself is not shifted by their zone. */
export function formatDate(date: string | null | undefined): string {
  if (!date) return '—'
  const ms = Date.parse(`${date.slice(0, 10)}T00:00:00Z`)
  return Number.isNaN(ms) ? date : longDate.format(new Date(ms))
}
