/**
 * Shared shape of every benchmark under test/bench/. A benchmark measures its subject and a baseline in the
 * same process and run, so the ratio means something on any machine; absolute numbers are printed for context.
 */
export interface BenchRow {
  /** what was measured, e.g. "addBusinessMinutes" */
  benchmark: string
  /** the unit of value and baseline, e.g. "calls/s", "ms/call", "rows/s" */
  metric: string
  value: number
  /** the same metric for the baseline measured in this run; null where the target is absolute */
  baseline: number | null
  /** true when a larger value is better (throughput); false for latencies */
  higherIsBetter: boolean
  /** the target in words, e.g. ">= 100x reference" */
  target?: string
  /** whether this run met the target (undefined where none is stated) */
  met?: boolean
}

export interface Benchmark {
  name: string
  run(): Promise<BenchRow[]>
}

/** value / baseline, oriented so that > 1 always means "better than the baseline". */
export function ratioOf(row: BenchRow): number | null {
  if (row.baseline === null || row.baseline === 0 || row.value === 0) return null
  return row.higherIsBetter ? row.value / row.baseline : row.baseline / row.value
}

/** Runs fn repeatedly for at least minMs and returns calls per second. */
export function callsPerSecond(fn: () => void, minMs = 500): number {
  let calls = 0
  const start = performance.now()
  let elapsed = 0
  while (elapsed < minMs) {
    for (let i = 0; i < 100; i++) fn()
    calls += 100
    elapsed = performance.now() - start
  }
  return (calls / elapsed) * 1000
}

export function percentile(samples: number[], p: number): number {
  if (samples.length === 0) return Number.NaN
  const sorted = [...samples].sort((a, b) => a - b)
  const index = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))
  return sorted[index] as number
}
