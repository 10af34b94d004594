/**
 * The calendar editor's form: plain strings the inputs hold, mapped to a Calendar and validated with the domain's
 * CalendarSchema, the schema calendar.save checks too, so the form and the mutator agree on what is valid.
 */
import {
  CalendarSchema,
  HolidayCountrySchema,
  WEEKDAYS,
  type Calendar,
  type HolidayCountry,
  type Weekday,
} from '@shared/domain'
import { issuesByField, type FieldErrors } from './issues'

export interface IntervalForm {
  start: string
  end: string
}

export interface CalendarForm {
  id: string
  label: string
  description: string
  zone: string
  alwaysOpen: boolean
  hours: Record<Weekday, IntervalForm[]>
  /** explicit holidays, one `YYYY-MM-DD` a line */
  holidayDates: string
  countries: HolidayCountry[]
  /** kept from the calendar it was made from: the form does not edit them */
  assumption: Calendar['assumption']
  ruleIds: string[]
}

export const HOLIDAY_COUNTRY_CODES: readonly HolidayCountry[] = HolidayCountrySchema.options

export const weekdayLabel: Record<Weekday, string> = {
  mon: 'Monday',
  tue: 'Tuesday',
  wed: 'Wednesday',
  thu: 'Thursday',
  fri: 'Friday',
  sat: 'Saturday',
  sun: 'Sunday',
}

export function emptyCalendarForm(): CalendarForm {
  const hours = Object.fromEntries(WEEKDAYS.map((d) => [d, [] as IntervalForm[]])) as CalendarForm['hours']
  return {
    id: '',
    label: '',
    description: '',
    zone: '',
    alwaysOpen: false,
    hours,
    holidayDates: '',
    countries: [],
    assumption: null,
    ruleIds: [],
  }
}

export function calendarToForm(cal: Calendar): CalendarForm {
  const hours = Object.fromEntries(
    WEEKDAYS.map((d) => [d, cal.hours[d].map((iv) => ({ start: iv.start, end: iv.end }))]),
  ) as CalendarForm['hours']
  return {
    id: cal.id,
    label: cal.label,
    description: cal.description,
    zone: cal.zone,
    alwaysOpen: cal.alwaysOpen,
    hours,
    holidayDates: cal.holidays.dates.join('\n'),
    countries: [...cal.holidays.countries],
    assumption: cal.assumption,
    ruleIds: [...cal.ruleIds],
  }
}

/** A free id for a copy: `<id>-copy`, then `<id>-copy-2`… */
export function copyId(id: string, taken: ReadonlySet<string>): string {
  let candidate = `${id}-copy`
  for (let n = 2; taken.has(candidate); n++) candidate = `${id}-copy-${n}`
  return candidate
}

/** The starting point for a new calendar made from an existing one (a preset, usually). */
export function duplicateCalendarForm(cal: Calendar, taken: ReadonlySet<string>): CalendarForm {
  return { ...calendarToForm(cal), id: copyId(cal.id, taken), label: `${cal.label} (copy)` }
}

/** Lines of the holidays box that hold something, with their 1-based line numbers. */
function holidayLines(text: string): { line: number; value: string }[] {
  return text
    .split('\n')
    .map((value, i) => ({ line: i + 1, value: value.trim() }))
    .filter((l) => l.value !== '')
}

/**
 * The value to validate. Each day's intervals are sorted by start (the form keeps them in the order typed), so the
 * schema's "in order" rule only fires on a real overlap; `order` maps a sorted position back to its form row.
 */
function toInput(form: CalendarForm) {
  const order = {} as Record<Weekday, number[]>
  const hours = {} as Record<Weekday, IntervalForm[]>
  for (const d of WEEKDAYS) {
    const rows = form.hours[d].map((iv, i) => ({ iv: { start: iv.start.trim(), end: iv.end.trim() }, i }))
    rows.sort((a, b) => (a.iv.start < b.iv.start ? -1 : a.iv.start > b.iv.start ? 1 : a.i - b.i))
    order[d] = rows.map((r) => r.i)
    hours[d] = rows.map((r) => r.iv)
  }
  const lines = holidayLines(form.holidayDates)
  const input = {
    id: form.id.trim(),
    label: form.label.trim(),
    description: form.description.trim(),
    zone: form.zone.trim(),
    alwaysOpen: form.alwaysOpen,
    hours,
    holidays: { dates: lines.map((l) => l.value), countries: [...form.countries].sort() },
    assumption: form.assumption,
    ruleIds: form.ruleIds,
  }
  return { input, order, lines }
}

export type CalendarParse = { ok: true; calendar: Calendar } | { ok: false; errors: FieldErrors }

/** Two intervals of a day that overlap, in words ("09:00–12:00 overlaps 11:00–14:00"). */
function overlapMessage(sorted: IntervalForm[]): string | null {
  for (let i = 1; i < sorted.length; i++) {
    const a = sorted[i - 1]!
    const b = sorted[i]!
    if (a.end > b.start) return `${a.start}–${a.end} overlaps ${b.start}–${b.end}`
  }
  return null
}

/**
 * Form → Calendar. Errors are keyed by form field: `id`, `label`, `zone`, `hours` (no opening at all),
 * `hours.<day>` (overlap), `hours.<day>.<row>.start|end`, `holidayDates` (naming the line), and `id` again when
 * a new calendar takes an id already used (`takenIds`): saving would overwrite that calendar.
 */
export function parseCalendarForm(
  form: CalendarForm,
  takenIds: ReadonlySet<string> = new Set(),
): CalendarParse {
  const { input, order, lines } = toInput(form)
  const result = CalendarSchema.safeParse(input)
  const errors: FieldErrors = result.success
    ? {}
    : issuesByField(result.error.issues, (key) => {
        const parts = key.split('.')
        if (parts[0] === 'hours' && parts.length >= 3) {
          const day = parts[1] as Weekday
          parts[2] = String(order[day]?.[Number(parts[2])] ?? parts[2])
          return parts.join('.')
        }
        if (parts[0] === 'holidays' && parts[1] === 'dates') return 'holidayDates'
        if (parts[0] === 'holidays') return 'countries'
        return key
      })
  if (!result.success) {
    for (const issue of result.error.issues) {
      const [head, sub, index] = issue.path
      if (head === 'holidays' && sub === 'dates' && typeof index === 'number') {
        const l = lines[index]!
        errors.holidayDates = `line ${l.line}: "${l.value}" is not a date (expected YYYY-MM-DD)`
        break
      }
    }
    for (const d of WEEKDAYS) {
      if (errors[`hours.${d}`]) {
        const detail = overlapMessage(input.hours[d])
        if (detail) errors[`hours.${d}`] = `${weekdayLabel[d]}: ${detail}; intervals must not overlap`
      }
    }
  }
  if (input.id && takenIds.has(input.id) && !errors.id) {
    errors.id = `"${input.id}" is already used by another calendar; choose another id`
  }
  if (Object.keys(errors).length > 0) return { ok: false, errors }
  return { ok: true, calendar: result.data! }
}

/** Where an error key points, in words, for the summary above the save button. */
export function calendarFieldName(key: string): string {
  const parts = key.split('.')
  if (parts[0] === 'hours' && parts.length >= 2) {
    const day = weekdayLabel[parts[1] as Weekday] ?? parts[1]
    if (parts.length === 2) return `${day} hours`
    return `${day} interval ${Number(parts[2]) + 1} ${parts[3] ?? ''}`.trim()
  }
  const names: Record<string, string> = {
    id: 'Id',
    label: 'Name',
    description: 'Description',
    zone: 'Time zone',
    hours: 'Weekly hours',
    holidayDates: 'Holiday dates',
    countries: 'Public holidays',
    form: 'Calendar',
  }
  return names[key] ?? key
}
