/**
 * Push latency (npm run bench -- server-latency): pushes arrive at a steady 20 requests/s (open loop: each is
 * sent on schedule whether or not the previous one has answered) for 15 s, from 4 clients in turn, each a
 * batch of 5 typical mutations (an incident comment, a time entry, a contact); we report p50 and p95 of the
 * time to a durable answer. Absolute numbers: there is no baseline for latency.
 */
import { v7 as uuidv7 } from 'uuid'
import { licensedCustomer, postgresAvailable, startBenchServer } from '../support/bench-server'
import { TestClient } from '../support/sync-client'
import { percentile, type Benchmark, type BenchRow } from './harness'

const RATE = 20
const SECONDS = 15

async function run(dialect: 'sqlite' | 'postgres'): Promise<BenchRow[]> {
  const b = await startBenchServer(dialect)
  try {
    const setup = new TestClient(b.url, b.adminToken)
    const { customerId, contactId, licenseId, mutations } = licensedCustomer(setup, b.teamId, 'Latency Ltd', {
      name: 'Lat Ency',
      email: 'lat@ency.test',
    })
    const subscriptionId = uuidv7()
    const incidents = Array.from({ length: 20 }, () => uuidv7())
    const prep = await setup.pushOk([
      ...mutations,
      setup.mutation('subscription.buy', {
        id: subscriptionId,
        customerId,
        licenseId,
        planId: 'softartisans-gold',
        start: new Date(Date.now() - 30 * 86_400_000).toISOString().slice(0, 10),
      }),
      ...incidents.map((id, i) =>
        setup.mutation('incident.open', {
          id,
          customerId,
          contactId,
          licenseId,
          subject: `Latency ${i}`,
          description: '',
          severity: 'standard',
          category: 'question',
        }),
      ),
    ])
    if (prep.results.some((r) => r.status !== 'applied'))
      throw new Error(`setup failed: ${JSON.stringify(prep.results)}`)

    const clients = Array.from({ length: 4 }, () => new TestClient(b.url, b.adminToken))
    const batch = (c: TestClient, n: number) => {
      const incidentId = incidents[n % incidents.length]
      return [
        c.mutation('incident.comment', {
          id: uuidv7(),
          incidentId,
          body: `Update ${n}`,
          visibility: 'internal',
        }),
        c.mutation('timeEntry.log', {
          id: uuidv7(),
          incidentId,
          minutes: 15,
          kind: 'email',
          note: 'Replied',
        }),
        c.mutation('contact.add', {
          id: uuidv7(),
          customerId,
          name: `Person ${n}`,
          email: `p${n}@ency.test`,
        }),
        c.mutation('incident.comment', {
          id: uuidv7(),
          incidentId,
          body: `More ${n}`,
          visibility: 'internal',
        }),
        c.mutation('timeEntry.log', { id: uuidv7(), incidentId, minutes: 30, kind: 'phone', note: 'Called' }),
      ]
    }
    // warm-up
    for (const c of clients) await c.pushOk(batch(c, 0))

    const samples: number[] = []
    const total = RATE * SECONDS
    const start = performance.now()
    const inFlight: Promise<void>[] = []
    // each client's pushes go in order (a client never has two pushes in flight), as the sync engine does
    const queues = clients.map(() => Promise.resolve())
    for (let n = 0; n < total; n++) {
      const due = start + (n * 1000) / RATE
      const wait = due - performance.now()
      if (wait > 0) await new Promise((r) => setTimeout(r, wait))
      const k = n % clients.length
      const c = clients[k]!
      const sent = performance.now()
      const p = queues[k]!.then(async () => {
        const res = await c.pushOk(batch(c, n + 1))
        if (res.results.some((r) => r.status !== 'applied'))
          throw new Error(`push not applied: ${JSON.stringify(res.results)}`)
        samples.push(performance.now() - sent) // from when it was due: queueing behind the client's last push counts
      })
      // the next push of this client waits for this one, failed or not; the failure surfaces in Promise.all below
      queues[k] = p.catch(() => undefined)
      inFlight.push(p)
      p.catch(() => undefined) // handled below, not an unhandled rejection while we keep sending
    }
    await Promise.all(inFlight)
    return [50, 95].map((p) => ({
      benchmark: `push latency at ${RATE} req/s, 5 mutations each, p${p} (${dialect})`,
      metric: 'ms',
      value: percentile(samples, p),
      baseline: null,
      higherIsBetter: false,
    }))
  } finally {
    await b.close()
  }
}

export default {
  name: 'sync server push latency',
  async run() {
    const rows = await run('sqlite')
    if (postgresAvailable()) rows.push(...(await run('postgres')))
    return rows
  },
} satisfies Benchmark
