/**
 * The live deadline preview of the catalog editors: from a start (a wall-clock time in the calendar's zone) and a
 * number of business minutes, or a plan's target for a severity, when the response is due. Computed by
 * shared/policy (R-CAL-6 addBusinessMinutes, R-SA-* responseDue) over the calendar being edited, so what the
 * preview shows is what incidents will get.
 */
import { DateTime } from 'luxon'
import { WEEKDAYS, type Calendar, type Plan, type Severity } from '@shared/domain'
import {
  addBusinessMinutes,
  isOpen,
  nextOpening,
  PolicyInputError,
  presets,
  publicHolidays,
  responseDue,
} from '@shared/policy'

export type PreviewTarget =
  | { kind: 'minutes'; minutes: number }
  | { kind: 'severity'; plan: Plan; severity: Severity; calendars: Record<string, Calendar> }

export interface SkippedDay {
  date: string
  /** a holiday on a day that would otherwise be open, or a day of the week without hours */
  reason: 'holiday' | 'closed'
}

export interface Preview {
  startAt: string
  /** the clock is stopped at the start: it starts at `opensAt` (R-CAL-6) */
  closedAtStart: boolean
  opensAt: string | null
  dueAt: string
  /** the zone the times are shown in: the calendar's */
  zone: string
  ruleId: string
  /** the calendar the clock ran on (a plan's 24x7 target runs on `always`) */
  clockLabel: string
  /** days between start and due with no business time, in order (at most MAX_LISTED) */
  skipped: SkippedDay[]
  moreSkipped: number
  /** what the plan's target says, for a severity preview */
  targetLabel: string | null
}

export type PreviewResult = { ok: true; preview: Preview } | { ok: false; field: string; message: string }

const MAX_LISTED = 12

/** `2026-11-27T16:00` read in the zone → the instant, UTC `Z`. */
export function localToInstant(local: string, zone: string): string | null {
  const d = DateTime.fromISO(local, { zone })
  return d.isValid ? (d.toUTC().toISO({ suppressMilliseconds: true }) as string) : null
}

/** "Fri 27 Nov 2026, 16:00" in the zone. */
export function formatIn(instant: string, zone: string): string {
  return DateTime.fromISO(instant, { zone: 'utc' }).setZone(zone).toFormat('ccc d LLL yyyy, HH:mm')
}

/** Every holiday of the calendar in the given years: its explicit dates and its countries' public holidays. */
export function holidaySet(cal: Calendar, years: number[]): Set<string> {
  const out = new Set(cal.holidays.dates)
  for (const country of cal.holidays.countries)
    for (const y of years) for (const d of publicHolidays(country, y)) out.add(d)
  return out
}

/** The local days strictly after the start's day and before the due day on which the clock did not run. */
function skippedDays(cal: Calendar, startAt: string, dueAt: string): { days: SkippedDay[]; more: number } {
  if (cal.alwaysOpen) return { days: [], more: 0 }
  const from = DateTime.fromISO(startAt, { zone: 'utc' }).setZone(cal.zone).startOf('day')
  const to = DateTime.fromISO(dueAt, { zone: 'utc' }).setZone(cal.zone).startOf('day')
  const years: number[] = []
  for (let y = from.year; y <= to.year; y++) years.push(y)
  const holidays = holidaySet(cal, years)
  const days: SkippedDay[] = []
  let more = 0
  for (let d = from.plus({ days: 1 }); d < to; d = d.plus({ days: 1 })) {
    const date = d.toISODate() as string
    const weekday = WEEKDAYS[d.weekday - 1]!
    const reason = holidays.has(date) ? 'holiday' : cal.hours[weekday].length === 0 ? 'closed' : null
    if (reason === 'holiday' && cal.hours[weekday].length === 0) continue // closed anyway: not news
    if (!reason) continue
    if (days.length < MAX_LISTED) days.push({ date, reason })
    else more++
  }
  return { days, more }
}

/** The preview, or why there is none, naming the field to fix. Never throws. */
export function previewDeadline(cal: Calendar, startLocal: string, target: PreviewTarget): PreviewResult {
  const startAt = localToInstant(startLocal, cal.zone)
  if (!startAt) return { ok: false, field: 'start', message: 'Pick a start date and time.' }
  try {
    let dueAt: string
    let ruleId = 'R-CAL-6'
    let targetLabel: string | null = null
    // the clock the deadline ran on: a 24x7 target of a plan runs on `always`, not on the plan's hours
    let clock = cal
    if (target.kind === 'minutes') {
      if (!Number.isInteger(target.minutes) || target.minutes < 0)
        return { ok: false, field: 'minutes', message: 'Business minutes must be a whole number, 0 or more.' }
      dueAt = addBusinessMinutes(cal, startAt, target.minutes)
    } else {
      const due = responseDue(target.plan, target.severity, startAt, { calendars: target.calendars })
      dueAt = due.dueAt
      ruleId = due.ruleId
      targetLabel = due.target.label
      clock = target.calendars[due.calendarId] ?? presets.calendars[due.calendarId] ?? cal
    }
    const open = isOpen(clock, startAt)
    const { days, more } = skippedDays(clock, startAt, dueAt)
    return {
      ok: true,
      preview: {
        startAt,
        closedAtStart: !open,
        opensAt: open ? null : nextOpening(clock, startAt),
        dueAt,
        zone: cal.zone,
        ruleId,
        clockLabel: clock.label,
        skipped: days,
        moreSkipped: more,
        targetLabel,
      },
    }
  } catch (e) {
    if (e instanceof PolicyInputError) return { ok: false, field: e.field, message: e.message }
    throw e
  }
}
