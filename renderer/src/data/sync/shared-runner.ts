/**
 * The production mutator runner: shared/mutations' registry and `applyMutation` (the same code the server runs).
 */
import { applyMutation } from '@shared/mutations/apply'
import { mutators } from '@shared/mutations/registry'
import type { MutatorRunner, RunnerOutcome } from './runner'

export const sharedMutatorRunner: MutatorRunner = {
  version: (name) =>
    Object.prototype.hasOwnProperty.call(mutators, name) ? mutators[name]?.version : undefined,
  run: async (store, call, ctx) => (await applyMutation(store, call, ctx)) as RunnerOutcome,
}
