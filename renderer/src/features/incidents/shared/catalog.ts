/** The plan of a subscription: the organisation's saved row wins over the preset of the same id (as in mutators). */
import { PlanSchema, CalendarSchema, type Calendar, type Plan } from '@shared/domain'
import { presets } from '@shared/policy'

type Loose = Record<string, unknown>

const meta = new Set(['version', 'deleted', 'fieldChanges', 'origin'])
function strip(row: Loose): Loose {
  return Object.fromEntries(Object.entries(row).filter(([k]) => !meta.has(k)))
}

export function planIndex(rows: readonly Loose[]): Map<string, Plan> {
  const out = new Map<string, Plan>(Object.entries(presets.plans))
  for (const row of rows) {
    if (row.deleted) continue
    const parsed = PlanSchema.safeParse(strip(row))
    if (parsed.success) out.set(parsed.data.id, parsed.data)
  }
  return out
}

export function calendarIndex(rows: readonly Loose[]): Record<string, Calendar> {
  const out: Record<string, Calendar> = {}
  for (const row of rows) {
    if (row.deleted) continue
    const parsed = CalendarSchema.safeParse(strip(row))
    if (parsed.success) out[parsed.data.id] = parsed.data
  }
  return out
}
