/**
 * First paint of the desk (npm run bench -- first-paint), issue 14: the production browser-mode build served
 * from loopback, opened in Chromium by an engineer who signed in before (the session is restored on reload, as
 * after a restart) against a real server holding the demo organisation. Every load runs with the HTTP cache off,
 * so each one fetches its JavaScript as a first visit does.
 * - JavaScript bytes fetched before the first queue row is on screen; baseline: every JavaScript file of the
 *   build (what a build without code splitting fetches first). The ratio is how much of the app the queue
 *   waits for.
 * - navigation to the first queue row; baseline: navigation to every chunk of the build fetched and evaluated
 *   (the same page, told at its first script to import them all), the least a build that ships everything up
 *   front would wait. First paint and first contentful paint (Paint Timing) beside the same baseline.
 */
import { readdirSync, statSync } from 'node:fs'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { Page } from '@playwright/test'
import { loadDemo } from '../../server/src/cli/demo'
import { openDatabase, type Db } from '../../server/src/db/connect'
import { createServer, type CaseloadServer } from '../../server/src/http/app'
import { openAppInChromium, type AppInChromium } from './browser-app'
import { percentile, type Benchmark, type BenchRow } from './harness'

const LOADS = 5
const password = 'bench-demo-password'

interface LoadMarks {
  firstPaint: number
  firstContentfulPaint: number
  firstRow: number
  /** bytes of the JavaScript responses that ended before the first row appeared */
  jsBytesBeforeRow: number
  /** when every chunk of the build had been imported (the baseline loads only) */
  allLoaded: number | null
}

/** Marks, from the first script of every document: paints, the first queue row, and (when asked) all chunks. */
async function instrument(page: Page, allChunks: string[] | null): Promise<void> {
  // tsx compiles this file with keepNames: the functions handed to the page call its __name helper
  await page.addInitScript('globalThis.__name = (f) => f')
  await page.addInitScript((chunks) => {
    const marks = window as unknown as {
      __firstRowAt?: number
      __jsBeforeRow?: number
      __allLoadedAt?: number
    }
    const observer = new MutationObserver(() => {
      if (document.querySelector('[data-testid="queue-row"]')) {
        marks.__firstRowAt = performance.now()
        marks.__jsBeforeRow = performance
          .getEntriesByType('resource')
          .filter((e): e is PerformanceResourceTiming => e instanceof PerformanceResourceTiming)
          .filter((e) => new URL(e.name).pathname.endsWith('.js'))
          .reduce((sum, e) => sum + e.encodedBodySize, 0)
        observer.disconnect()
      }
    })
    observer.observe(document, { childList: true, subtree: true })
    if (chunks) {
      void Promise.all(chunks.map((url) => import(/* @vite-ignore */ url))).then(() => {
        marks.__allLoadedAt = performance.now()
      })
    }
  }, allChunks)
}

async function measureLoad(page: Page, loadAll: boolean): Promise<LoadMarks> {
  await page.reload()
  await page.waitForFunction(
    (all) => {
      const w = window as unknown as { __firstRowAt?: number; __allLoadedAt?: number }
      return w.__firstRowAt !== undefined && (!all || w.__allLoadedAt !== undefined)
    },
    loadAll,
    { timeout: 60_000, polling: 20 },
  )
  return page.evaluate(() => {
    const w = window as unknown as { __firstRowAt: number; __jsBeforeRow: number; __allLoadedAt?: number }
    const paint = (name: string) => performance.getEntriesByName(name, 'paint')[0]?.startTime ?? Number.NaN
    return {
      firstPaint: paint('first-paint'),
      firstContentfulPaint: paint('first-contentful-paint'),
      firstRow: w.__firstRowAt,
      jsBytesBeforeRow: w.__jsBeforeRow,
      allLoaded: w.__allLoadedAt ?? null,
    }
  })
}

/** A real server on a fresh SQLite file with the demo organisation (its engineer signs in). */
async function demoServer(): Promise<{ url: string; close(): Promise<void> }> {
  const dir = mkdtempSync(join(tmpdir(), 'caseload-bench-paint-'))
  let db: Db | undefined
  let server: CaseloadServer | undefined
  try {
    db = await openDatabase({ dataDir: dir })
    process.env.CASELOAD_DEMO_PASSWORD = password
    await loadDemo(db, {})
    server = await createServer({ db, logLevel: 'silent' })
    const url = await server.app.listen({ host: '127.0.0.1', port: 0 })
    const opened = { db, server }
    return {
      url,
      async close() {
        await opened.server.close()
        await opened.db.close()
        rmSync(dir, { recursive: true, force: true })
      },
    }
  } catch (error) {
    await server?.close()
    await db?.close()
    rmSync(dir, { recursive: true, force: true })
    throw error
  }
}

const median = (xs: number[]) => percentile(xs, 50)

export default {
  name: 'desk first paint: the shell and the queue (Chromium)',
  async run(): Promise<BenchRow[]> {
    const api = await demoServer()
    let app: AppInChromium | undefined
    try {
      app = await openAppInChromium(api.url)
      const assets = join(app.outDir, 'assets')
      const jsFiles = readdirSync(assets).filter((f) => f.endsWith('.js'))
      const allJsBytes = jsFiles.reduce((sum, f) => sum + statSync(join(assets, f)).size, 0)
      const chunkUrls = jsFiles.map((f) => `${app!.url}/assets/${f}`)

      const runs = async (loadAll: boolean): Promise<LoadMarks[]> => {
        const context = await app!.browser.newContext({ viewport: { width: 1440, height: 900 } })
        try {
          const page = await context.newPage()
          await instrument(page, loadAll ? chunkUrls : null)
          const cdp = await context.newCDPSession(page)
          await cdp.send('Network.enable')
          await cdp.send('Network.setCacheDisabled', { cacheDisabled: true })
          // sign in once through the form; every measured load is a reload that restores the session
          await page.goto(`${app!.url}/`)
          await page.getByLabel('Server address').fill(api.url)
          await page.getByLabel('User').fill('engineer')
          await page.getByLabel('Password').fill(password)
          await page.getByRole('button', { name: 'Sign in' }).click()
          await page.getByTestId('queue-row').first().waitFor({ timeout: 60_000 })
          const out: LoadMarks[] = []
          for (let i = 0; i < LOADS; i++) out.push(await measureLoad(page, loadAll))
          return out
        } finally {
          await context.close()
        }
      }
      const split = await runs(false)
      const everything = await runs(true)
      const allLoaded = median(everything.map((m) => m.allLoaded ?? Number.NaN))
      const kb = (n: number) => `${Math.round(n / 1024)} kB`
      const firstPaintBytes = median(split.map((m) => m.jsBytesBeforeRow))
      return [
        {
          benchmark: `first paint: JavaScript fetched before the first queue row (baseline: all ${jsFiles.length} JS files of the build, ${kb(allJsBytes)})`,
          metric: 'bytes',
          value: firstPaintBytes,
          baseline: allJsBytes,
          higherIsBetter: false,
        },
        {
          benchmark: `first paint: navigation to the first queue row, median of ${LOADS} (baseline: to every chunk fetched and run)`,
          metric: 'ms',
          value: median(split.map((m) => m.firstRow)),
          baseline: allLoaded,
          higherIsBetter: false,
        },
        {
          benchmark: `first paint: navigation to first contentful paint, median of ${LOADS} (baseline: every chunk fetched and run)`,
          metric: 'ms',
          value: median(split.map((m) => m.firstContentfulPaint)),
          baseline: allLoaded,
          higherIsBetter: false,
        },
        {
          benchmark: `first paint: navigation to first paint, median of ${LOADS} (baseline: every chunk fetched and run)`,
          metric: 'ms',
          value: median(split.map((m) => m.firstPaint)),
          baseline: allLoaded,
          higherIsBetter: false,
        },
      ]
    } finally {
      await app?.close()
      await api.close()
    }
  },
} satisfies Benchmark
