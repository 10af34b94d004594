/**
 * `import licenses|contacts <file.csv>`: every row becomes the mutation the app would make (license.add,
 * contact.add), all applied in one transaction: a bad row names its line and field, and nothing is imported.
 * The columns and the row checks are shared with the app's import screen (shared/csv/import-rows.ts):
 *
 *   contacts: customer, name, email, phone?, named? (yes/no/true/false/1/0)
 *   licenses: customer, product, edition, major, currentMajor, os, purchasedAt (YYYY-MM-DD), minor?, failover?,
 *             licenseKey?, planId? (adds the plan's subscription from purchasedAt)
 * The customer is named by id or by exact name.
 */
import { readFileSync } from 'node:fs'
import { v7 as uuidv7 } from 'uuid'
import { columnOf, planImport, problemText, type ImportKind } from '@shared/csv/import-rows'
import type { Db } from '../db/connect'
import { applyAllOrNothing, TrustedApplyError } from '../sync/apply-trusted'
import { cliPrincipal } from './system-user'

export class ImportError extends Error {
  constructor(message: string) {
    super(message)
    this.name = 'ImportError'
  }
}

function nameOf(data: unknown): string | undefined {
  const row = (typeof data === 'string' ? JSON.parse(data) : data) as { name?: unknown } | null
  return typeof row?.name === 'string' ? row.name : undefined
}

export async function importCsv(db: Db, kind: ImportKind, file: string): Promise<string> {
  let text: string
  try {
    text = readFileSync(file, 'utf8')
  } catch (error) {
    throw new ImportError(`${file}: ${error instanceof Error ? error.message : String(error)}`)
  }
  const customers = await db.read
    .selectFrom('customers')
    .select(['id', 'data'])
    .where('deleted', '=', 0)
    .execute()
  const plan = planImport(
    kind,
    text,
    { customers: customers.map((c) => ({ id: c.id, name: nameOf(c.data) ?? '' })) },
    uuidv7,
  )
  if (plan.problems.length > 0) {
    const more = plan.problems.length > 1 ? ` (and ${plan.problems.length - 1} more problem(s))` : ''
    throw new ImportError(`${file} ${problemText(plan.problems[0]!)}${more}. Nothing was imported.`)
  }
  const calls = plan.rows.flatMap((r) => r.calls)
  const owner = plan.rows.flatMap((r) => r.calls.map(() => r))
  try {
    await applyAllOrNothing(
      db,
      { principal: cliPrincipal('import'), clientId: `cli:import:${kind}`, now: new Date() },
      calls,
    )
  } catch (error) {
    if (error instanceof TrustedApplyError) {
      const row = owner[error.index]!
      const column = columnOf(kind, error.error.field)
      throw new ImportError(
        `${file} ${problemText({ line: row.line, ...(column ? { field: column } : {}), message: error.error.message })} Nothing was imported.`,
      )
    }
    throw error
  }
  return `Imported ${plan.rows.length} ${kind} from ${file}.`
}
