/**
 * Engineer workload: per engineer, the incidents assigned to them that are still open, those of them whose first
 * response is at risk or already overdue (the policy's slaClock: 60 business minutes or fewer left), and the
 * minutes they logged in the period (billable by the policy's rule of what counts).
 */
import { effectiveBillable } from '@shared/policy'
import { calendarIn, incidentClock, planIn, type Catalog, type ClockIncident } from './incident-clock'
import { instantMs, periodBounds, type Period } from './period'

export interface WorkloadIncident extends ClockIncident {
  assigneeId: string | null
  status: string
  planId: string | null
}

export interface WorkloadEntry {
  userId: string
  minutes: number
  startedAt: string
  billable: boolean
  billableOverride?: { billable: boolean; reason: string } | null
}

export interface WorkloadRow {
  engineerId: string
  engineer: string
  open: number
  atRisk: number
  breached: number
  minutesLogged: number
  billableMinutes: number
  ids: { open: string[]; atRisk: string[]; breached: string[] }
}

const DONE = new Set(['resolved', 'closed'])

export function engineerWorkload(input: {
  period: Period
  incidents: readonly WorkloadIncident[]
  entries: readonly WorkloadEntry[]
  catalog: Catalog
  engineers?: Readonly<Record<string, string>>
  now: string
}): WorkloadRow[] {
  const bounds = periodBounds(input.period)
  const nowMs = instantMs(input.now, 'now')
  const names = input.engineers ?? {}
  const rows = new Map<string, WorkloadRow>()
  const rowOf = (id: string) => {
    let r = rows.get(id)
    if (!r) {
      r = {
        engineerId: id,
        engineer: names[id] ?? id,
        open: 0,
        atRisk: 0,
        breached: 0,
        minutesLogged: 0,
        billableMinutes: 0,
        ids: { open: [], atRisk: [], breached: [] },
      }
      rows.set(id, r)
    }
    return r
  }
  for (const incident of input.incidents) {
    if (!incident.assigneeId || DONE.has(incident.status)) continue
    const r = rowOf(incident.assigneeId)
    r.open++
    r.ids.open.push(incident.id)
    const plan = planIn(input.catalog, incident.planId)
    if (!plan || !calendarIn(input.catalog, plan.calendarId)) continue
    const read = incidentClock(incident, plan, input.catalog, nowMs)
    if (read?.clock.state === 'at-risk') {
      r.atRisk++
      r.ids.atRisk.push(incident.id)
    } else if (read?.clock.state === 'breached' && read.clock.respondedAt === null) {
      r.breached++
      r.ids.breached.push(incident.id)
    }
  }
  input.entries.forEach((e, n) => {
    const t = instantMs(e.startedAt, `entries.${n}.startedAt`)
    if (t < bounds.startMs || t >= bounds.endMs) return
    const r = rowOf(e.userId)
    r.minutesLogged += e.minutes
    if (effectiveBillable(e).billable) r.billableMinutes += e.minutes
  })
  return [...rows.values()].sort((a, b) => b.open - a.open || a.engineer.localeCompare(b.engineer))
}
