/**
 * A dry run of a mutator on a scratch copy of the rows it reads: the live previews (entitlement, response due,
 * billable) are the very code the engine and the server will run, not a second implementation of the rulebook.
 * Nothing here is written anywhere.
 */
import {
  MemoryStore,
  applyMutation,
  mutators,
  type MutationArgsMap,
  type MutationOutcome,
  type MutatorName,
  type StoredRow,
  type TableName,
} from '@shared/mutations'
import type { MutationActor } from '../../../data'

/** `args` typed by the mutator's schema, as `engine.mutate` takes them (the preview runs what will be written) */
export async function dryRun<N extends MutatorName>(
  seed: Partial<Record<TableName, readonly StoredRow[]>>,
  name: N,
  args: MutationArgsMap[N],
  actor: MutationActor,
): Promise<{ outcome: MutationOutcome; store: MemoryStore }> {
  const store = new MemoryStore({ stampVersions: false })
  for (const [table, rows] of Object.entries(seed)) store.seed(table as TableName, [...(rows ?? [])])
  const mutator = mutators[name]
  if (!mutator) throw new Error(`unknown mutator ${name}`)
  const outcome = await applyMutation(
    store,
    { name, mv: mutator.version, args },
    { ...actor, now: new Date().toISOString(), clientId: 'preview', mid: 1 },
  )
  return { outcome, store }
}
