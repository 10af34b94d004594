/**
 * The types every mutator, the server and the client share: the context a mutation runs in and the outcome
 * it resolves to (design/sync.md, "Push").
 */
import type { ErrorDetail } from '../protocol/errors'
import type { Reason } from '../protocol/reasons'
import type { RowRef } from '../protocol/rows'
import type { TableName } from './store'

export type { Reason, RowRef }

export type Role = 'admin' | 'engineer'

/**
 * Who runs the mutation, and when. On the server: the authenticated user and the server's clock; on the client:
 * the signed-in user and the client's clock (its result is provisional). Mutators never read a clock (D-4).
 */
export interface MutationContext {
  userId: string
  role: Role
  /** the teams whose customers this user may touch (admins touch everything) */
  teamIds: string[]
  /** ISO-8601 instant */
  now: string
  clientId: string
  /** the mutation's id within its client (design/sync.md); with clientId, the identity of one mutation */
  mid: number
}

/**
 * Permanent refusals. A client shows the message and, where there is one, what the user can do.
 * - `invalid`: args (or context) failed validation; `field` names the path, e.g. `args.minutes`
 * - `unknown-mutator`, `unsupported-version` ("update Caseload")
 * - `forbidden`: outside the user's teams, or admin-only
 * - `not-found`: a row the args point at does not exist (or is deleted)
 * - `duplicate-id`: a create whose id already holds a different row
 * - `invalid-state`: the row is not in a state that allows this (e.g. commenting a closed incident)
 * - business rules: `remote-access-required` (R-ST-6), `consent-required` (R-ST-9),
 *   `estimate-not-accepted` (R-AM-3), `patch-os-mismatch` (R-AM-4). Entitlement, allowances and caps are never
 *   refusals: the row is kept and flagged (D-2).
 */
export type MutationErrorCode =
  | 'invalid'
  | 'unknown-mutator'
  | 'unsupported-version'
  | 'forbidden'
  | 'not-found'
  | 'duplicate-id'
  | 'invalid-state'
  | 'remote-access-required'
  | 'consent-required'
  | 'estimate-not-accepted'
  | 'patch-os-mismatch'

/** protocol's error detail, with a code from the list above; `field` is the path, e.g. `args.minutes` */
export interface MutationError extends ErrorDetail {
  code: MutationErrorCode
}

/** One field the server kept while a client tried to overwrite it (design/sync.md, `conflict`). */
export interface FieldConflict {
  table: TableName
  id: string
  field: string
  /** the value the server kept */
  serverValue: unknown
  /** the value the client tried to write (what "apply mine" would write) */
  clientValue: unknown
  /** the client that last changed the field on the server */
  serverChangedBy: string | null
}

/**
 * `flags` and `reasons` go on the wire as they are (protocol's MutationResult). `actions` are the choices a flag
 * offers (e.g. over-allowance: 'bill-incident', 'downgrade', 'approve-exception'); they are also on the row, so the
 * server may leave them out of the push response. `writes` lists the rows written, in order (the client's rebase resets exactly these before replaying).
 */
export type MutationOutcome =
  | { status: 'applied'; flags: string[]; reasons: Reason[]; actions: string[]; writes: RowRef[] }
  | {
      status: 'conflict'
      conflicts: FieldConflict[]
      /** fields that did not conflict were applied; these are their flags, reasons and actions */
      flags: string[]
      reasons: Reason[]
      actions: string[]
      writes: RowRef[]
    }
  | { status: 'rejected'; error: MutationError }

/** What a mutation looks like on the wire (protocol's `Mutation`, minus the client-only fields). */
export interface MutationCall {
  name: string
  mv: number
  args: unknown
}
