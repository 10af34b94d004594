import type { Calendar, Plan, Reason, Severity } from '../domain'
import { atRiskMinutesOf, atRiskUntilMs, riskOf } from './at-risk'
import { addBusinessMs, businessMsBetween } from './calendar'
import { PolicyInputError, requireArray, requireBoolean, requireObject, requireOneOf } from './errors'
import { MINUTE_MS, formatInstant, openedAndNow, parseInstant } from './instants'
import { calendarsOf, optionsOf, planOf, severityOf } from './plans'
import { dueFrom, resolveTarget } from './response'

export type SlaEventInput = { type: 'pause' | 'resume' | 'respond'; at: string }

export interface SlaClock {
  state: 'running' | 'paused' | 'met' | 'at-risk' | 'breached'
  /** the due time shifted by the paused business time; while paused, the due time if the clock resumed now */
  dueAt: string
  /** the due time before any pause */
  baseDueAt: string
  /** business minutes left (frozen while paused; at the response when met); negative when overdue */
  remainingMinutes: number
  /** business minutes the clock spent paused */
  pausedMinutes: number
  respondedAt: string | null
  clock: 'business' | 'calendar'
  calendarId: string
  ruleId: string
  reasons: Reason[]
}

const EVENT_TYPES = ['pause', 'resume', 'respond'] as const

/**
 * The first-response clock (as in Zendesk, Dynamics 365, Jira Service Management): it pauses while the incident
 * waits on the customer and resumes when they answer; the time paused, measured on the target's own clock,
 * moves the due time later. A pause that begins after the due time does not un-breach the incident. A response
 * stops the clock. A pause while paused or a resume while running changes nothing (events may be replayed).
 */
export function slaClock(
  plan: Plan,
  severity: Severity,
  openedAt: string,
  events: SlaEventInput[],
  now: string,
  opts?: { extendedHours?: boolean; calendars?: Record<string, Calendar>; atRiskMinutes?: number },
): SlaClock {
  const p = planOf(plan)
  const sev = severityOf(severity)
  const { opened, at } = openedAndNow(openedAt, now)
  const o = optionsOf(opts, 'opts')
  const extended =
    o.extendedHours === undefined ? false : requireBoolean(o.extendedHours, 'opts.extendedHours')
  const atRisk = atRiskMinutesOf(o.atRiskMinutes)
  const list = requireArray(events, 'events').map((raw, n) => {
    const e = requireObject(raw, `events.${n}`)
    const type = requireOneOf(e.type, EVENT_TYPES, `events.${n}.type`)
    const t = parseInstant(e.at, `events.${n}.at`)
    if (t < opened)
      throw new PolicyInputError(`events.${n}.at`, `${String(e.at)} is before openedAt (${openedAt})`)
    if (t > at) throw new PolicyInputError(`events.${n}.at`, `${String(e.at)} is after now (${now})`)
    return { type, t, n }
  })
  list.sort((a, b) => a.t - b.t || a.n - b.n)

  const resolved = resolveTarget(p, sev, extended, calendarsOf(o.calendars, 'opts.calendars'))
  const { index } = resolved
  const base = dueFrom(resolved, opened)
  let due = base
  let pausedAt: number | null = null
  let pausedMs = 0
  let responded: number | null = null
  /** the business time still left when the current pause began */
  let leftAtPause = 0

  for (const e of list) {
    if (e.type === 'pause' && pausedAt === null) {
      pausedAt = e.t
      leftAtPause = businessMsBetween(index, Math.min(e.t, due), due)
    } else if (e.type === 'resume' && pausedAt !== null) {
      if (pausedAt < due) {
        const shifted = addBusinessMs(index, e.t, leftAtPause)
        pausedMs += businessMsBetween(index, pausedAt, e.t)
        due = Math.max(due, shifted)
      }
      pausedAt = null
    } else if (e.type === 'respond') {
      responded = e.t
      break
    }
  }

  const common = {
    baseDueAt: formatInstant(base),
    clock: resolved.clock,
    calendarId: resolved.calendarId,
    ruleId: resolved.ruleId,
  }
  const minutes = (ms: number) => ms / MINUTE_MS
  const label = resolved.target.label

  if (responded !== null) {
    // a response during a pause that began in time is in time
    const inTime = pausedAt !== null ? pausedAt < due : responded <= due
    const left =
      pausedAt !== null && inTime
        ? leftAtPause
        : inTime
          ? businessMsBetween(index, responded, due)
          : -businessMsBetween(index, due, responded)
    const message = inTime
      ? `Responded in time (${label}).`
      : `Responded after the due time ${formatInstant(due)} (${label}).`
    return {
      ...common,
      state: inTime ? 'met' : 'breached',
      dueAt: formatInstant(due),
      remainingMinutes: minutes(left) || 0,
      pausedMinutes: minutes(
        pausedMs + (pausedAt !== null && pausedAt < due ? businessMsBetween(index, pausedAt, responded) : 0),
      ),
      respondedAt: formatInstant(responded),
      reasons: [{ ruleId: resolved.target.ruleId, message }],
    }
  }

  if (pausedAt !== null && pausedAt < due) {
    const pausedNow = pausedMs + businessMsBetween(index, pausedAt, at)
    return {
      ...common,
      state: 'paused',
      dueAt: formatInstant(Math.max(due, addBusinessMs(index, at, leftAtPause))),
      remainingMinutes: minutes(leftAtPause),
      pausedMinutes: minutes(pausedNow),
      respondedAt: null,
      reasons: [
        {
          ruleId: resolved.target.ruleId,
          message: `Waiting on the customer since ${formatInstant(pausedAt)}: the clock is paused (${label}).`,
        },
      ],
    }
  }

  const risk = riskOf(due, at, atRiskUntilMs(index, at, atRisk))
  const breached = risk === 'breached'
  const left = breached ? -businessMsBetween(index, due, at) : businessMsBetween(index, at, due)
  const state = risk === 'ok' ? 'running' : risk
  const message = breached
    ? `The first response was due at ${formatInstant(due)} (${label}).`
    : `First response due at ${formatInstant(due)}, ${Math.ceil(minutes(left))} business minutes from now (${label}).`
  return {
    ...common,
    state,
    dueAt: formatInstant(due),
    remainingMinutes: minutes(left) || 0,
    pausedMinutes: minutes(pausedMs),
    respondedAt: null,
    reasons: [{ ruleId: resolved.target.ruleId, message }],
  }
}
