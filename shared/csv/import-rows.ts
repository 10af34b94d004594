/**
 * CSV rows → the mutations the app would make (license.add, contact.add), checked before anything is written.
 * ONE module for the server CLI (`caseload import`) and the app's import screen, so a file accepted by one is
 * accepted by the other, with the same messages.
 *
 * Every row is checked and every problem is kept (not only the first): the import screen lists them all with
 * their line and column. Checks here are the ones that need no database beyond the lookups passed in: the
 * header, the customer (by id or exact name), yes/no and number cells, the plan, and each mutator's own argument
 * schema (so a bad email or date is named here, with its column, rather than by the first failing write).
 */
import type { z } from 'zod'
import { contactAdd } from '../mutations/contacts'
import { licenseAdd } from '../mutations/licenses'
import type { TypedMutationCall } from '../mutations/registry'
import { CsvError, parseCsv, type CsvRecord } from './parse'

export type ImportKind = 'licenses' | 'contacts'

export interface ImportColumns {
  required: readonly string[]
  optional: readonly string[]
  /** what each column holds, for the screen and the CLI help */
  help: Readonly<Record<string, string>>
  /** a small file that imports as is into the demo data */
  sample: string
}

export const importColumns: Readonly<Record<ImportKind, ImportColumns>> = {
  contacts: {
    required: ['customer', 'name', 'email'],
    optional: ['phone', 'named'],
    help: {
      customer: 'customer id or exact name',
      name: 'full name',
      email: 'email address',
      phone: 'optional',
      named: 'yes/no (default no); over the plan’s cap the contact is kept non-named (D-2)',
    },
    sample: 'customer,name,email,phone,named\nAcme Mail,Zoe Zed,zoe@acme.test,+33 1 23 45 67 89,yes\n',
  },
  licenses: {
    required: ['customer', 'product', 'edition', 'major', 'currentMajor', 'os', 'purchasedAt'],
    optional: ['minor', 'failover', 'licenseKey', 'planId'],
    help: {
      customer: 'customer id or exact name',
      product: 'product name',
      edition: 'edition name',
      major: 'major version bought (a whole number)',
      currentMajor: 'the product’s latest major today (R-ST-5)',
      os: 'operating system (R-AM-4)',
      purchasedAt: 'YYYY-MM-DD',
      minor: 'whole number (default 0)',
      failover: 'yes/no (default no; R-ST-7)',
      licenseKey: 'optional',
      planId: 'plan bought with it, from the purchase date (R-ST-1)',
    },
    sample:
      'customer,product,edition,major,currentMajor,os,purchasedAt,failover,licenseKey,planId\nAcme Mail,SMTPmail,Standard,5,5,windows,2026-01-10,no,SMTP-0001,softartisans-gold\n',
  },
}

/** One problem in the file: its line (1 = the header), the CSV column when one is to blame, and why. */
export interface ImportProblem {
  line: number
  field?: string
  message: string
}

/** `line 3, field email: …`: how the CLI and the screen say it. */
export function problemText(p: ImportProblem): string {
  return `line ${p.line}${p.field ? `, field ${p.field}` : ''}: ${p.message}`
}

export interface ImportRow {
  line: number
  /** the customer the row resolved to */
  customerId: string
  /** what the row says, for the preview */
  label: string
  /** the row's mutations, in order (one per row: each row is written atomically) */
  calls: ImportCall[]
}

/** a row's mutation, with its args as its mutator's schema read them (typed: `engine.mutateAll` checks them) */
export type ImportCall = TypedMutationCall & { mv: number }

export interface ImportLookups {
  /** the customers the importer can see (deleted ones left out) */
  customers: ReadonlyArray<{ id: string; name: string }>
  /** the plans that exist (presets and saved ones); without it, plans are checked when written */
  planIds?: ReadonlySet<string>
}

export interface ImportPlan {
  rows: ImportRow[]
  problems: ImportProblem[]
  /** rows in the file (good and bad) */
  total: number
}

/** Which CSV column an argument of a row's mutation comes from (for naming it in errors). */
const columnOfArg: Record<ImportKind, Record<string, string>> = {
  contacts: { customerId: 'customer', name: 'name', email: 'email', phone: 'phone', named: 'named' },
  licenses: {
    customerId: 'customer',
    product: 'product',
    edition: 'edition',
    major: 'major',
    minor: 'minor',
    currentMajor: 'currentMajor',
    os: 'os',
    failover: 'failover',
    purchasedAt: 'purchasedAt',
    licenseKey: 'licenseKey',
    includedSubscription: 'planId',
  },
}

/** The CSV column behind a mutation error's field (`args.email` → `email`), or undefined when none is. */
export function columnOf(kind: ImportKind, field: string | undefined): string | undefined {
  if (!field) return undefined
  const top = field.replace(/^args\./, '').split('.')[0] ?? ''
  return columnOfArg[kind][top]
}

type Cell = { ok: true; value: unknown } | { ok: false; message: string }

function yesNo(value: string): Cell {
  const v = value.toLowerCase()
  if (['yes', 'true', '1', 'y'].includes(v)) return { ok: true, value: true }
  if (['no', 'false', '0', 'n'].includes(v)) return { ok: true, value: false }
  return { ok: false, message: `expected yes or no, found "${value}"` }
}

function wholeNumber(value: string): Cell {
  const n = Number(value)
  if (value === '' || !Number.isFinite(n))
    return { ok: false, message: `expected a number, found "${value}"` }
  if (!Number.isInteger(n) || n < 0)
    return { ok: false, message: `expected a whole number (0 or more), found "${value}"` }
  return { ok: true, value: n }
}

function customerOf(ref: string, lookups: ImportLookups): Cell {
  if (ref === '') return { ok: false, message: 'no customer given: give its id or exact name' }
  if (lookups.customers.some((c) => c.id === ref)) return { ok: true, value: ref }
  const named = lookups.customers.filter((c) => c.name === ref)
  if (named.length === 0) return { ok: false, message: `no customer "${ref}"` }
  if (named.length > 1) return { ok: false, message: `"${ref}" names ${named.length} customers; use the id` }
  return { ok: true, value: named[0]!.id }
}

/** Checks one record and builds its call, or lists every problem it has. */
function planRow(
  kind: ImportKind,
  r: CsvRecord,
  lookups: ImportLookups,
  newId: () => string,
): { row: ImportRow | null; problems: ImportProblem[] } {
  const v = r.values
  const problems: ImportProblem[] = []
  const cell = (field: string, c: Cell): unknown => {
    if (c.ok) return c.value
    problems.push({ line: r.line, field, message: c.message })
    return undefined
  }
  const optional = (field: string, parse: (s: string) => Cell): unknown =>
    v[field] ? cell(field, parse(v[field])) : undefined
  const customerId = cell('customer', customerOf(v.customer ?? '', lookups)) as string | undefined

  let call: ImportCall | null
  let issues: z.core.$ZodIssue[]
  let label: string
  if (kind === 'contacts') {
    const args: Record<string, unknown> = {
      id: newId(),
      customerId,
      name: v.name,
      email: v.email,
      phone: v.phone || null,
      named: optional('named', yesNo) ?? false,
    }
    // the mutator's own schema names what is left (email, lengths); its output is what will be written
    const parsed = contactAdd.args.safeParse(args)
    call = parsed.success ? { name: 'contact.add', mv: contactAdd.version, args: parsed.data } : null
    issues = parsed.success ? [] : parsed.error.issues
    label = `${v.name ?? ''} <${v.email ?? ''}>`
  } else {
    const args: Record<string, unknown> = {
      id: newId(),
      customerId,
      product: v.product,
      edition: v.edition,
      major: cell('major', wholeNumber(v.major ?? '')),
      currentMajor: cell('currentMajor', wholeNumber(v.currentMajor ?? '')),
      os: v.os,
      purchasedAt: v.purchasedAt,
    }
    const minor = optional('minor', wholeNumber)
    if (minor !== undefined) args.minor = minor
    const failover = optional('failover', yesNo)
    if (failover !== undefined) args.failover = failover
    if (v.licenseKey) args.licenseKey = v.licenseKey
    if (v.planId) {
      if (lookups.planIds && !lookups.planIds.has(v.planId))
        problems.push({ line: r.line, field: 'planId', message: `no plan "${v.planId}"` })
      // the subscription a new license comes with (R-ST-1), in the same mutation as the license
      args.includedSubscription = { id: newId(), planId: v.planId }
    }
    // as above: dates, lengths, major ≤ currentMajor
    const parsed = licenseAdd.args.safeParse(args)
    call = parsed.success ? { name: 'license.add', mv: licenseAdd.version, args: parsed.data } : null
    issues = parsed.success ? [] : parsed.error.issues
    label = `${v.product ?? ''} ${v.edition ?? ''} ${v.major ?? ''}`.trim()
  }

  // what the mutator's schema refused, by column; a column already named above is not named twice
  const blamed = new Set(problems.map((p) => p.field))
  for (const issue of issues) {
    const column = columnOf(kind, issue.path.map(String).join('.'))
    if (blamed.has(column)) continue
    blamed.add(column)
    const raw = column ? v[column] : undefined
    const message =
      raw === undefined || raw === '' ? 'required: the cell is empty' : `${issue.message} (found "${raw}")`
    problems.push({ line: r.line, ...(column ? { field: column } : {}), message })
  }
  if (problems.length > 0 || customerId === undefined || call === null) return { row: null, problems }
  return { row: { line: r.line, customerId, label, calls: [call] }, problems }
}

/**
 * Reads a CSV file of `kind` and checks every row. Nothing is written: the caller applies `rows` only when
 * `problems` is empty (all or nothing).
 */
export function planImport(
  kind: ImportKind,
  text: string,
  lookups: ImportLookups,
  newId: () => string,
): ImportPlan {
  let parsed: ReturnType<typeof parseCsv>
  try {
    parsed = parseCsv(text)
  } catch (error) {
    if (error instanceof CsvError)
      return {
        rows: [],
        total: 0,
        problems: [{ line: error.line, message: error.message.replace(/^line \d+: /, '') }],
      }
    throw error
  }
  const missing = importColumns[kind].required.filter((c) => !parsed.header.includes(c))
  if (missing.length > 0) {
    return {
      rows: [],
      total: parsed.records.length,
      problems: missing.map((c) => ({ line: 1, field: c, message: `missing column ${c}` })),
    }
  }
  if (parsed.records.length === 0)
    return { rows: [], total: 0, problems: [{ line: 2, message: 'the file has a header but no rows' }] }
  const rows: ImportRow[] = []
  const problems: ImportProblem[] = []
  for (const record of parsed.records) {
    const planned = planRow(kind, record, lookups, newId)
    if (planned.row) rows.push(planned.row)
    problems.push(...planned.problems)
  }
  return { rows, problems, total: parsed.records.length }
}
