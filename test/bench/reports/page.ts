/**
 * The reports benchmark's page (built by Vite, opened in Chromium): the app's Dexie database class over the
 * browser's own IndexedDB, and on `window.reportsBench` the two ways to the same figures, each timed per step:
 * - `statement` / `sla`: the Reports screen's path, the same load.ts reads (through the indexes) and the same
 *   figures.ts computations its memos run;
 * - `byScan`: the baseline, a plain full-table scan (toArray) of incidents and time entries, the same rows
 *   filtered from it in JS, then the same computations.
 * Each returns a digest of its figures, so the bench can check that both ways agree before it trusts a number.
 */
import type { Customer, Incident, Subscription, SupportPack, TimeEntry } from '@shared/domain'
import { statementRows, type SlaReport } from '@shared/reports'
import { CaseloadDb } from '../../../renderer/src/data/db/database'
import {
  slaFigures,
  statementFigures,
  type StatementFigures,
} from '../../../renderer/src/features/reports/figures'
import {
  loadCatalog,
  loadSlaRows,
  loadStatementRows,
  slaRowsOf,
  type StepTimes,
} from '../../../renderer/src/features/reports/load'
import { seed, type Seeded } from './data'

const DB_NAME = 'caseload-bench-reports'
const SEEDED_KEY = 'caseload-bench-reports:seeded'
const DAY_MS = 86_400_000
/** the figures' "now": after every incident of the data was opened */
const NOW = '2026-06-15T00:00:00.000Z'

export interface Period {
  from: string
  to: string
}

export interface Timed {
  /** from the first read to the figures, ms */
  totalMs: number
  /** per step, in the order they ran */
  steps: StepTimes
  /** what the figures say, to compare both ways */
  digest: string
}

let db: CaseloadDb | undefined
const open = () => (db ??= new CaseloadDb(DB_NAME))

const nameOf = (id: string) => `Engineer ${id.slice(-4)}`
const teamName = (id: string) => `Team ${id.slice(-4)}`

/** FNV-1a of the figures' JSON: both ways must agree on every line and number, not only on the totals. */
function fingerprint(value: unknown): string {
  const text = JSON.stringify(value)
  let h = 0x811c9dc5
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193)
  return (h >>> 0).toString(16).padStart(8, '0')
}

function statementDigest(figures: StatementFigures): string {
  const { statement: s, burnDown } = figures
  const t = s.totals
  return [
    `${s.lines.length} lines`,
    `${s.emergency.length} emergency`,
    `${t.minutes} min`,
    `${t.billableMinutes} billable`,
    `before ${t.balanceBefore}`,
    `drawn ${t.drawn}`,
    `after ${t.balanceAfter}`,
    `${burnDown.days.length} days`,
    `#${fingerprint(figures)}`,
  ].join(', ')
}

function slaDigest(r: SlaReport): string {
  const t = r.total
  return `${r.rows.length} rows, ${t.incidents} incidents, ${t.met} met, ${t.breached} breached, ${t.open} open, ${r.withoutTarget.length} without target, #${fingerprint(r)}`
}

/** Runs one report's path to its figures (the path records its own steps), then digests them, untimed. */
async function timed<T>(
  run: (steps: StepTimes) => Promise<T>,
  digest: (figures: T) => string,
): Promise<Timed> {
  const steps: StepTimes = {}
  const start = performance.now()
  const figures = await run(steps)
  const totalMs = performance.now() - start
  return { totalMs, steps, digest: digest(figures) }
}

const live = <T extends { deleted?: boolean }>(rows: T[]) => rows.filter((r) => !r.deleted)

async function statement(customerId: string, period: Period): Promise<Timed> {
  return timed(async (steps) => {
    const rows = await loadStatementRows(open(), customerId, period, steps)
    if (!rows) throw new Error(`no customer ${customerId}`)
    const start = performance.now()
    const figures = statementFigures(rows, period, nameOf)
    steps['compute statement and burn-down'] = performance.now() - start
    return figures
  }, statementDigest)
}

async function sla(period: Period): Promise<Timed> {
  return timed(async (steps) => {
    const rows = await loadSlaRows(open(), period.from, period.to, steps)
    const start = performance.now()
    const report = slaFigures(rows, period, teamName, NOW)
    steps['compute SLA compliance'] = performance.now() - start
    return report
  }, slaDigest)
}

/**
 * The baseline: one plain scan of both tables (toArray), then each report's rows filtered from it in JS and the
 * same computations. A statement's baseline time is the scan of both tables and its own steps; the SLA report's
 * is the incidents' scan and its own steps (it reads no time entries).
 */
async function byScan(customerId: string, period: Period): Promise<{ statement: Timed; sla: Timed }> {
  const d = open()
  const clock = () => {
    let last = performance.now()
    return () => {
      const now = performance.now()
      const ms = now - last
      last = now
      return ms
    }
  }
  const lap = clock()
  const allIncidents = live(await d.table<Incident, string>('incidents').toArray())
  const incidentsMs = lap()
  const allEntries = live(await d.table<TimeEntry, string>('timeEntries').toArray())
  const entriesMs = lap()
  const [customer, packs, subscriptions, customers, catalog] = await Promise.all([
    d.table<Customer, string>('customers').get(customerId),
    d.table<SupportPack, string>('supportPacks').toArray(),
    d.table<Subscription, string>('subscriptions').toArray(),
    d.table<Customer, string>('customers').toArray(),
    loadCatalog(d),
  ])
  if (!customer) throw new Error(`no customer ${customerId}`)
  const smallMs = lap()

  // the whole history the plain way: the customer's incidents, and every entry on one of them
  const incidents = allIncidents.filter((i) => i.customerId === customerId)
  const ids = new Set(incidents.map((i) => i.id))
  const rows = statementRows({
    customer,
    packs: live(packs).filter((p) => p.customerId === customerId),
    incidents,
    entries: allEntries.filter((e) => ids.has(e.incidentId)),
    subscriptions: live(subscriptions).filter((s) => s.customerId === customerId),
    catalog,
  })
  const statementFilterMs = lap()
  const statementOf = statementFigures(rows, period, nameOf)
  const statementComputeMs = lap()

  // the same window load.ts reads: a day either side, each plan's zone then decides
  const lo = Date.parse(`${period.from}T00:00:00Z`) - DAY_MS
  const hi = Date.parse(`${period.to}T00:00:00Z`) + 2 * DAY_MS
  const inWindow = allIncidents.filter((i) => {
    const t = Date.parse(i.openedAt)
    return t >= lo && t < hi
  })
  const slaRows = slaRowsOf(inWindow, live(subscriptions), live(customers), catalog)
  const slaFilterMs = lap()
  const slaOf = slaFigures(slaRows, period, teamName, NOW)
  const slaComputeMs = lap()

  const total = (steps: StepTimes) => Object.values(steps).reduce((a, b) => a + b, 0)
  const statementSteps: StepTimes = {
    'scan incidents (toArray)': incidentsMs,
    'scan time entries (toArray)': entriesMs,
    'customers, packs, subscriptions, plans (toArray)': smallMs,
    'filter in JS': statementFilterMs,
    'compute statement and burn-down': statementComputeMs,
  }
  const slaSteps: StepTimes = {
    'scan incidents (toArray)': incidentsMs,
    'customers, packs, subscriptions, plans (toArray)': smallMs,
    'filter in JS': slaFilterMs,
    'compute SLA compliance': slaComputeMs,
  }
  return {
    statement: {
      totalMs: total(statementSteps),
      steps: statementSteps,
      digest: statementDigest(statementOf),
    },
    sla: { totalMs: total(slaSteps), steps: slaSteps, digest: slaDigest(slaOf) },
  }
}

/** Fills the store; `counts` tells the bench what is really in it. */
async function fill(): Promise<Seeded & { ms: number }> {
  const start = performance.now()
  // writes need not wait for the disk here (the reads are what is measured, on a connection of their own)
  const d = new CaseloadDb(DB_NAME, { durability: 'relaxed' })
  try {
    await d.delete()
    await d.open()
    const seeded = await seed(d)
    localStorage.setItem(SEEDED_KEY, JSON.stringify(seeded))
    return { ...seeded, ms: performance.now() - start }
  } finally {
    d.close()
  }
}

async function counts(): Promise<{ incidents: number; entries: number }> {
  const d = open()
  return { incidents: await d.table('incidents').count(), entries: await d.table('timeEntries').count() }
}

/** What an earlier fill of this profile wrote, if the store still holds exactly that (else null: fill again). */
async function filled(): Promise<Seeded | null> {
  const saved = localStorage.getItem(SEEDED_KEY)
  if (!saved) return null
  const seeded = JSON.parse(saved) as Seeded
  const now = await counts()
  return now.incidents === seeded.incidents && now.entries === seeded.entries ? seeded : null
}

/** A customer's whole history and its share in the period, counted (to label the bench). */
async function statementSize(customerId: string, period: Period) {
  const d = open()
  const incidents = await d
    .table<Incident, string>('incidents')
    .where('customerId')
    .equals(customerId)
    .toArray()
  const entries = await d
    .table<TimeEntry, string>('timeEntries')
    .where('incidentId')
    .anyOf(incidents.map((i) => i.id))
    .toArray()
  const start = Date.parse(`${period.from}T00:00:00Z`)
  const end = Date.parse(`${period.to}T00:00:00Z`) + DAY_MS
  const inPeriod = (at: string) => Date.parse(at) >= start && Date.parse(at) < end
  return {
    incidents: incidents.length,
    incidentsInPeriod: incidents.filter((i) => inPeriod(i.openedAt)).length,
    entries: entries.length,
    entriesInPeriod: entries.filter((e) => inPeriod(e.startedAt)).length,
  }
}

const api = { fill, filled, counts, statement, statementSize, sla, byScan }
export type ReportsBench = typeof api
;(window as Window & { reportsBench?: ReportsBench }).reportsBench = api
document.title = 'reports bench ready'
