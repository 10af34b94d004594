/**
 * How the simulation's seeds are spread over the test files (CI runs at least 200 seeds in all).
 *   CASELOAD_SIM_SEEDS=2000  more seeds (locally)
 *   CASELOAD_SIM_SEED=123    only that seed (to reproduce a failure; add CASELOAD_SIM_TRACE=1 to see every step)
 */
import { expect, it } from 'vitest'
import { simulate } from './sim'

export const simFiles = 4

export function runSeeds(file: number): void {
  const only = process.env.CASELOAD_SIM_SEED
  const total = Math.max(200, Number(process.env.CASELOAD_SIM_SEEDS ?? 200))
  // one seed to reproduce runs in every file (a file must hold a test); being deterministic, it fails alike in each
  const seeds = only
    ? [Number(only)]
    : Array.from({ length: total }, (_, i) => i + 1).filter((s) => s % simFiles === file)
  for (const seed of seeds) {
    it(`seed=${seed}`, async () => {
      // throws with `seed=N` and the failed promises in its message
      const report = await simulate({ seed, trace: process.env.CASELOAD_SIM_TRACE === '1' })
      expect(report.mutations, `seed=${seed}`).toBeGreaterThan(0)
    })
  }
}
