/**
 * Push throughput (npm run bench -- server-push): 4 clients push concurrently in batches of 50 over HTTP on
 * loopback, against raw inserts of the same rows into the same database in the same run. Target on SQLite:
 * at least a quarter of raw.
 *
 * Each client runs in its own worker thread (it must not take the server's CPU time: real clients are other
 * machines) and sends its next push when the previous one answered.
 *
 * The mutation is `contact.add` on one of 250 existing customers: one row, a read of the customer (scope) and of
 * the new id (replay check), an audit entry — a typical small write. Ids are UUIDv7 on both sides, as the app
 * makes them. "Raw" is the same JSON rows inserted by prepared statements. The target is judged against the
 * same rows (spread over the same 250 customers) committed 50 per transaction: one durable commit per client
 * batch. Three more baselines are printed for context: the same rows grouped into as many per commit as the
 * server's group commit put together in that round (server/src/sync/group-commit.ts: on SQLite, batches that
 * arrive while one runs share its commit), so the share of the ratio that comes from grouping shows; every row
 * on one customer (its customer_id index entries share one page: the floor of what the database can do); and
 * row by row (one durable commit per insert, what a server committing each mutation on its own would pay).
 * Against batched raw inserts the mutators (shared/mutations), their reads, the audit log and HTTP are the cost.
 *
 * The push and the raw inserts take turns, ROUNDS times, and each row reports the median: on a shared machine
 * one measurement swings by a third from run to run, and taking turns keeps both sides on the same table sizes.
 */
import { Worker } from 'node:worker_threads'
import { v7 as uuidv7 } from 'uuid'
import { pushCommitStats } from '../../server/src/sync/push'
import type { BenchServer } from '../support/bench-server'
import { postgresAvailable, startBenchServer } from '../support/bench-server'
import { TestClient } from '../support/sync-client'
import { percentile, type Benchmark, type BenchRow } from './harness'

const CLIENTS = 4
const BATCH = 50
const BATCHES_PER_CLIENT = 25 // 4 × 25 × 50 = 5,000 mutations
const ROUNDS = 5

/**
 * CLIENTS pushing clients, each in its own worker thread (test/support/push-worker.mjs). The clock starts when
 * every client is ready (thread started, HTTP client loaded, connection open), as real clients on other
 * machines would be: starting threads is not the server's work, and on a small machine it takes CPU from it.
 */
async function measurePush(
  b: BenchServer,
  customers: string[],
  batches: number,
): Promise<{ rows: number; ms: number; batchesPerCommit: number | undefined }> {
  const before = pushCommitStats(b.db)
  const workers = Array.from(
    { length: CLIENTS },
    (_, tag) =>
      new Worker(new URL('../support/push-worker.mjs', import.meta.url), {
        workerData: { url: b.url, token: b.adminToken, customers, batches, batch: BATCH, tag },
      }),
  )
  const next = (worker: Worker) =>
    new Promise<{ ready?: boolean; mutations?: number }>((resolve, reject) => {
      worker.once('message', resolve)
      worker.once('error', reject)
    })
  await Promise.all(workers.map(next))
  const finished = workers.map(next)
  const start = performance.now()
  for (const worker of workers) worker.postMessage('go')
  const done = await Promise.all(finished)
  const ms = performance.now() - start
  const after = pushCommitStats(b.db)
  const batchesPerCommit =
    before && after && after.commits > before.commits
      ? (after.batches - before.batches) / (after.commits - before.commits)
      : undefined
  return { rows: done.reduce((a, m) => a + (m.mutations ?? 0), 0), ms, batchesPerCommit }
}

/** raw rows' versions: past anything the pushes take, and growing from call to call as the pushes' do */
let rawVersion = 1_000_000_000

/**
 * The same rows (shape taken from what the pushes stored), inserted raw; returns elapsed ms. `perCommit` rows
 * per transaction: BATCH for one commit per client batch, more to match the push's group commits, 1 for plain
 * row-by-row inserts.
 */
async function measureRaw(
  b: BenchServer,
  rows: number,
  perCommit: number,
  spreadOver?: readonly string[],
): Promise<number> {
  const sample = await b.db.read
    .selectFrom('contacts')
    .select(['customer_id', 'data'])
    .limit(1)
    .executeTakeFirstOrThrow()
  const data = typeof sample.data === 'string' ? sample.data : JSON.stringify(sample.data)
  const batches = Math.ceil(rows / perCommit)
  if (b.db.dialect === 'sqlite') {
    const sqlite = b.db.sqlite!
    const insert = sqlite.prepare(
      'insert into contacts (id, version, deleted, customer_id, data) values (?, ?, 0, ?, ?)',
    )
    const start = performance.now()
    for (let i = 0; i < batches; i++) {
      sqlite.exec('begin immediate')
      // exactly `rows` rows: the last commit takes what is left
      for (let j = 0; j < perCommit && i * perCommit + j < rows; j++) {
        const customer = spreadOver ? spreadOver[(i * perCommit + j) % spreadOver.length] : sample.customer_id
        insert.run(uuidv7(), rawVersion++, customer, data)
      }
      sqlite.exec('commit')
    }
    return performance.now() - start
  }
  // PostgreSQL: CLIENTS concurrent connections, one transaction per batch, prepared inserts
  const { default: pg } = await import('pg')
  const url = b.db.pgUrl!
  const start = performance.now()
  await Promise.all(
    Array.from({ length: CLIENTS }, async () => {
      const client = new pg.Client({ connectionString: url })
      await client.connect()
      for (let i = 0; i < batches / CLIENTS; i++) {
        await client.query('begin')
        for (let j = 0; j < perCommit; j++) {
          await client.query({
            name: 'raw-insert',
            text: 'insert into contacts (id, version, deleted, customer_id, data) values ($1, $2, 0, $3, $4)',
            values: [
              uuidv7(),
              rawVersion++,
              spreadOver ? spreadOver[rawVersion % spreadOver.length] : sample.customer_id,
              data,
            ],
          })
        }
        await client.query('commit')
      }
      await client.end()
    }),
  )
  return performance.now() - start
}

async function run(dialect: 'sqlite' | 'postgres'): Promise<BenchRow[]> {
  const b = await startBenchServer(dialect)
  try {
    const setup = new TestClient(b.url, b.adminToken)
    // a realistic spread: 250 customers, ~20 contacts each by the end
    const customers = Array.from({ length: 250 }, () => uuidv7())
    await setup.pushOk(
      customers.map((id, i) =>
        setup.mutation('customer.create', { id, name: `Bench Corp ${i}`, teamId: b.teamId }),
      ),
    )
    await measurePush(b, customers, 2) // warm-up: JIT, statement caches, connections
    // [label, rows per commit (from the round's push), spread over the 250 customers, the target applies]
    type RowsPerCommit = (push: Awaited<ReturnType<typeof measurePush>>) => number | undefined
    const baselines: Array<[string, RowsPerCommit, boolean, boolean]> = [
      // the like-for-like baseline: the pushed rows, customer_id and all, one commit per client batch
      ['raw batched, same rows, 50 per commit', () => BATCH, true, true],
      // context, SQLite: the server commits concurrent batches together (group commit); raw grouped as much
      [
        'raw batched, same rows, as many per commit as the push grouped',
        (push) => (push.batchesPerCommit ? Math.round(push.batchesPerCommit * BATCH) : undefined),
        true,
        false,
      ],
      // context: the floor, every raw row on one customer (its customer_id index entries share one page)
      ['raw batched, 50 per commit, all on one customer', () => BATCH, false, false],
      // context: one durable commit per row, what a server committing each mutation on its own would pay
      ['raw row by row', () => 1, true, false],
    ]
    const pushRates: number[] = []
    const rawRates = baselines.map((): number[] => [])
    const grouping: number[] = []
    for (let round = 0; round < ROUNDS; round++) {
      const push = await measurePush(b, customers, BATCHES_PER_CLIENT)
      pushRates.push((push.rows / push.ms) * 1000)
      if (push.batchesPerCommit) grouping.push(push.batchesPerCommit)
      for (const [i, [, rowsPerCommit, spread]] of baselines.entries()) {
        const perCommit = rowsPerCommit(push)
        if (perCommit === undefined) continue
        // row-by-row raw is slow (one durable commit per row): measure it on a tenth of the rows
        const n = perCommit === 1 ? Math.round(push.rows / 10) : push.rows
        rawRates[i]!.push((n / (await measureRaw(b, n, perCommit, spread ? customers : undefined))) * 1000)
      }
    }
    const median = (xs: number[]) => percentile(xs, 50)
    const value = median(pushRates)
    const groupedAs = grouping.length > 0 ? ` (push: ${median(grouping).toFixed(1)} batches per commit)` : ''
    const rows: BenchRow[] = baselines.flatMap(([label, , , targeted], i) => {
      if (rawRates[i]!.length === 0) return []
      const baseline = median(rawRates[i]!)
      return [
        {
          benchmark: `push ${CLIENTS} clients × ${BATCH}/batch vs ${label}${i === 1 ? groupedAs : ''} (${dialect})`,
          metric: `mutations/s (median of ${ROUNDS})`,
          value,
          baseline,
          higherIsBetter: true,
          ...(dialect === 'sqlite' && targeted
            ? { target: '>= 0.25x raw', met: value / baseline >= 0.25 }
            : {}),
        },
      ]
    })
    return rows
  } finally {
    await b.close()
  }
}

export default {
  name: 'sync server push throughput',
  async run() {
    const rows = await run('sqlite')
    if (postgresAvailable()) rows.push(...(await run('postgres')))
    return rows
  },
} satisfies Benchmark
