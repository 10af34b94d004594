/**
 * Plans and calendars: the presets of shared/policy, plus an organisation's own saved in the `plans` and
 * `calendars` tables (admin only). A saved row wins over a preset of the same id, so an organisation can adjust
 * a preset (e.g. the assumed SmarterTools hours, R-CAL-4) by saving a copy.
 */
import { CalendarSchema, deepFreeze, PlanSchema, type Calendar, type Plan } from '@shared/domain'
import { presets } from '@shared/policy'
import { DateTime } from 'luxon'
import { z } from 'zod'
import { baseVersionSchema } from './common'
import { reject } from './errors'
import { defineMutator } from './mutator'
import type { Reader, Tx } from './tx'

const storeOwned = new Set(['version', 'deleted', 'fieldChanges', 'origin'])

function withoutMeta(row: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(row).filter(([k]) => !storeOwned.has(k)))
}

/**
 * Saved plans and calendars parsed once per content: every incident opened or re-evaluated reads its plan and
 * calendars, and parsing them again each time (zod; a calendar's zone check builds an Intl formatter) was a
 * quarter of a demo load's time. The same content also yields the same object, so the policy's per-object
 * caches (planOf, calendarIndex with its opening intervals per day) serve it instead of starting afresh. Keyed
 * by the row's whole JSON text, so a hit is a row with exactly that content; the object is shared, which the
 * domain allows (a plan or calendar is an immutable value, frozen like the presets). Bounded: oldest first out.
 */
const parsedRows = new Map<string, { ok: true; value: unknown } | { ok: false }>()
const parsedRowsLimit = 256

function parseSaved<T>(kind: 'plans' | 'calendars', schema: z.ZodType<T>, row: object): T | undefined {
  const key = `${kind}:${JSON.stringify(row)}`
  let hit = parsedRows.get(key)
  if (hit) {
    parsedRows.delete(key)
  } else {
    const parsed = schema.safeParse(withoutMeta(row as Record<string, unknown>))
    // frozen: the object is handed to every later reader of the same content
    hit = parsed.success ? { ok: true, value: deepFreeze(parsed.data) } : { ok: false }
    if (parsedRows.size >= parsedRowsLimit) parsedRows.delete(parsedRows.keys().next().value as string)
  }
  parsedRows.set(key, hit)
  return hit.ok ? (hit.value as T) : undefined
}

/**
 * A plan or calendar by id: the saved row when there is one (refused while it no longer parses, rather than
 * silently falling back), else the preset of that id.
 */
async function loadEntry<T>(
  reader: Reader,
  kind: 'plans' | 'calendars',
  schema: z.ZodType<T>,
  presetsOfKind: Record<string, T>,
  id: string,
  field: string,
): Promise<T> {
  const what = kind === 'plans' ? 'plan' : 'calendar'
  const row = await reader.get(kind, id)
  if (row && !row.deleted) {
    const parsed = parseSaved(kind, schema, row)
    if (parsed) return parsed
    reject(
      'invalid-state',
      `The saved ${what} ${id} is not valid any more; an administrator must fix it.`,
      field,
    )
  }
  const preset = Object.prototype.hasOwnProperty.call(presetsOfKind, id) ? presetsOfKind[id] : undefined
  if (!preset) reject('not-found', `No ${what} with id ${id}.`, field)
  return preset
}

export async function loadPlan(reader: Reader, planId: string, field: string): Promise<Plan> {
  return loadEntry(reader, 'plans', PlanSchema, presets.plans, planId, field)
}

export async function loadCalendar(reader: Reader, calendarId: string, field: string): Promise<Calendar> {
  return loadEntry(reader, 'calendars', CalendarSchema, presets.calendars, calendarId, field)
}

/** The calendar date of an instant in a zone (`YYYY-MM-DD`): subscription dates are read in the plan's zone. */
export function localDate(instant: string, zone: string): string {
  const d = DateTime.fromISO(instant, { setZone: true }).setZone(zone)
  return d.isValid ? (d.toISODate() as string) : instant.slice(0, 10)
}

/** The calendar date in the zone of the plan's calendar (UTC if the calendar can't be found). */
export async function planToday(reader: Reader, plan: Plan, now: string): Promise<string> {
  const row = await reader.get('calendars', plan.calendarId)
  const zone =
    row && !row.deleted && typeof row['zone'] === 'string'
      ? row['zone']
      : (presets.calendars[plan.calendarId]?.zone ?? 'UTC')
  return localDate(now, zone)
}

/** Writes a whole catalog row: insert, or update every top-level field (conflict-checked with baseVersion). */
async function saveWhole(
  tx: Tx,
  table: 'plans' | 'calendars',
  value: { id: string } & Record<string, unknown>,
  baseVersion: number | undefined,
): Promise<void> {
  const existing = await tx.get(table, value.id)
  if (!existing) {
    await tx.insert(table, value)
    return
  }
  if (existing.deleted) reject('invalid-state', `The ${table} record ${value.id} was deleted.`, 'args')
  const patch = Object.fromEntries(Object.entries(value).filter(([k]) => k !== 'id'))
  // fields the new value no longer has are cleared
  for (const k of Object.keys(withoutMeta(existing))) if (k !== 'id' && !(k in patch)) patch[k] = null
  await tx.update(table, value.id, patch, { baseVersion })
}

export const planSave = defineMutator({
  name: 'plan.save',
  version: 1,
  args: z.object({ plan: PlanSchema, baseVersion: baseVersionSchema.optional() }),
  scope: async () => ({ admin: true }),
  async run(tx, args) {
    await loadCalendar(tx, args.plan.calendarId, 'args.plan.calendarId')
    await saveWhole(tx, 'plans', args.plan, args.baseVersion)
  },
})

export const calendarSave = defineMutator({
  name: 'calendar.save',
  version: 1,
  args: z.object({ calendar: CalendarSchema, baseVersion: baseVersionSchema.optional() }),
  scope: async () => ({ admin: true }),
  async run(tx, args) {
    await saveWhole(tx, 'calendars', args.calendar, args.baseVersion)
  },
})

/**
 * The organisation's own calendars a plan refers to (its calendar, its targets' and its extended hours'), for
 * the policy's `calendars` option; ids not saved here are presets, which the policy finds itself.
 */
export async function calendarsFor(
  reader: Reader,
  plan: Plan,
  extra: string[] = [],
): Promise<Record<string, Calendar>> {
  const wanted = new Set<string>([plan.calendarId, ...extra])
  if (plan.extendedHours) wanted.add(plan.extendedHours.calendarId)
  for (const t of Object.values(plan.responseTargets))
    if (t && 'calendarId' in t && t.calendarId) wanted.add(t.calendarId)
  const out: Record<string, Calendar> = {}
  for (const id of [...wanted].sort()) {
    const row = await reader.get('calendars', id)
    if (!row || row.deleted) continue
    const parsed = parseSaved('calendars', CalendarSchema, row)
    if (parsed) out[id] = parsed
  }
  return out
}
