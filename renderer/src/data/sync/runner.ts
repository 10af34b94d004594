/**
 * How the engine runs a mutator: shared/mutations' `applyMutation` in production, a tiny registry in tests.
 * The shapes mirror shared/mutations/types.ts structurally (MutationCall, MutationContext, MutationOutcome).
 */
import type { Store } from '@shared/mutations/store'
import type { ErrorDetail, Reason, RowRef } from '@shared/protocol'

export interface RunnerCall {
  name: string
  mv: number
  args: unknown
}

export interface RunnerContext {
  userId: string
  role: 'admin' | 'engineer'
  teamIds: string[]
  now: string
  clientId: string
  mid: number
}

export type RunnerOutcome =
  | { status: 'applied'; flags: string[]; reasons: Reason[]; writes: RowRef[] }
  | { status: 'conflict'; conflicts: unknown[]; flags: string[]; reasons: Reason[]; writes: RowRef[] }
  | { status: 'rejected'; error: ErrorDetail }

export interface MutatorRunner {
  /** the mutator version (`mv`) this build runs, or undefined for an unknown name */
  version(name: string): number | undefined
  /** runs the mutator; a refusal is an outcome, a thrown error is a store failure */
  run(store: Store, call: RunnerCall, ctx: RunnerContext): Promise<RunnerOutcome>
}
