/**
 * Support packs (R-PM-5) as the customer screen shows them: the ledger of purchases and of the billable time
 * drawn from them with the running balance, the burn-down series for the chart, and the balance warning. The
 * balance is computed from the entries every time, never stored (design/sync.md), with the policy's rule of
 * what counts (an engineer's override wins over the classification: supportPackBalance).
 */
import type { SupportPack } from '@shared/domain'
import type { TimeEntryRow } from '@shared/mutations'
import { effectiveBillable, supportPackBalance, type PackBalance } from '@shared/policy'

/**
 * The sizes offered when buying, in hours. **Decision**: the PerfectMail seed sells packs "of varying sizes"
 * without naming them; the demo sells 10 hours. These four cover a small fix to a quarter of delegated
 * administration; any other whole number of hours can be typed.
 */
export const PACK_SIZES_HOURS = [5, 10, 20, 40] as const

/** Under this many minutes left (or a fifth of what was bought, whichever is more) the balance is low. */
export const LOW_BALANCE_MINUTES = 60

export type PackLike = Pick<SupportPack, 'id' | 'label' | 'minutesPurchased' | 'purchasedAt'>
export type EntryLike = Pick<
  TimeEntryRow,
  'id' | 'incidentId' | 'userId' | 'minutes' | 'startedAt' | 'billable' | 'billableOverride' | 'supportPackId'
>

export type LedgerLine =
  | {
      kind: 'purchase'
      id: string
      at: string
      packId: string
      label: string
      minutes: number
      balance: number
    }
  | {
      kind: 'entry'
      id: string
      at: string
      packId: string
      incidentId: string
      userId: string
      /** minutes drawn (positive) */
      minutes: number
      balance: number
    }

export interface PackLedger {
  /** oldest first, each with the balance over all the customer's packs after it */
  lines: LedgerLine[]
  purchased: number
  used: number
  remaining: number
  /** each pack's own balance, in the order they are drawn from (oldest first) */
  packs: { pack: PackLike; balance: PackBalance }[]
}

/** Purchases are dated; they count from the start of their day, before any work logged that day. */
function purchaseInstant(date: string): string {
  return `${date.slice(0, 10)}T00:00:00.000Z`
}

export function packLedger(packs: readonly PackLike[], entries: readonly EntryLike[]): PackLedger {
  const ordered = [...packs].sort((a, b) =>
    a.purchasedAt !== b.purchasedAt ? (a.purchasedAt < b.purchasedAt ? -1 : 1) : a.id < b.id ? -1 : 1,
  )
  const ids = new Set(ordered.map((p) => p.id))
  const drawn = entries.filter(
    (e) => e.supportPackId !== null && ids.has(e.supportPackId) && effectiveBillable(e).billable,
  )
  type Event = { at: string; order: number; line: Omit<LedgerLine, 'balance'> }
  const events: Event[] = [
    ...ordered.map((p) => ({
      at: purchaseInstant(p.purchasedAt),
      order: 0,
      line: {
        kind: 'purchase' as const,
        id: p.id,
        at: p.purchasedAt,
        packId: p.id,
        label: p.label,
        minutes: p.minutesPurchased,
      },
    })),
    ...drawn.map((e) => ({
      at: e.startedAt,
      order: 1,
      line: {
        kind: 'entry' as const,
        id: e.id,
        at: e.startedAt,
        packId: e.supportPackId as string,
        incidentId: e.incidentId,
        userId: e.userId,
        minutes: e.minutes,
      },
    })),
  ].sort((a, b) =>
    a.at !== b.at ? (a.at < b.at ? -1 : 1) : a.order - b.order || (a.line.id < b.line.id ? -1 : 1),
  )
  let balance = 0
  const lines = events.map(({ line }) => {
    balance += line.kind === 'purchase' ? line.minutes : -line.minutes
    return { ...line, balance } as LedgerLine
  })
  const purchased = ordered.reduce((n, p) => n + p.minutesPurchased, 0)
  const used = drawn.reduce((n, e) => n + e.minutes, 0)
  return {
    lines,
    purchased,
    used,
    remaining: purchased - used,
    packs: ordered.map((pack) => ({
      pack,
      balance: supportPackBalance(
        pack,
        drawn.filter((e) => e.supportPackId === pack.id),
      ),
    })),
  }
}

export interface BurnPoint {
  /** epoch ms */
  t: number
  /** balance in minutes after the event at t */
  balance: number
}

/**
 * The burn-down: the balance over time as a step series, one point per ledger line, starting at zero just
 * before the first purchase and ending at `nowMs` with the current balance (so a quiet month shows as flat).
 */
export function burnDownSeries(ledger: PackLedger, nowMs: number): BurnPoint[] {
  if (ledger.lines.length === 0) return []
  const points: BurnPoint[] = []
  const first = Date.parse(purchaseInstant(ledger.lines[0]!.at))
  points.push({ t: first, balance: 0 })
  for (const line of ledger.lines) {
    const t = line.kind === 'purchase' ? Date.parse(purchaseInstant(line.at)) : Date.parse(line.at)
    points.push({ t, balance: line.balance })
  }
  const last = points[points.length - 1]!
  if (nowMs > last.t) points.push({ t: nowMs, balance: last.balance })
  return points
}

export type BalanceLevel = 'none' | 'ok' | 'low' | 'negative'

export function balanceLevel(ledger: PackLedger): BalanceLevel {
  if (ledger.packs.length === 0) return 'none'
  if (ledger.remaining < 0) return 'negative'
  if (ledger.remaining < Math.max(LOW_BALANCE_MINUTES, ledger.purchased / 5)) return 'low'
  return 'ok'
}

/** "7 h 30" (hours and minutes, a minus sign when overdrawn). */
export function hours(minutes: number): string {
  const sign = minutes < 0 ? '−' : ''
  const m = Math.abs(minutes)
  return `${sign}${Math.floor(m / 60)} h ${String(m % 60).padStart(2, '0')}`
}

/** The warning shown with the balance, with its rule (R-PM-5); null when the balance is fine. */
export function balanceWarning(ledger: PackLedger): string | null {
  switch (balanceLevel(ledger)) {
    case 'none':
      return 'No support pack: billable work has nothing to draw from. Offer one (R-PM-5).'
    case 'negative':
      return `Overdrawn by ${hours(-ledger.remaining)}: more billable time was logged than was bought. Offer a new pack (R-PM-5).`
    case 'low':
      return `Only ${hours(ledger.remaining)} left of ${hours(ledger.purchased)} bought: offer a new pack before it runs out (R-PM-5).`
    default:
      return null
  }
}

/** The chart's text for screen readers: where the balance started, where it is, and how it got there. */
export function burnDownSummary(ledger: PackLedger, formatDate: (iso: string) => string): string {
  if (ledger.lines.length === 0) return 'No support pack bought yet.'
  const entries = ledger.lines.filter((l) => l.kind === 'entry')
  const purchases = ledger.lines.filter((l) => l.kind === 'purchase')
  const first = ledger.lines[0]!
  const last = ledger.lines[ledger.lines.length - 1]!
  const lowest = Math.min(...ledger.lines.map((l) => l.balance))
  const parts = [
    `${purchases.length} ${purchases.length === 1 ? 'pack' : 'packs'} bought, ${hours(ledger.purchased)} in all, first on ${formatDate(first.at)}.`,
    `${entries.length} billable ${entries.length === 1 ? 'entry' : 'entries'} drew ${hours(ledger.used)}.`,
    `Balance now ${hours(ledger.remaining)}${last.kind === 'entry' ? ` after the last entry on ${formatDate(last.at)}` : ''}.`,
  ]
  if (lowest < 0) parts.push(`Lowest point ${hours(lowest)}.`)
  return parts.join(' ')
}
