/**
 * A report period: whole days `from`..`to` (both included) read in one IANA zone. A statement's days are the
 * customer's plan calendar days (a line logged at 23:30 in New York on Jan 31 is January's, though it is Feb 1 in
 * UTC); the SLA report reads each incident's opening in its own plan's calendar zone.
 */
import { DateTime, IANAZone } from 'luxon'
import { z } from 'zod'
import { ReportInputError } from './errors'

const IsoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'expected a date YYYY-MM-DD')

export const PeriodSchema = z
  .object({
    from: IsoDate,
    to: IsoDate,
    zone: z.string().refine((zone) => IANAZone.isValidZone(zone), 'not an IANA time zone'),
  })
  .refine((p) => p.from <= p.to, { path: ['to'], message: 'the period ends before it starts' })
export type Period = z.infer<typeof PeriodSchema>

export interface PeriodBounds extends Period {
  /** the first instant of `from` in the zone, and the first instant after `to` (half-open), epoch ms */
  startMs: number
  endMs: number
  /** the same as ISO instants (UTC) */
  start: string
  end: string
}

/** Parses with a zod schema; the first issue becomes a ReportInputError naming the field under `field`. */
export function parseReportInput<S extends z.ZodType>(schema: S, value: unknown, field: string): z.output<S> {
  const result = schema.safeParse(value)
  if (result.success) return result.data
  const issue = result.error.issues[0]!
  const path = issue.path.map(String).join('.')
  throw new ReportInputError(path ? `${field}.${path}` : field, issue.message)
}

function dayStart(date: string, zone: string, field: string): DateTime {
  const d = DateTime.fromISO(date, { zone })
  if (!d.isValid) throw new ReportInputError(field, `${date} is not a calendar date`)
  return d.startOf('day')
}

export function periodBounds(period: Period, field = 'period'): PeriodBounds {
  const p = parseReportInput(PeriodSchema, period, field)
  const start = dayStart(p.from, p.zone, `${field}.from`)
  const end = dayStart(p.to, p.zone, `${field}.to`).plus({ days: 1 }).startOf('day')
  return {
    ...p,
    startMs: start.toMillis(),
    endMs: end.toMillis(),
    start: start.toUTC().toISO()!,
    end: end.toUTC().toISO()!,
  }
}

/** The calendar date of an instant in a zone (YYYY-MM-DD). */
export function localDate(instantMs: number, zone: string): string {
  return DateTime.fromMillis(instantMs, { zone }).toISODate()!
}

/** Every date of the period, in order. */
export function periodDays(bounds: Period): string[] {
  const days: string[] = []
  let d = DateTime.fromISO(bounds.from, { zone: 'UTC' })
  const last = DateTime.fromISO(bounds.to, { zone: 'UTC' })
  while (d <= last) {
    days.push(d.toISODate()!)
    d = d.plus({ days: 1 })
  }
  return days
}

/** The calendar month holding a date, as a period in a zone: what a month-end statement covers. */
export function monthOf(date: string, zone: string): Period {
  const d = DateTime.fromISO(date, { zone })
  return { from: d.startOf('month').toISODate()!, to: d.endOf('month').toISODate()!, zone }
}

/** Parses an ISO instant, naming the field when it is not one. */
export function instantMs(value: string, field: string): number {
  const ms = Date.parse(value)
  if (typeof value !== 'string' || Number.isNaN(ms))
    throw new ReportInputError(field, `${String(value)} is not an instant`)
  return ms
}
