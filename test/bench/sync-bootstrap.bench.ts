/**
 * The renderer's sync engine in Chromium (npm run bench -- sync-bootstrap), issue 5, driving the real app (the
 * production browser-mode build) against a real server on loopback over SQLite:
 * - bootstrap of 100,000 incidents and 300,000 time entries from the server into IndexedDB, from the moment the
 *   status bar's progress bar appears to the moment it goes away, in rows/s; baseline: raw Dexie bulkPut of the
 *   same rows (read back from the app's database) into a database with the same schema, in the same page and
 *   run, in chunks of the engine's bootstrap batch (10,000 rows a transaction). Target: at least 0.6 of raw.
 * - 1,000 offline mutations (time logged through the incident's "Log time" form while the server is blocked),
 *   pushed until acknowledged after "Sync now": seconds until "All changes sent" (the server answered every one)
 *   and, for context, until the outbox is empty (a pull confirmed them). Baseline: the same 1,000 mutations
 *   pushed straight over HTTP from Node by a bare client, 100 a request (the engine's batch).
 * - the first 100 incidents of the queue sorted by response due time, out of 100,000: Dexie
 *   `orderBy('responseDueAt').limit(100)` on the app's own database, p95 of 50 (target < 50 ms); baseline,
 *   for context, reading every incident and sorting in memory.
 *
 * The rows: one real incident and time entry made through the mutators, cloned with new ids and versions by
 * raw inserts (as server-bootstrap.bench.ts does: `demo --scale 100000` builds them through every policy check
 * and takes far longer than the measurement). Each cloned incident gets its own response due time; each time
 * entry points at one of the cloned incidents.
 */
import { join } from 'node:path'
import type { Browser } from '@playwright/test'
import type { Dexie as DexieLib } from 'dexie'
import { v7 as uuidv7 } from 'uuid'
import { maxPullLimit } from '../../shared/protocol/limits'
import { syncedTableIndexes } from '../../renderer/src/data/db/schema'
import { seedTemplateIncident, startBenchServer, storedRow, type BenchServer } from '../support/bench-server'
import { TestClient } from '../support/sync-client'
import { loginAs, testPassword } from '../support/server'
import { openAppInChromium, type AppInChromium } from './browser-app'
import { percentile, type Benchmark, type BenchRow } from './harness'

/** the size; CASELOAD_BENCH_SYNC_INCIDENTS runs it smaller (the row names say which size ran) */
const INCIDENTS = Number(process.env.CASELOAD_BENCH_SYNC_INCIDENTS || 100_000)
const ENTRIES_PER_INCIDENT = 3
const MUTATIONS = 1_000
const QUERIES = 50
/** the engine's bootstrap batch: as many changes as the server's largest pull page */
const BOOTSTRAP_BATCH = maxPullLimit
const say = (m: string) => process.stderr.write(`  ${new Date().toISOString().slice(11, 19)} ${m}\n`)

interface Seeded {
  incidentId: string
}

async function seed(b: BenchServer): Promise<Seeded> {
  const { incidentId, timeEntryId } = await seedTemplateIncident(b, { withTimeEntry: true })
  const read = async (table: 'incidents' | 'time_entries', id: string) => {
    const row = await storedRow(b, table, id)
    return { customerId: row.customerId, data: JSON.parse(row.data) as Record<string, unknown> }
  }
  const incident = await read('incidents', incidentId)
  const entry = await read('time_entries', timeEntryId!)
  const meta = await b.db.read.selectFrom('meta').select('version').executeTakeFirstOrThrow()
  let version = Number(meta.version)
  const now = Date.now()
  await b.db.write.transaction().execute(async (trx) => {
    for (let i = 0; i < INCIDENTS - 1; i += 1000) {
      const incidents = Array.from({ length: Math.min(1000, INCIDENTS - 1 - i) }, (_, k) => {
        const n = i + k
        const id = uuidv7()
        return {
          id,
          version: ++version,
          deleted: 0,
          customer_id: incident.customerId,
          data: JSON.stringify({
            ...incident.data,
            subject: `Queue stuck #${n}`,
            // spread over ±3 days, in an order unrelated to the ids
            responseDueAt: new Date(now + (((n * 7919) % 600_000) - 300_000) * 864).toISOString(),
          }),
        }
      })
      await trx.insertInto('incidents').values(incidents).execute()
      const entries = incidents.flatMap((inc) =>
        Array.from({ length: ENTRIES_PER_INCIDENT }, () => ({
          id: uuidv7(),
          version: ++version,
          deleted: 0,
          customer_id: entry.customerId,
          data: JSON.stringify({ ...entry.data, incidentId: inc.id }),
        })),
      )
      await trx.insertInto('time_entries').values(entries).execute()
    }
    await trx.updateTable('meta').set({ version }).execute()
  })
  return { incidentId }
}

/** the same 1,000 mutations from Node, 100 a request: what the wire and the server cost without the app */
async function nodePush(b: BenchServer, incidentId: string): Promise<number> {
  const token = (await loginAs(b.url, 'engineer')).accessToken
  const c = new TestClient(b.url, token)
  const mutations = Array.from({ length: MUTATIONS }, () =>
    c.mutation('timeEntry.log', { id: uuidv7(), incidentId, minutes: 15, kind: 'investigation', note: '' }),
  )
  const start = performance.now()
  for (let i = 0; i < mutations.length; i += 100) {
    const res = await c.pushOk(mutations.slice(i, i + 100))
    if (res.results.length !== Math.min(100, mutations.length - i))
      throw new Error('a push batch was cut short')
  }
  return (performance.now() - start) / 1000
}

interface InPage {
  bootstrapRows: number
  bootstrapMs: number
  progressSamples: number
  rawRows: number
  rawMs: number
  queueMs: number[]
  scanMs: number[]
  pushedS: number
  ackedS: number
}

async function measure(browser: Browser, appUrl: string, b: BenchServer, seeded: Seeded): Promise<InPage> {
  const context = await browser.newContext({ viewport: { width: 1440, height: 900 } })
  const page = await context.newPage()
  page.setDefaultTimeout(600_000)
  try {
    // tsx compiles this file with keepNames: the functions handed to the page call its __name helper
    await page.addInitScript('globalThis.__name = (f) => f')
    // the status bar's bootstrap progress bar: when it first appears, every state it shows, when it goes
    await page.addInitScript(() => {
      const w = window as unknown as { __barShownAt?: number; __barGoneAt?: number; __barStates?: number }
      let last = ''
      const observer = new MutationObserver(() => {
        const bar = document.querySelector('progress[aria-label="Downloading your data"]')
        if (bar) {
          w.__barShownAt ??= performance.now()
          const state = `${bar.getAttribute('value')}/${bar.nextElementSibling?.textContent ?? ''}`
          if (state !== last) w.__barStates = (w.__barStates ?? 0) + 1
          last = state
        } else if (w.__barShownAt !== undefined && w.__barGoneAt === undefined) {
          w.__barGoneAt = performance.now()
          observer.disconnect()
        }
      })
      observer.observe(document, { childList: true, subtree: true, attributes: true, characterData: true })
    })
    say('signing in; bootstrap')
    await page.goto(appUrl)
    await page.getByLabel('Server address').fill(b.url)
    await page.getByLabel('User').fill('engineer')
    await page.getByLabel('Password').fill(testPassword)
    await page.getByRole('button', { name: 'Sign in' }).click()
    await page.waitForFunction(() => (window as { __barGoneAt?: number }).__barGoneAt !== undefined, null, {
      timeout: 900_000,
      polling: 200,
    })
    const bar = await page.evaluate(() => {
      const w = window as unknown as { __barShownAt: number; __barGoneAt: number; __barStates: number }
      return { ms: w.__barGoneAt - w.__barShownAt, states: w.__barStates }
    })
    await page.getByTestId('last-sync').getByText('Synced').waitFor()

    say('bootstrap done; raw bulkPut baseline')
    // Dexie itself (the library the app bundles), for the baseline and the queries on the app's database
    await page.addScriptTag({ path: join(process.cwd(), 'node_modules/dexie/dist/dexie.js') })
    const baseline = await page.evaluate(
      async ({ stores, batch }) => {
        const D = (window as unknown as { Dexie: typeof DexieLib }).Dexie
        const name = (await indexedDB.databases()).map((d) => d.name).find((n) => n?.startsWith('caseload:'))
        if (!name) throw new Error('the app made no database')
        const app = new D(name)
        await app.open()
        await D.delete('bench-raw-bulkput')
        const raw = new D('bench-raw-bulkput', { chromeTransactionDurability: 'default' })
        raw.version(1).stores(stores)
        await raw.open()
        let appRows = 0
        let rawRows = 0
        let rawMs = 0
        for (const table of Object.keys(stores)) {
          appRows += await app.table(table).count()
          let after = ''
          for (;;) {
            const rows = (await app.table(table).where(':id').above(after).limit(batch).toArray()) as {
              id: string
            }[]
            if (rows.length === 0) break
            after = rows[rows.length - 1]!.id
            const start = performance.now()
            await raw.table(table).bulkPut(rows)
            rawMs += performance.now() - start
            rawRows += rows.length
          }
        }
        raw.close()
        await D.delete('bench-raw-bulkput')
        app.close()
        return { name, appRows, rawRows, rawMs }
      },
      { stores: syncedTableIndexes as Record<string, string>, batch: BOOTSTRAP_BATCH },
    )

    say('queue query')
    const queue = await page.evaluate(
      async ({ name, queries }) => {
        const D = (window as unknown as { Dexie: typeof DexieLib }).Dexie
        const app = new D(name)
        await app.open()
        const incidents = app.table('incidents')
        const queueMs: number[] = []
        for (let i = 0; i < queries + 3; i++) {
          const start = performance.now()
          const first = (await incidents.orderBy('responseDueAt').limit(100).toArray()) as {
            responseDueAt: string
          }[]
          if (i >= 3) queueMs.push(performance.now() - start)
          if (first.length !== 100) throw new Error(`the queue query gave ${first.length} rows`)
          for (let k = 1; k < first.length; k++) {
            if (first[k]!.responseDueAt < first[k - 1]!.responseDueAt)
              throw new Error('not sorted by due time')
          }
        }
        const scanMs: number[] = []
        for (let i = 0; i < 3; i++) {
          const start = performance.now()
          const all = (await incidents.toArray()) as { responseDueAt: string }[]
          all.sort((a, b) =>
            a.responseDueAt < b.responseDueAt ? -1 : a.responseDueAt > b.responseDueAt ? 1 : 0,
          )
          if (all.slice(0, 100).length !== 100) throw new Error('too few incidents')
          scanMs.push(performance.now() - start)
        }
        app.close()
        return { queueMs, scanMs }
      },
      { name: baseline.name, queries: QUERIES },
    )

    say('offline mutations')
    // 1,000 mutations with the server blocked, through the incident's "Log time" form
    await page.goto(`${appUrl}/#/incident/${seeded.incidentId}`)
    await page.locator('#incident-title').waitFor()
    await page.route(`${b.url}/**`, (route) => route.abort('internetdisconnected'))
    await page.evaluate(async (count) => {
      const tick = () => new Promise((r) => setTimeout(r, 0))
      const pending = () => document.querySelector('[data-testid="pending-count"]')?.textContent ?? ''
      for (let i = 0; i < count; i++) {
        const deadline = performance.now() + 20_000
        let button = document.querySelector<HTMLButtonElement>(
          'form[aria-label="Log time"] button[type="submit"]',
        )
        while (!button || button.disabled) {
          if (performance.now() > deadline) throw new Error(`the Log time button stayed disabled at ${i}`)
          await tick()
          button = document.querySelector<HTMLButtonElement>(
            'form[aria-label="Log time"] button[type="submit"]',
          )
        }
        button.click()
        const want = `${i + 1} change${i === 0 ? '' : 's'} waiting to be sent`
        while (pending() !== want) {
          if (performance.now() > deadline) throw new Error(`mutation ${i + 1} never showed: "${pending()}"`)
          await tick()
        }
      }
    }, MUTATIONS)
    say('pushing')
    await page.unroute(`${b.url}/**`)
    const push = await page.evaluate(
      async ({ name }) => {
        const D = (window as unknown as { Dexie: typeof DexieLib }).Dexie
        const app = new D(name)
        await app.open()
        const frame = () => new Promise((r) => requestAnimationFrame(() => setTimeout(r, 0)))
        const syncNow = [...document.querySelectorAll('button')].find((x) => x.textContent === 'Sync now')
        if (!syncNow) throw new Error('no Sync now button')
        const start = performance.now()
        syncNow.click()
        let pushed = 0
        for (;;) {
          const text = document.querySelector('[data-testid="pending-count"]')?.textContent
          if (!pushed && text === 'All changes sent') pushed = performance.now()
          if (pushed && (await app.table('outbox').count()) === 0) break
          if (performance.now() - start > 600_000) throw new Error(`not acknowledged in 10 minutes: ${text}`)
          await frame()
        }
        const acked = performance.now()
        app.close()
        return { pushedS: (pushed - start) / 1000, ackedS: (acked - start) / 1000 }
      },
      { name: baseline.name },
    )
    return {
      bootstrapRows: baseline.appRows,
      bootstrapMs: bar.ms,
      progressSamples: bar.states,
      rawRows: baseline.rawRows,
      rawMs: baseline.rawMs,
      ...queue,
      ...push,
    }
  } finally {
    await context.close()
  }
}

export default {
  name: 'sync engine in Chromium: bootstrap, offline push, queue query',
  async run(): Promise<BenchRow[]> {
    const b = await startBenchServer('sqlite')
    let app: AppInChromium | undefined
    try {
      say('seeding the server')
      const seeded = await seed(b)
      say('building the app')
      app = await openAppInChromium(b.url)
      const { browser } = app
      const m = await measure(browser, app.url, b, seeded)
      const expected = INCIDENTS * (1 + ENTRIES_PER_INCIDENT)
      if (m.bootstrapRows < expected)
        throw new Error(`bootstrap brought ${m.bootstrapRows} rows, not ${expected}+`)
      if (m.rawRows !== m.bootstrapRows)
        throw new Error(`raw bulkPut wrote ${m.rawRows} of ${m.bootstrapRows}`)
      if (m.progressSamples < 1) throw new Error('the bootstrap progress bar never showed')
      const nodeS = await nodePush(b, seeded.incidentId)
      const bootstrapRate = (m.bootstrapRows / m.bootstrapMs) * 1000
      const rawRate = (m.rawRows / m.rawMs) * 1000
      const queueP95 = percentile(m.queueMs, 95)
      const sizes = `${INCIDENTS.toLocaleString('en-US')} incidents + ${(INCIDENTS * ENTRIES_PER_INCIDENT).toLocaleString('en-US')} time entries`
      return [
        {
          benchmark: `sync: bootstrap of ${sizes} into IndexedDB through the app (${m.progressSamples} progress states), vs raw Dexie bulkPut of the same ${m.rawRows.toLocaleString('en-US')} rows`,
          metric: 'rows/s',
          value: bootstrapRate,
          baseline: rawRate,
          higherIsBetter: true,
          target: '>= 0.6x raw bulkPut',
          met: bootstrapRate >= 0.6 * rawRate,
        },
        {
          benchmark: `sync: ${MUTATIONS.toLocaleString('en-US')} offline mutations pushed until answered ("All changes sent"), vs the same pushed from Node`,
          metric: 's',
          value: m.pushedS,
          baseline: nodeS,
          higherIsBetter: false,
        },
        {
          benchmark: `sync: ${MUTATIONS.toLocaleString('en-US')} offline mutations pushed until acknowledged by a pull (outbox empty), vs pushed from Node (context)`,
          metric: 's',
          value: m.ackedS,
          baseline: nodeS,
          higherIsBetter: false,
        },
        {
          benchmark: `sync: first 100 incidents by response due time of ${INCIDENTS.toLocaleString('en-US')} (Dexie index), p95 of ${QUERIES}, vs read-all-and-sort (median of 3, context)`,
          metric: 'ms',
          value: queueP95,
          baseline: percentile(m.scanMs, 50),
          higherIsBetter: false,
          target: '< 50 ms',
          met: queueP95 < 50,
        },
      ]
    } finally {
      await app?.close()
      await b.close()
    }
  },
} satisfies Benchmark
