/**
 * Saturates the machine's CPUs for the determinism proof (seeds.ts): one busy-looping worker thread per core,
 * so that the simulation's own thread is preempted at arbitrary moments, as on a loaded CI machine. A result
 * that depended on how fast the machine runs (a real timer against an I/O completion, a race between two
 * promise chains) would come out differently.
 */
import { availableParallelism } from 'node:os'
import { Worker } from 'node:worker_threads'

export interface CpuLoad {
  readonly threads: number
  stop(): Promise<void>
}

// the worker says it runs, then spins until it is terminated (terminate() interrupts even a tight loop)
const spin = `require('node:worker_threads').parentPort.postMessage('spinning'); for (;;) {}`

export async function saturateCpu(threads = availableParallelism()): Promise<CpuLoad> {
  const workers = Array.from({ length: threads }, () => new Worker(spin, { eval: true }))
  await Promise.all(
    workers.map(
      (w) =>
        new Promise<void>((resolve, reject) => {
          w.once('message', () => resolve())
          w.once('error', reject)
        }),
    ),
  )
  return {
    threads,
    async stop() {
      await Promise.all(workers.map((w) => w.terminate()))
    },
  }
}
