/**
 * The rows a report reads, from SQL: the same tables the sync server serves, read on the read connection. The
 * figures themselves are shared/reports', so the CLI's statement is the app's.
 */
import type { Customer, Incident, Subscription, SupportPack, TimeEntry } from '@shared/domain'
import { catalogOf, statementRows, type Catalog, type StatementRows } from '@shared/reports'
import { sql } from 'kysely'
import type { Db } from '../db/connect'
import type { SqlEntityTable } from '../db/tables'
import { dataText, rowFrom } from '../sync/sql-store'

export class ReportError extends Error {
  override name = 'ReportError'
}

/** Live rows as the app sees them (the server-owned fields are columns, not in `data`: sync/sql-store rowFrom). */
async function rowsOf<T>(db: Db, table: SqlEntityTable, customerId?: string): Promise<T[]> {
  let q = db.read
    .selectFrom(table)
    .select(['id', 'version', 'deleted', dataText(db.dialect).as('data')])
    .where('deleted', '=', 0)
  if (customerId !== undefined) q = q.where('customer_id', '=', customerId)
  return (await q.execute()).map((r) => rowFrom(r) as T)
}

export async function readCatalog(db: Db): Promise<Catalog> {
  const [plans, calendars] = await Promise.all([rowsOf(db, 'plans'), rowsOf(db, 'calendars')])
  return catalogOf(plans, calendars)
}

/** Engineers by id, named by their username. */
export async function readEngineers(db: Db): Promise<Record<string, string>> {
  const users = await db.read.selectFrom('users').select(['id', 'username']).execute()
  return Object.fromEntries(users.map((u) => [u.id, u.username]))
}

export async function readTeams(db: Db): Promise<Record<string, string>> {
  const teams = await db.read.selectFrom('teams').select(['id', 'name']).execute()
  return Object.fromEntries(teams.map((t) => [t.id, t.name]))
}

/** The customer named by id or exact name; several of the same name must be told apart by id. */
export async function findCustomer(db: Db, nameOrId: string): Promise<Customer> {
  const all = await rowsOf<Customer>(db, 'customers')
  const byId = all.find((c) => c.id === nameOrId)
  if (byId) return byId
  const named = all.filter((c) => c.name === nameOrId)
  if (named.length === 1) return named[0]!
  if (named.length > 1)
    throw new ReportError(`--customer: ${named.length} customers are named "${nameOrId}"; give the id`)
  throw new ReportError(`--customer: no customer has the id or name "${nameOrId}"`)
}

/** A statement's rows (the same shape as the app's), and the engineers' names its lines show. */
export interface CustomerRows extends StatementRows {
  engineers: Record<string, string>
}

export async function readCustomerRows(db: Db, nameOrId: string): Promise<CustomerRows> {
  const customer = await findCustomer(db, nameOrId)
  const [packs, incidents, entries, subscriptions, catalog, engineers] = await Promise.all([
    rowsOf<SupportPack>(db, 'support_packs', customer.id),
    rowsOf<Incident>(db, 'incidents', customer.id),
    rowsOf<TimeEntry>(db, 'time_entries', customer.id),
    rowsOf<Subscription>(db, 'subscriptions', customer.id),
    readCatalog(db),
    readEngineers(db),
  ])
  return { ...statementRows({ customer, packs, incidents, entries, subscriptions, catalog }), engineers }
}

const dayMs = 86_400_000

/**
 * The incidents whose `openedAt` text falls in [lo, hi), through the index of migration 0018 (the same
 * expression). Instants are ISO strings, which sort as text only in one offset: the caller widens the range by
 * a day (more than any offset) and checks each row's instant exactly.
 */
export function incidentsOpenedBetweenQuery(db: Db, lo: string, hi: string) {
  const openedAt =
    db.dialect === 'postgres'
      ? sql<string>`data ->> 'openedAt'`
      : sql<string>`json_extract(data, '$.openedAt')`
  return db.read
    .selectFrom('incidents')
    .select(['id', 'version', 'deleted', dataText(db.dialect).as('data')])
    .where('deleted', '=', 0)
    .where(openedAt, '>=', lo)
    .where(openedAt, '<', hi)
}

async function incidentsOpenedBetween(db: Db, lo: string, hi: string): Promise<Incident[]> {
  const rows = await incidentsOpenedBetweenQuery(db, lo, hi).execute()
  return rows.map((r) => rowFrom(r) as Incident)
}

/** Every incident opened from a day before `from` to a day after `to` (each plan's zone then decides). */
export async function readSlaRows(db: Db, from: string, to: string) {
  const lo = Date.parse(`${from}T00:00:00Z`) - dayMs
  const hi = Date.parse(`${to}T00:00:00Z`) + 2 * dayMs
  // a period that isn't dates reads nothing here: slaCompliance refuses it, naming the option
  const valid = Number.isFinite(lo) && Number.isFinite(hi)
  const [incidents, subscriptions, customers, catalog, teams] = await Promise.all([
    valid
      ? incidentsOpenedBetween(db, new Date(lo - dayMs).toISOString(), new Date(hi + dayMs).toISOString())
      : [],
    rowsOf<Subscription>(db, 'subscriptions'),
    rowsOf<Customer>(db, 'customers'),
    readCatalog(db),
    readTeams(db),
  ])
  const inWindow = incidents.filter((i) => {
    const t = Date.parse(i.openedAt)
    return t >= lo && t < hi
  })
  return { incidents: inWindow, subscriptions, customers, catalog, teams }
}
