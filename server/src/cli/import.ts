/**
 * `import licenses|contacts <file.csv>`: every row becomes the mutation the app would make (license.add,
 * contact.add), all applied in one transaction: a bad row names its line and field, and nothing is imported.
 *
 * Columns (header names; the customer is named by id or by exact name):
 *   contacts: customer, name, email, phone?, named? (yes/no/true/false/1/0)
 *   licenses: customer, product, edition, major, currentMajor, os, purchasedAt (YYYY-MM-DD), minor?, failover?,
 *             licenseKey?, planId? (adds the plan's subscription from purchasedAt)
 */
import { readFileSync } from 'node:fs'
import { v7 as uuidv7 } from 'uuid'
import { mutators } from '@shared/mutations/registry'
import type { MutationCall } from '@shared/mutations/types'
import type { Db } from '../db/connect'
import { applyAllOrNothing, TrustedApplyError } from '../sync/apply-trusted'
import { CsvError, parseCsv, type CsvRecord } from '@shared/csv/parse'
import { cliPrincipal } from './system-user'

export class ImportError extends Error {
  constructor(message: string) {
    super(message)
    this.name = 'ImportError'
  }
}

type Kind = 'licenses' | 'contacts'

const required: Record<Kind, string[]> = {
  contacts: ['customer', 'name', 'email'],
  licenses: ['customer', 'product', 'edition', 'major', 'currentMajor', 'os', 'purchasedAt'],
}

function bool(value: string | undefined, line: number, field: string): boolean | undefined {
  if (value === undefined || value === '') return undefined
  const v = value.toLowerCase()
  if (['yes', 'true', '1', 'y'].includes(v)) return true
  if (['no', 'false', '0', 'n'].includes(v)) return false
  throw new ImportError(`line ${line}, field ${field}: expected yes or no, found "${value}"`)
}

function num(value: string | undefined, line: number, field: string): number | undefined {
  if (value === undefined || value === '') return undefined
  const n = Number(value)
  if (!Number.isFinite(n))
    throw new ImportError(`line ${line}, field ${field}: expected a number, found "${value}"`)
  return n
}

interface RowCalls {
  line: number
  /** CSV column for each args field, to name the column in errors */
  columns: Record<string, string>
  calls: MutationCall[]
}

function callsFor(kind: Kind, r: CsvRecord, customerId: string): RowCalls {
  const v = r.values
  if (kind === 'contacts') {
    const args = {
      id: uuidv7(),
      customerId,
      name: v.name,
      email: v.email,
      phone: v.phone || null,
      named: bool(v.named, r.line, 'named') ?? false,
    }
    return {
      line: r.line,
      columns: { customerId: 'customer', name: 'name', email: 'email', phone: 'phone', named: 'named' },
      calls: [{ name: 'contact.add', mv: mutators['contact.add']!.version, args }],
    }
  }
  const licenseId = uuidv7()
  const args: Record<string, unknown> = {
    id: licenseId,
    customerId,
    product: v.product,
    edition: v.edition,
    major: num(v.major, r.line, 'major'),
    currentMajor: num(v.currentMajor, r.line, 'currentMajor'),
    os: v.os,
    purchasedAt: v.purchasedAt,
  }
  if (v.minor) args.minor = num(v.minor, r.line, 'minor')
  if (v.failover) args.failover = bool(v.failover, r.line, 'failover')
  if (v.licenseKey) args.licenseKey = v.licenseKey
  const calls: MutationCall[] = [{ name: 'license.add', mv: mutators['license.add']!.version, args }]
  if (v.planId) {
    calls.push({
      name: 'subscription.buy',
      mv: mutators['subscription.buy']!.version,
      args: { id: uuidv7(), customerId, licenseId, planId: v.planId, start: v.purchasedAt },
    })
  }
  const columns = Object.fromEntries(Object.keys(args).map((k) => [k, k]))
  return {
    line: r.line,
    columns: { ...columns, customerId: 'customer', planId: 'planId', start: 'purchasedAt' },
    calls,
  }
}

export async function importCsv(db: Db, kind: Kind, file: string): Promise<string> {
  let parsed: ReturnType<typeof parseCsv>
  try {
    parsed = parseCsv(readFileSync(file, 'utf8'))
  } catch (error) {
    if (error instanceof CsvError) throw new ImportError(`${file} ${error.message}`)
    throw new ImportError(`${file}: ${error instanceof Error ? error.message : String(error)}`)
  }
  const missing = required[kind].filter((c) => !parsed.header.includes(c))
  if (missing.length > 0) throw new ImportError(`${file} line 1: missing column(s) ${missing.join(', ')}`)

  // customers by id or exact name (a name that two customers share is ambiguous)
  const customers = await db.read
    .selectFrom('customers')
    .select(['id', 'data'])
    .where('deleted', '=', 0)
    .execute()
  const byName = new Map<string, string[]>()
  for (const c of customers) {
    const name = (
      typeof c.data === 'string' ? (JSON.parse(c.data) as { name?: string }) : (c.data as { name?: string })
    ).name
    if (name) byName.set(name, [...(byName.get(name) ?? []), c.id])
  }
  const ids = new Set(customers.map((c) => c.id))
  const rows: RowCalls[] = parsed.records.map((r) => {
    const ref = r.values.customer ?? ''
    const matches = ids.has(ref) ? [ref] : (byName.get(ref) ?? [])
    if (matches.length === 0)
      throw new ImportError(`${file} line ${r.line}, field customer: no customer "${ref}"`)
    if (matches.length > 1)
      throw new ImportError(
        `${file} line ${r.line}, field customer: "${ref}" names ${matches.length} customers; use the id`,
      )
    return callsFor(kind, r, matches[0]!)
  })
  const calls = rows.flatMap((r) => r.calls)
  const owner = rows.flatMap((r) => r.calls.map(() => r))
  try {
    await applyAllOrNothing(
      db,
      { principal: cliPrincipal('import'), clientId: `cli:import:${kind}`, now: new Date() },
      calls,
    )
  } catch (error) {
    if (error instanceof TrustedApplyError) {
      const row = owner[error.index]!
      const argField = error.error.field?.replace(/^args\./, '')
      const column = argField ? (row.columns[argField.split('.')[0]!] ?? argField) : undefined
      throw new ImportError(
        `${file} line ${row.line}${column ? `, field ${column}` : ''}: ${error.error.message} Nothing was imported.`,
      )
    }
    throw error
  }
  return `Imported ${rows.length} ${kind} from ${file}.`
}
