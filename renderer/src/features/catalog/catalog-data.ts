/**
 * The catalog as the screen lists it: the presets of shared/policy, then the organisation's own saved rows. A saved
 * row wins over the preset of the same id (as in the mutators), and keeps its version for a conflict-checked edit.
 */
import { CalendarSchema, PlanSchema, type Calendar, type Plan } from '@shared/domain'
import { presets } from '@shared/policy'

export interface Entry<T> {
  value: T
  /** one of the vendors' presets: admins duplicate it rather than edit it */
  preset: boolean
  /** the saved row's version, for baseVersion; undefined when only the preset exists */
  version: number | undefined
}

export interface Catalog {
  plans: Entry<Plan>[]
  calendars: Entry<Calendar>[]
  /** every calendar by id, for the policy's `calendars` option and the plan editor's choices */
  calendarById: Record<string, Calendar>
  /** saved rows that no longer pass the schema: listed so an admin knows to fix them */
  invalid: { table: 'plans' | 'calendars'; id: string; problem: string }[]
}

type Loose = Record<string, unknown>
const meta = new Set(['version', 'deleted', 'fieldChanges', 'origin'])
const strip = (row: Loose): Loose => Object.fromEntries(Object.entries(row).filter(([k]) => !meta.has(k)))

function merge<T extends { id: string; label: string }>(
  table: 'plans' | 'calendars',
  preset: Record<string, T>,
  rows: readonly Loose[],
  parse: (
    v: unknown,
  ) =>
    | { success: true; data: T }
    | { success: false; error: { issues: { path: PropertyKey[]; message: string }[] } },
  invalid: Catalog['invalid'],
): Entry<T>[] {
  const byId = new Map<string, Entry<T>>(
    Object.values(preset).map((value) => [value.id, { value, preset: true, version: undefined }]),
  )
  for (const row of rows) {
    if (row.deleted || typeof row.id !== 'string') continue
    const parsed = parse(strip(row))
    if (!parsed.success) {
      const issue = parsed.error.issues[0]
      invalid.push({
        table,
        id: row.id,
        problem: `${issue?.path.map(String).join('.') || 'row'}: ${issue?.message}`,
      })
      continue
    }
    const version = typeof row.version === 'number' ? row.version : undefined
    byId.set(parsed.data.id, { value: parsed.data, preset: row.id in preset, version })
  }
  return [...byId.values()].sort(
    // the organisation's own first: they are the ones an admin comes back to
    (a, b) => Number(a.preset) - Number(b.preset) || a.value.label.localeCompare(b.value.label),
  )
}

export function buildCatalog(planRows: readonly Loose[], calendarRows: readonly Loose[]): Catalog {
  const invalid: Catalog['invalid'] = []
  const calendars = merge(
    'calendars',
    presets.calendars,
    calendarRows,
    (v) => CalendarSchema.safeParse(v),
    invalid,
  )
  const plans = merge('plans', presets.plans, planRows, (v) => PlanSchema.safeParse(v), invalid)
  return {
    plans,
    calendars,
    calendarById: Object.fromEntries(calendars.map((e) => [e.value.id, e.value])),
    invalid,
  }
}
