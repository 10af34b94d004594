/** Helpers the mutators share: arg schemas, dates, access to a second customer, timeline events. */
import { z } from 'zod'
import { reject } from './errors'
import { scopeOfRow, type Scope } from './mutator'
import type { Reader, Row, Tx } from './tx'
import type { MutationContext } from './types'

/**
 * A new row of a domain entity: everything but what the store owns. Rows that belong to a customer also carry
 * `customerId` (denormalised where the domain schema has none) so that permission checks, pull scoping and
 * Dexie indexes need no join.
 */
export type NewRow<T> = Omit<T, 'version' | 'deleted'>

/** The customer of an incident (for `scope`). */
export function scopeOfIncident(
  reader: Reader,
  incidentId: string,
  field = 'args.incidentId',
): Promise<Scope> {
  return scopeOfRow(reader, 'incidents', incidentId, field)
}

/** Row ids: UUIDs made by the client (v7), or derived (v8, ids.ts). */
export const idSchema = z.uuid()
/** `YYYY-MM-DD` */
export const dateSchema = z.iso.date()
/** ISO-8601 instant, any offset */
export const instantSchema = z.iso.datetime({ offset: true })
/** The row version the client saw when it edited a field (design/sync.md `baseVersion`). */
export const baseVersionSchema = z.number().int().nonnegative()
export const textSchema = (max: number) => z.string().trim().min(1).max(max)

/** The calendar date (UTC) of an instant. */
export function dateOf(instant: string): string {
  return new Date(Date.parse(instant)).toISOString().slice(0, 10)
}

/** An instant as a UTC ISO string (the form rows store). */
export function utc(instant: string): string {
  return new Date(Date.parse(instant)).toISOString()
}

/** The earlier of two instants. */
export function minInstant(a: string, b: string): string {
  return Date.parse(a) <= Date.parse(b) ? a : b
}

/** For a mutation that involves a second customer (a transfer): the user must be allowed on it too. */
export async function requireCustomerAccess(
  tx: Tx,
  customerId: string,
  field: string,
  ctx: MutationContext,
): Promise<Row<{ teamId?: string }>> {
  const customer = await tx.require<{ teamId?: string }>('customers', customerId, field, 'customer')
  if (
    ctx.role !== 'admin' &&
    (typeof customer.teamId !== 'string' || !ctx.teamIds.includes(customer.teamId))
  ) {
    reject('forbidden', "This customer belongs to another team: you can't change its records.", field)
  }
  return customer
}

/** A row that points at a customer must point at the mutation's customer (no cross-customer links). */
export function requireSameCustomer(
  row: { readonly [field: string]: unknown },
  customerId: string,
  field: string,
  what: string,
): void {
  if (row['customerId'] !== customerId) reject('invalid', `This ${what} belongs to another customer.`, field)
}

export type EventKind =
  | 'opened'
  | 'comment'
  | 'response'
  | 'status'
  | 'assigned'
  | 'severity'
  | 'sla-paused'
  | 'sla-resumed'
  | 'resolved'
  | 'reopened'
  | 'escalated'
  | 'over-allowance-action'
  | 'remote-access-granted'
  | 'remote-access-revoked'
  | 'kb-linked'
  | 'anomaly-reported'
  | 'mail-in'

/**
 * A row of an incident's timeline (`incidentEvents`). shared/domain has no schema for it yet: this is the shape
 * the mutators write.
 */
export interface IncidentEventRow {
  id: string
  incidentId: string
  customerId: string
  kind: EventKind
  visibility: 'internal' | 'external'
  body: string | null
  /** what changed, per kind (e.g. `{ from, to }` for status, `{ agreementId }`, `{ level, role }`) */
  data: Record<string, unknown>
  at: string
  /** userId */
  by: string
}

export interface IncidentEventInput {
  kind: EventKind
  /** internal events are never shown to the customer; comments choose */
  visibility?: 'internal' | 'external'
  body?: string | null
  data?: Record<string, unknown>
  /** the client's id for a comment; other events get a derived id */
  id?: string
}

/** Appends a row to the incident's timeline (incidentEvents). */
export async function addIncidentEvent(
  tx: Tx,
  incident: { id: string; customerId: unknown },
  event: IncidentEventInput,
): Promise<string> {
  const id = event.id ?? tx.newDerivedId(`incidentEvents:${incident.id}:${event.kind}`)
  await tx.insert('incidentEvents', {
    id,
    incidentId: incident.id,
    customerId: incident.customerId,
    kind: event.kind,
    visibility: event.visibility ?? 'internal',
    body: event.body ?? null,
    data: event.data ?? {},
    at: utc(tx.ctx.now),
    by: tx.ctx.userId,
  })
  return id
}
