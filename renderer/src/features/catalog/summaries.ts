/** One-line summaries of plans and calendars for the catalog's lists and their CSV export. */
import {
  SEVERITIES,
  WEEKDAYS,
  type Calendar,
  type Plan,
  type ResponseTarget,
  type Severity,
} from '@shared/domain'

const dayShort: Record<(typeof WEEKDAYS)[number], string> = {
  mon: 'Mon',
  tue: 'Tue',
  wed: 'Wed',
  thu: 'Thu',
  fri: 'Fri',
  sat: 'Sat',
  sun: 'Sun',
}

/** "Mon–Thu 09:00–17:30; Fri 09:00–16:30": runs of days with the same hours. */
export function hoursSummary(cal: Calendar): string {
  if (cal.alwaysOpen) return '24x7'
  const text = (d: (typeof WEEKDAYS)[number]) => cal.hours[d].map((iv) => `${iv.start}–${iv.end}`).join(', ')
  const parts: string[] = []
  let i = 0
  while (i < WEEKDAYS.length) {
    const t = text(WEEKDAYS[i]!)
    let j = i
    while (j + 1 < WEEKDAYS.length && text(WEEKDAYS[j + 1]!) === t) j++
    if (t) parts.push(`${dayShort[WEEKDAYS[i]!]}${j > i ? `–${dayShort[WEEKDAYS[j]!]}` : ''} ${t}`)
    i = j + 1
  }
  return parts.join('; ') || 'never open'
}

export function holidaysSummary(cal: Calendar): string {
  if (cal.alwaysOpen) return 'open on holidays'
  const parts = cal.holidays.countries.map((c) => `${c} public holidays`)
  const n = cal.holidays.dates.length
  if (n > 0) parts.push(`${n} date${n === 1 ? '' : 's'}`)
  return parts.join(' + ') || 'none stated'
}

export function minutesText(minutes: number): string {
  const h = Math.floor(minutes / 60)
  const m = minutes % 60
  if (h === 0) return `${m} min`
  return m === 0 ? `${h} h` : `${h} h ${String(m).padStart(2, '0')} min`
}

export function targetText(t: ResponseTarget): string {
  if (t.clock === 'next-business-day') return 'next business day'
  return t.clock === 'business'
    ? `${minutesText(t.minutes)} business time`
    : `${minutesText(t.minutes)}, 24x7`
}

export const severityName: Record<Severity, string> = {
  standard: 'Standard',
  priority: 'Priority',
  'business-critical': 'Business-critical',
  emergency: 'Emergency',
}

/** "All: 2 h business time" or "Standard, Priority: …; Emergency: 1 h, 24x7"; "none committed" when empty. */
export function targetsSummary(plan: Plan): string {
  const groups = new Map<string, Severity[]>()
  for (const s of SEVERITIES) {
    const t = plan.responseTargets[s]
    const key = t ? targetText(t) : 'none'
    groups.set(key, [...(groups.get(key) ?? []), s])
  }
  if (groups.size === 1 && groups.has('none')) return 'none committed'
  if (groups.size === 1) return `All: ${[...groups.keys()][0]}`
  return [...groups.entries()]
    .filter(([k]) => k !== 'none')
    .map(([k, list]) => `${list.map((s) => severityName[s]).join(', ')}: ${k}`)
    .join('; ')
}

export function allowancesSummary(plan: Plan): string {
  if (plan.allowances.length === 0) return 'unlimited'
  return plan.allowances.map((a) => `${a.limit} ${a.kind === 'all' ? '' : `${a.kind} `}a year`).join('; ')
}
