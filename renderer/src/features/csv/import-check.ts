/**
 * The import screen's check, before anything is written: the shared row checks (shared/csv/import-rows.ts), then
 * every row run, in file order, through the very mutators the engine will run, on a scratch copy of the rows
 * they read. A row the engine would refuse (a customer of another team, an unknown plan) is named here, with
 * its line and column, and nothing is written until every row passes.
 */
import {
  columnOf,
  planImport,
  type ImportKind,
  type ImportPlan,
  type ImportProblem,
  type ImportRow,
} from '@shared/csv/import-rows'
import { MemoryStore, applyMutation, type StoredRow, type TableName } from '@shared/mutations'
import type { Reason } from '@shared/domain'
import { withoutTombstones } from '../../data/db/live-rows'

export interface ImportActor {
  userId: string
  role: 'admin' | 'engineer'
  teamIds: string[]
}

/** A row that will be written, but not quite as asked (D-2: kept non-named over the cap). */
export interface ImportWarning {
  line: number
  flags: string[]
  reasons: Reason[]
}

export interface ImportCheck extends ImportPlan {
  warnings: ImportWarning[]
}

/** The rows the mutators read while importing: the customers, the plans, and what the named customers own. */
export type ImportSeed = Partial<Record<TableName, readonly StoredRow[]>>

export async function checkImport(
  kind: ImportKind,
  text: string,
  source: {
    /** every customer row the user has */
    customers: readonly StoredRow[]
    /** the plans that exist (presets and saved) */
    planIds: ReadonlySet<string>
    /** the other rows the mutators read (plans, and the contacts, subscriptions, licenses of these customers) */
    owned: (customerIds: string[]) => Promise<ImportSeed>
  },
  actor: ImportActor,
  opts: { now: string; newId: () => string },
): Promise<ImportCheck> {
  const alive = withoutTombstones(source.customers)
  const customers = alive.map((c) => ({ id: c.id, name: typeof c.name === 'string' ? c.name : '' }))
  const plan = planImport(kind, text, { customers, planIds: source.planIds }, opts.newId)
  const warnings: ImportWarning[] = []
  if (plan.rows.length === 0) return { ...plan, warnings }

  const store = new MemoryStore({ stampVersions: false })
  store.seed('customers', [...alive])
  const seed = await source.owned(customersOf(plan.rows))
  for (const [table, rows] of Object.entries(seed)) store.seed(table as TableName, [...(rows ?? [])])
  const problems: ImportProblem[] = [...plan.problems]
  let mid = 0
  for (const row of plan.rows) {
    for (const call of row.calls) {
      const outcome = await applyMutation(store, call, {
        ...actor,
        now: opts.now,
        clientId: 'import-check',
        mid: ++mid,
      })
      if (outcome.status === 'rejected') {
        const field = columnOf(kind, outcome.error.field)
        problems.push({ line: row.line, ...(field ? { field } : {}), message: outcome.error.message })
        break
      }
      if (outcome.flags.length > 0)
        warnings.push({ line: row.line, flags: outcome.flags, reasons: outcome.reasons })
    }
  }
  problems.sort((a, b) => a.line - b.line)
  return { ...plan, problems, warnings }
}

/** The customers a checked file names: only their rows need seeding for the dry run. */
export function customersOf(rows: readonly ImportRow[]): string[] {
  return [...new Set(rows.map((r) => r.customerId))]
}
