import { useCallback, useState } from 'react'
import type { MutationArgsMap, MutatorName } from '@shared/mutations/registry'
import type { MutateResult } from '../../../data'
import { useEngine } from '../../sync/engine-context'

/**
 * Runs a mutation and keeps its refusal (or its flags) for the form that made it: a refused change says why,
 * naming the field, and nothing is half-written (the mutator ran in one transaction). `run(name, args)` is typed
 * by the mutator's schema, like `engine.mutate`.
 */
export function useMutate() {
  const { engine } = useEngine()
  const [error, setError] = useState<string | null>(null)
  const [busy, setBusy] = useState(false)
  const run = useCallback(
    async <N extends MutatorName>(name: N, args: MutationArgsMap[N]): Promise<MutateResult | null> => {
      setBusy(true)
      setError(null)
      try {
        const result = await engine.mutate(name, args)
        if (result.status === 'rejected') {
          setError(result.error.message)
          return null
        }
        return result
      } catch (e) {
        setError(e instanceof Error ? e.message : String(e))
        return null
      } finally {
        setBusy(false)
      }
    },
    [engine],
  )
  return { run, error, busy, setError }
}
