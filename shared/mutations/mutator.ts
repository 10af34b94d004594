/**
 * How a mutator is defined. A mutator is `{ name, version, args, scope, run }`:
 * - `args`: the zod schema of its arguments (validated before anything else; errors name `args.<path>`);
 * - `scope(args, reader)`: whose rows it touches, for the permission check (design/sync.md P6);
 * - `run(tx, args, ctx)`: reads and writes through the `Tx`, refuses with `reject(...)`, returns its flags and
 *   reasons. Deterministic: everything comes from the store, the args and the context (never a clock).
 * - `legacy`: older versions of the args this server still accepts, each upgraded to the current shape; any other
 *   older or newer version is rejected as `unsupported-version` ("update Caseload").
 */
import type { z } from 'zod'
import type { TableName } from './store'
import type { Reader, Tx } from './tx'
import { reject } from './errors'
import type { MutationContext, Reason } from './types'

export type Scope =
  /** rows of this customer: engineers need the customer's team */
  | { customerId: string }
  /** a new customer of this team */
  | { teamId: string }
  /** admin only (plans, calendars) */
  | { admin: true }
  /** any signed-in user (shared knowledge-base articles) */
  | { anyone: true }

export interface RunResult {
  flags?: string[]
  reasons?: Reason[]
  actions?: string[]
}

export interface LegacyVersion {
  /** turns args of that version into args of the current version (validated afterwards) */
  upgrade(args: unknown): unknown
}

/**
 * `A`: the args as the mutator reads them (the schema's output); `N`: its name; `I`: the args as a caller writes
 * them (the schema's input, defaults may be left out). `N` and `I` type `engine.mutate(name, args)`.
 */
export interface Mutator<A = unknown, N extends string = string, I = A> {
  readonly name: N
  readonly version: number
  readonly args: z.ZodType<A, I>
  readonly legacy?: Readonly<Record<number, LegacyVersion>>
  scope(args: A, reader: Reader, ctx: MutationContext): Promise<Scope>
  run(tx: Tx, args: A, ctx: MutationContext): Promise<RunResult | void>
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- a registry holds mutators of every args type
export type AnyMutator = Mutator<any>

export function defineMutator<const N extends string, S extends z.ZodType>(def: {
  name: N
  version: number
  args: S
  legacy?: Record<number, LegacyVersion>
  scope(args: z.output<S>, reader: Reader, ctx: MutationContext): Promise<Scope>
  run(tx: Tx, args: z.output<S>, ctx: MutationContext): Promise<RunResult | void>
}): Mutator<z.output<S>, N, z.input<S>> {
  return def as unknown as Mutator<z.output<S>, N, z.input<S>>
}

/**
 * Scope helper: the customer of the row `id` in `table`, or `not-found` naming the arg. `allowDeleted` for
 * deletions, so that replaying one finds the tombstone and is a no-op rather than a refusal.
 */
export async function scopeOfRow(
  reader: Reader,
  table: TableName,
  id: string,
  field: string,
  opts: { allowDeleted?: boolean } = {},
): Promise<Scope> {
  const row = await reader.get<{ customerId?: string }>(table, id)
  if (!row || (row.deleted && !opts.allowDeleted))
    reject('not-found', `No ${table} record with id ${id}.`, field)
  if (typeof row.customerId !== 'string') throw new Error(`${table} ${id} has no customerId`)
  return { customerId: row.customerId }
}
