import { PlanSchema, SEVERITIES, type Calendar, type Plan, type Severity } from '../domain'
import { calendarIndex, type CalendarIndex } from './calendar-index'
import { PolicyInputError, parseWith, requireObject, requireOneOf } from './errors'
import { presets } from './presets'

/** Calendars an organisation defined, by id; the presets are looked up when an id is not among them. */
export type CalendarLookup = Readonly<Record<string, Calendar>>

const plans = new WeakMap<object, Plan>()

/** Validates a plan once (zod) and serves the parsed plan for the same object afterwards. */
export function planOf(plan: unknown, field = 'plan'): Plan {
  if (typeof plan === 'object' && plan !== null) {
    const hit = plans.get(plan)
    if (hit) return hit
  }
  const parsed = parseWith(PlanSchema, plan, field)
  plans.set(plan as object, parsed)
  return parsed
}

export function severityOf(value: unknown, field = 'severity'): Severity {
  return requireOneOf(value, SEVERITIES, field)
}

export function calendarsOf(value: unknown, field: string): CalendarLookup | undefined {
  if (value === undefined) return undefined
  return requireObject(value, field) as CalendarLookup
}

/** The calendar a plan names, from the organisation's calendars or the presets. */
export function calendarById(
  id: string,
  calendars: CalendarLookup | undefined,
  field: string,
): CalendarIndex {
  const own = calendars !== undefined && Object.hasOwn(calendars, id) ? calendars[id] : undefined
  const cal = own ?? (Object.hasOwn(presets.calendars, id) ? presets.calendars[id] : undefined)
  if (cal === undefined) {
    throw new PolicyInputError(field, `no calendar "${id}" among the presets or the calendars passed in`)
  }
  return calendarIndex(cal, `calendars.${id}`)
}

/** Reads optional arguments, which must be an object when given. */
export function optionsOf(value: unknown, field: string): Record<string, unknown> {
  return value === undefined ? {} : requireObject(value, field)
}
