/**
 * Support-pack burn-down (R-PM-5): each pack's balance at the end of every day of the period, in the period's
 * zone, so a chart draws one line per pack and its table lists the same numbers. A day before a pack was bought
 * has no value for it (null), not zero: the line starts on the day of purchase.
 */
import { effectiveBillable } from '@shared/policy'
import { instantMs, periodBounds, periodDays, localDate, type Period } from './period'
import type { StatementEntry, StatementPack } from './statement'

export interface BurnDownDay {
  date: string
  /** remaining minutes per pack id at the end of the day; null before the pack was bought */
  remaining: Record<string, number | null>
  /** minutes drawn that day, over every pack */
  drawn: number
}

export interface BurnDown {
  packs: { id: string; label: string }[]
  days: BurnDownDay[]
}

export function packBurnDown(
  packs: readonly StatementPack[],
  entries: readonly StatementEntry[],
  period: Period,
): BurnDown {
  const bounds = periodBounds(period)
  const ordered = [...packs].sort((a, b) =>
    a.purchasedAt < b.purchasedAt ? -1 : a.purchasedAt > b.purchasedAt ? 1 : 0,
  )
  const known = new Set(ordered.map((p) => p.id))
  // drawn minutes per pack, before the period and per day in it
  const before = new Map<string, number>()
  const perDay = new Map<string, Map<string, number>>()
  entries.forEach((e, n) => {
    if (!e.supportPackId || !known.has(e.supportPackId) || !effectiveBillable(e).billable) return
    const t = instantMs(e.startedAt, `entries.${n}.startedAt`)
    if (t >= bounds.endMs) return
    if (t < bounds.startMs) {
      before.set(e.supportPackId, (before.get(e.supportPackId) ?? 0) + e.minutes)
      return
    }
    const day = localDate(t, bounds.zone)
    const m = perDay.get(day) ?? new Map<string, number>()
    m.set(e.supportPackId, (m.get(e.supportPackId) ?? 0) + e.minutes)
    perDay.set(day, m)
  })
  const balance = new Map<string, number>()
  const days = periodDays(bounds).map((date) => {
    const drawnToday = perDay.get(date)
    const remaining: Record<string, number | null> = {}
    let drawn = 0
    for (const p of ordered) {
      const bought = p.purchasedAt.slice(0, 10)
      if (bought > date) {
        remaining[p.id] = null
        continue
      }
      if (!balance.has(p.id)) balance.set(p.id, p.minutesPurchased - (before.get(p.id) ?? 0))
      const today = drawnToday?.get(p.id) ?? 0
      drawn += today
      balance.set(p.id, balance.get(p.id)! - today)
      remaining[p.id] = balance.get(p.id)!
    }
    return { date, remaining, drawn }
  })
  return { packs: ordered.map((p) => ({ id: p.id, label: p.label || 'Support pack' })), days }
}
