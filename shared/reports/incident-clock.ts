/**
 * One incident's first-response clock as the reports read it: the policy's slaClock (pauses move the due time by
 * the paused time on the target's own clock), and the first-response time in minutes on that same clock with the
 * paused time left out (business minutes for business-hour targets, elapsed minutes on the calendar clock).
 */
import type { Calendar, Plan, Severity } from '@shared/domain'
import { businessMinutesBetween, presets, responseTargetFor, slaClock, type SlaClock } from '@shared/policy'

export interface ClockIncident {
  id: string
  severity: Severity
  openedAt: string
  respondedAt?: string | null
  extendedHours?: boolean
  slaEvents: ReadonlyArray<{ type: 'pause' | 'resume' | 'respond'; at: string }>
}

export interface Catalog {
  /** the organisation's own plans and calendars by id; presets are used for ids not found here */
  plans: Readonly<Record<string, Plan>>
  calendars: Readonly<Record<string, Calendar>>
}

export function planIn(catalog: Catalog, planId: string | null | undefined): Plan | undefined {
  if (!planId) return undefined
  return catalog.plans[planId] ?? presets.plans[planId]
}

export function calendarIn(catalog: Catalog, calendarId: string): Calendar | undefined {
  return catalog.calendars[calendarId] ?? presets.calendars[calendarId]
}

export interface IncidentClock {
  clock: SlaClock
  /** minutes from opening to the first response on the target's clock, paused time excluded; null if none yet */
  firstResponseMinutes: number | null
}

/** null when the plan commits to no response time for the severity (R-AM-2). */
export function incidentClock(
  incident: ClockIncident,
  plan: Plan,
  catalog: Catalog,
  nowMs: number,
): IncidentClock | null {
  if (!responseTargetFor(plan, incident.severity)) return null
  const events = incident.slaEvents.map((e) => ({ type: e.type, at: e.at }))
  if (incident.respondedAt && !events.some((e) => e.type === 'respond'))
    events.push({ type: 'respond', at: incident.respondedAt })
  // the clock is read at `now`, or at the latest event a skewed device recorded after it
  const at = Math.max(nowMs, Date.parse(incident.openedAt), ...events.map((e) => Date.parse(e.at)))
  const extendedHours = (incident.extendedHours ?? false) && plan.extendedHours !== null
  const clock = slaClock(plan, incident.severity, incident.openedAt, events, new Date(at).toISOString(), {
    extendedHours,
    calendars: catalog.calendars,
  })
  if (clock.respondedAt === null) return { clock, firstResponseMinutes: null }
  let elapsed: number
  if (clock.clock === 'calendar') {
    elapsed = (Date.parse(clock.respondedAt) - Date.parse(incident.openedAt)) / 60_000
  } else {
    const calendar = calendarIn(catalog, clock.calendarId)
    elapsed = calendar ? businessMinutesBetween(calendar, incident.openedAt, clock.respondedAt) : Number.NaN
  }
  return { clock, firstResponseMinutes: Math.max(0, elapsed - clock.pausedMinutes) }
}
