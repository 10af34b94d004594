/**
 * mulberry32: a small seeded generator of numbers in [0, 1). The same seed gives the same numbers on every
 * machine and run, which the demo data, the benchmarks' inputs, the sync engine's test jitter and the
 * simulation all rely on. Not for anything that must be unguessable.
 */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0
  return () => {
    a = (a + 0x6d2b79f5) >>> 0
    let t = a
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}
