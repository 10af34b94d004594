/** Plain-language labels and times for the desk. */
import type { IncidentStatus, Severity } from '@shared/domain'

export const severityLabel: Record<Severity, string> = {
  standard: 'Standard',
  priority: 'Priority',
  'business-critical': 'Business-critical',
  emergency: 'Emergency',
}

export const statusLabel: Record<IncidentStatus, string> = {
  new: 'New',
  open: 'Open',
  'waiting-on-customer': 'Waiting on customer',
  resolved: 'Resolved',
  closed: 'Closed',
}

export function humanize(slug: string): string {
  const s = slug.replace(/-/g, ' ')
  return s.charAt(0).toUpperCase() + s.slice(1)
}

export type DueState = 'none' | 'ok' | 'at-risk' | 'breached' | 'met' | 'paused'

const minute = 60_000

/**
 * Where a response deadline stands at `now`. `atRiskUntil` is the latest due time at risk on the deadline's own
 * calendar (RiskHorizon.untilOn, from the rulebook's atRiskUntil): "at risk" has one definition, in shared/policy.
 */
export function dueState(
  dueAt: string | null,
  now: number,
  opts: { responded?: boolean; paused?: boolean; atRiskUntil: number },
): DueState {
  if (!dueAt) return 'none'
  if (opts.responded) return 'met'
  if (opts.paused) return 'paused'
  const due = Date.parse(dueAt)
  if (due < now) return 'breached'
  if (due <= opts.atRiskUntil) return 'at-risk'
  return 'ok'
}

/** "in 2 h 05 min", "12 min ago" */
export function countdown(dueAt: string, now: number): string {
  const diff = Date.parse(dueAt) - now
  const text = duration(Math.abs(diff))
  return diff >= 0 ? `in ${text}` : `${text} overdue`
}

export function duration(ms: number): string {
  const totalMinutes = Math.floor(ms / minute)
  const days = Math.floor(totalMinutes / (24 * 60))
  const hours = Math.floor((totalMinutes % (24 * 60)) / 60)
  const minutes = totalMinutes % 60
  if (days > 0) return `${days} d ${hours} h`
  if (hours > 0) return `${hours} h ${String(minutes).padStart(2, '0')} min`
  return `${minutes} min`
}

/** For a narrow cell: whole days once it is a day or more ("46 d"), else as duration ("3 h 05 min"). */
export function shortDuration(ms: number): string {
  const days = Math.floor(ms / (24 * 60 * minute))
  return days > 0 ? `${days} d` : duration(ms)
}

export function relativeTime(iso: string, now: number): string {
  const diff = now - Date.parse(iso)
  if (diff < minute) return 'just now'
  return `${duration(diff)} ago`
}

const dateTime = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'short' })

export function formatInstant(iso: string | null | undefined): string {
  if (!iso) return '—'
  return dateTime.format(new Date(iso))
}

export function formatMinutes(minutes: number): string {
  const sign = minutes < 0 ? '−' : ''
  const m = Math.abs(minutes)
  return `${sign}${Math.floor(m / 60)} h ${String(m % 60).padStart(2, '0')}`
}

/** The short form engineers read out on the phone: the last 6 characters of the UUID (its random part: a UUIDv7 starts with the time, so prefixes repeat). */
export function shortId(id: string): string {
  return id.slice(-6).toUpperCase()
}
