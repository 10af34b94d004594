/**
 * SLA compliance per plan, severity and team (R-SA-3..5, R-ST-3/4): of the incidents opened in the period, how
 * many got their first response in time (met), how many did not (breached, including those still unanswered
 * past their due time), how many are still running; the median and p90 first-response time on the target's own
 * clock, and the time the clocks spent paused. Every number carries the ids of the incidents behind it.
 *
 * An incident belongs to the period when it was opened on one of its days in the zone of its own plan's calendar.
 * Incidents whose plan commits to no response time for their severity (R-AM-2) are counted apart, not as met.
 */
import type { Severity } from '@shared/domain'
import { SEVERITIES } from '@shared/domain'
import { ReportInputError } from './errors'
import { calendarIn, incidentClock, planIn, type Catalog, type ClockIncident } from './incident-clock'
import { instantMs, periodBounds } from './period'
import { nearestRank } from './percentiles'

export interface SlaIncident extends ClockIncident {
  subject?: string
  planId: string | null
  teamId: string | null
}

export interface SlaInput {
  /** dates YYYY-MM-DD, both included */
  from: string
  to: string
  incidents: readonly SlaIncident[]
  catalog: Catalog
  teams?: Readonly<Record<string, string>>
  now: string
}

export interface SlaIds {
  all: string[]
  met: string[]
  breached: string[]
  open: string[]
}

export interface SlaRow {
  key: string
  planId: string
  plan: string
  severity: Severity
  teamId: string | null
  team: string
  /** the rule of the response target */
  ruleId: string
  incidents: number
  met: number
  breached: number
  open: number
  /** met / (met + breached), null when none is decided yet */
  compliance: number | null
  medianFirstResponseMinutes: number | null
  p90FirstResponseMinutes: number | null
  pausedMinutes: number
  ids: SlaIds
}

export interface SlaReport {
  from: string
  to: string
  rows: SlaRow[]
  total: Omit<SlaRow, 'key' | 'planId' | 'plan' | 'severity' | 'teamId' | 'team' | 'ruleId'>
  /** opened in the period with no response commitment for their severity, or no known plan */
  withoutTarget: string[]
}

function summarise(
  cells: ReadonlyArray<{
    id: string
    state: 'met' | 'breached' | 'open'
    first: number | null
    paused: number
  }>,
) {
  const ids: SlaIds = { all: [], met: [], breached: [], open: [] }
  const firsts: number[] = []
  let paused = 0
  for (const c of cells) {
    ids.all.push(c.id)
    ids[c.state].push(c.id)
    if (c.first !== null && Number.isFinite(c.first)) firsts.push(c.first)
    paused += c.paused
  }
  firsts.sort((a, b) => a - b)
  const decided = ids.met.length + ids.breached.length
  return {
    incidents: ids.all.length,
    met: ids.met.length,
    breached: ids.breached.length,
    open: ids.open.length,
    compliance: decided === 0 ? null : ids.met.length / decided,
    medianFirstResponseMinutes: nearestRank(firsts, 50),
    p90FirstResponseMinutes: nearestRank(firsts, 90),
    pausedMinutes: paused,
    ids,
  }
}

export function slaCompliance(input: SlaInput): SlaReport {
  const nowMs = instantMs(input.now, 'now')
  // the period's bounds in each calendar zone, worked out once per zone
  const boundsByZone = new Map<string, { startMs: number; endMs: number }>()
  const boundsIn = (zone: string) => {
    let b = boundsByZone.get(zone)
    if (!b) {
      b = periodBounds({ from: input.from, to: input.to, zone })
      boundsByZone.set(zone, b)
    }
    return b
  }
  boundsIn('UTC') // checks the dates once, naming `period.from`/`period.to`
  type Cell = { id: string; state: 'met' | 'breached' | 'open'; first: number | null; paused: number }
  const groups = new Map<string, { row: Omit<SlaRow, keyof ReturnType<typeof summarise>>; cells: Cell[] }>()
  const withoutTarget: string[] = []
  const all: Cell[] = []
  const teams = input.teams ?? {}

  input.incidents.forEach((incident, n) => {
    const opened = instantMs(incident.openedAt, `incidents.${n}.openedAt`)
    const plan = planIn(input.catalog, incident.planId)
    const zone = (plan && calendarIn(input.catalog, plan.calendarId)?.zone) ?? 'UTC'
    const b = boundsIn(zone)
    if (opened < b.startMs || opened >= b.endMs) return
    if (!plan) {
      withoutTarget.push(incident.id)
      return
    }
    let read
    try {
      read = incidentClock(incident, plan, input.catalog, nowMs)
    } catch (error) {
      throw new ReportInputError(`incidents.${n}`, error instanceof Error ? error.message : String(error))
    }
    if (!read) {
      withoutTarget.push(incident.id)
      return
    }
    const { clock, firstResponseMinutes } = read
    const state = clock.state === 'met' ? 'met' : clock.state === 'breached' ? 'breached' : 'open'
    const cell: Cell = { id: incident.id, state, first: firstResponseMinutes, paused: clock.pausedMinutes }
    const key = `${plan.id}|${incident.severity}|${incident.teamId ?? ''}`
    let group = groups.get(key)
    if (!group) {
      group = {
        row: {
          key,
          planId: plan.id,
          plan: plan.label,
          severity: incident.severity,
          teamId: incident.teamId,
          team: incident.teamId ? (teams[incident.teamId] ?? incident.teamId) : 'No team',
          ruleId: clock.ruleId,
        },
        cells: [],
      }
      groups.set(key, group)
    }
    group.cells.push(cell)
    all.push(cell)
  })

  const severityOrder = (s: Severity) => SEVERITIES.indexOf(s)
  const rows = [...groups.values()]
    .map((g) => ({ ...g.row, ...summarise(g.cells) }))
    .sort(
      (a, b) =>
        a.plan.localeCompare(b.plan) ||
        severityOrder(b.severity) - severityOrder(a.severity) ||
        a.team.localeCompare(b.team),
    )
  return { from: input.from, to: input.to, rows, total: summarise(all), withoutTarget }
}
