/**
 * Bootstrap pull (npm run bench -- server-bootstrap): a client with cursor 0 pulls 100,000 incidents over HTTP
 * on loopback, page after page (10,000 rows a page, the server's maximum), parsing each page in a worker
 * thread as a client in its own process would, and we report rows/s. For context
 * the baseline is reading the same rows straight from the database in the same run (no scope, no HTTP).
 *
 * The incidents are one real incident, opened through the mutators, cloned with new ids and versions by raw
 * inserts: the bench measures pulling, not building 100,000 incidents (the demo's --scale does that, slowly,
 * because it runs every policy check).
 */
import { Worker } from 'node:worker_threads'
import { v7 as uuidv7 } from 'uuid'
import { maxPullLimit } from '../../shared/protocol/limits'
import {
  postgresAvailable,
  seedTemplateIncident,
  startBenchServer,
  storedRow,
  type BenchServer,
} from '../support/bench-server'
import { loginAs } from '../support/server'
import type { Benchmark, BenchRow } from './harness'

const INCIDENTS = 100_000

async function seed(b: BenchServer): Promise<void> {
  const { incidentId } = await seedTemplateIncident(b)
  const { customerId, data } = await storedRow(b, 'incidents', incidentId)
  const meta = await b.db.read.selectFrom('meta').select('version').executeTakeFirstOrThrow()
  let version = Number(meta.version)
  await b.db.write.transaction().execute(async (trx) => {
    for (let i = 0; i < INCIDENTS - 1; i += 1000) {
      const values = Array.from({ length: Math.min(1000, INCIDENTS - 1 - i) }, () => ({
        id: uuidv7(),
        version: ++version,
        deleted: 0,
        customer_id: customerId,
        data,
      }))
      await trx.insertInto('incidents').values(values).execute()
    }
    await trx.updateTable('meta').set({ version }).execute()
  })
}

/** pulls everything in a worker thread (test/support/pull-worker.mjs): the client must not share the server's CPU */
function pullAll(url: string, token: string): Promise<{ rows: number; ms: number }> {
  return new Promise((resolve, reject) => {
    const worker = new Worker(new URL('../support/pull-worker.mjs', import.meta.url), {
      workerData: { url, token, limit: maxPullLimit },
    })
    worker.once('message', (m: { rows: number; ms: number }) => resolve(m))
    worker.once('error', reject)
    worker.once('exit', (code) => code !== 0 && reject(new Error(`pull worker exited with ${code}`)))
  })
}

async function run(dialect: 'sqlite' | 'postgres'): Promise<BenchRow[]> {
  const b = await startBenchServer(dialect)
  try {
    await seed(b)
    const engineerToken = (await loginAs(b.url, 'engineer')).accessToken
    await pullAll(b.url, b.adminToken) // warm-up: caches, JIT
    const start = performance.now()
    let raw = 0
    for (const r of await b.db.read
      .selectFrom('incidents')
      .select(['id', 'version', 'deleted', 'data'])
      .execute())
      raw += r.id.length > 0 ? 1 : 0
    const rawRate = (raw / (performance.now() - start)) * 1000
    const out: BenchRow[] = []
    for (const [who, token] of [
      ['admin', b.adminToken],
      ['engineer, scoped', engineerToken],
    ] as const) {
      const { rows, ms } = await pullAll(b.url, token)
      if (rows < INCIDENTS) throw new Error(`bootstrap as ${who} got ${rows} rows`)
      out.push({
        benchmark: `bootstrap pull of ${INCIDENTS.toLocaleString('en-US')} incidents, ${who} (${dialect})`,
        metric: 'rows/s',
        value: (rows / ms) * 1000,
        baseline: rawRate,
        higherIsBetter: true,
      })
    }
    return out
  } finally {
    await b.close()
  }
}

export default {
  name: 'sync server bootstrap pull',
  async run() {
    const rows = await run('sqlite')
    if (postgresAvailable()) rows.push(...(await run('postgres')))
    return rows
  },
} satisfies Benchmark
