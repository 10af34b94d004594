import type { Reason } from '../domain'
import { effectiveBillableAt } from './billing'
import { requireArray, requireNumber, requireObject } from './errors'

export interface PackBalance {
  purchased: number
  used: number
  /** purchased − used; negative when overdrawn */
  remaining: number
  overdrawn: boolean
  reasons: Reason[]
}

/**
 * R-PM-5: what was bought minus the billable time logged against it. An entry's override wins over its
 * classification. Computed from the entries every time, never stored (design/sync.md).
 */
export function supportPackBalance(
  pack: { minutesPurchased: number },
  entries: Array<{
    minutes: number
    billable: boolean
    billableOverride?: { billable: boolean; reason: string } | null
  }>,
): PackBalance {
  const p = requireObject(pack, 'pack')
  const purchased = requireNumber(p.minutesPurchased, 'pack.minutesPurchased', { min: 0 })
  let used = 0
  requireArray(entries, 'entries').forEach((entry, n) => {
    const e = requireObject(entry, `entries.${n}`)
    const minutes = requireNumber(e.minutes, `entries.${n}.minutes`, { min: 0 })
    if (effectiveBillableAt(e, `entries.${n}`).billable) used += minutes
  })
  const remaining = purchased - used
  const overdrawn = remaining < 0
  const message = overdrawn
    ? `The pack is overdrawn by ${-remaining} minutes: ${used} billable minutes against ${purchased} bought.`
    : `${remaining} of ${purchased} minutes left (${used} billable minutes used).`
  return { purchased, used, remaining, overdrawn, reasons: [{ ruleId: 'R-PM-5', message }] }
}
