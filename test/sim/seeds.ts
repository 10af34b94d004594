/**
 * How the simulation's seeds are spread over the test files (CI runs at least 200 seeds in all), and the proof
 * that a seed's result depends on the seed only: every file runs its seeds a second time with every CPU core
 * saturated by a busy loop (cpu-load.ts) and requires the same trace and final state hash as the first run.
 *   CASELOAD_SIM_SEEDS=2000  more seeds (locally)
 *   CASELOAD_SIM_SEED=123    only that seed (to reproduce a failure; add CASELOAD_SIM_TRACE=1 to see every step)
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { saturateCpu, type CpuLoad } from './cpu-load'
import { simulate, type SimReport } from './sim'

export const simFiles = 4

export function runSeeds(file: number): void {
  const only = process.env.CASELOAD_SIM_SEED
  const total = Math.max(200, Number(process.env.CASELOAD_SIM_SEEDS ?? 200))
  // one seed to reproduce runs in every file (a file must hold a test); being deterministic, it fails alike in each
  const seeds = only
    ? [Number(only)]
    : Array.from({ length: total }, (_, i) => i + 1).filter((s) => s % simFiles === file)
  const trace = process.env.CASELOAD_SIM_TRACE === '1'
  // the first run's reports, which the second run must reproduce exactly
  const first = new Map<number, SimReport>()

  describe('the simulation', () => {
    for (const seed of seeds) {
      it(`seed=${seed}`, async () => {
        // throws with `seed=N` and the failed properties in its message
        const report = await simulate({ seed, trace })
        expect(report.mutations, `seed=${seed}`).toBeGreaterThan(0)
        first.set(seed, report)
      })
    }
  })

  describe('the same seeds with every CPU core busy', () => {
    let load: CpuLoad | undefined
    beforeAll(async () => {
      load = await saturateCpu()
    })
    afterAll(async () => {
      await load?.stop()
    })
    for (const seed of seeds) {
      it(`seed=${seed} gives the same trace and final state`, async () => {
        expect(load?.threads, 'busy threads').toBeGreaterThan(0)
        // P1-P6 are checked again: simulate throws on any failure
        const again = await simulate({ seed, trace })
        const before = first.get(seed)
        if (!before) throw new Error(`seed=${seed}: the first run failed, there is nothing to compare with`)
        // the first differing step is what to look at: compare line by line before the whole trace
        const at = again.trace.findIndex((line, i) => line !== before.trace[i])
        expect(
          at < 0 && again.trace.length === before.trace.length,
          `seed=${seed}: the traces differ from line ${at < 0 ? before.trace.length : at}:\n first: ${before.trace[at] ?? '(end)'}\n again: ${again.trace[at] ?? '(end)'}`,
        ).toBe(true)
        expect(again.stateHash, `seed=${seed}: final state`).toBe(before.stateHash)
      })
    }
  })
}
