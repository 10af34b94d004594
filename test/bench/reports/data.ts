/**
 * The reports benchmark's local store, generated inside the page (400,000 rows never cross CDP) and written with
 * bulkAdd, 20,000 rows a transaction, into the app's own Dexie database class and schema.
 *
 * The same shape every run (mulberry32; the ids are fresh uuidv7s, in time order as the app makes them): 5
 * teams, 30 engineers, 400 customers whose sizes fall off like 1/(rank + 6), so the largest has ~4% of
 * everything (~4,000 incidents over the year, ~300 opened and ~950 time entries logged in a month) and the
 * median ~0.1%; 100,000 incidents opened over the 12 months up to 2026-06-01 and 300,000 time entries (1 to 5
 * per incident, the first on the day it opened, the others within ten days; each with its incident's
 * customerId, as timeEntry.log writes it). Every fifth customer (and the largest) is on PerfectMail's
 * support-pack plan and buys a pack a quarter sized to what it draws in one, and a half-size one in mid-April;
 * their billable entries draw from the latest pack bought by then.
 */
import { v7 as uuidv7 } from 'uuid'
import {
  INCIDENT_CATEGORIES,
  SEVERITIES,
  TIME_ENTRY_KINDS,
  type Customer,
  type Incident,
  type Subscription,
  type SupportPack,
} from '@shared/domain'
import type { TimeEntryRow } from '@shared/mutations'
import { presets } from '@shared/policy'
import type { CaseloadDb } from '../../../renderer/src/data/db/database'
import { seededRandom } from '@shared/random/seeded-random'

export const INCIDENTS = 100_000
export const ENTRIES = 300_000
const CUSTOMERS = 400
const BATCH = 20_000
const START = Date.parse('2025-06-01T00:00:00Z')
const SPAN_MS = 365 * 86_400_000
const DAY_MS = 86_400_000
const PACK_DAYS = ['2025-06-02', '2025-09-01', '2025-12-01', '2026-03-02', '2026-04-15']
const PACK_PLAN = 'perfectmail-standard'

const words =
  'mail queue stuck bounce DKIM SPF relay TLS certificate license upgrade install crash timeout login spam filter archive export'.split(
    ' ',
  )
const iso = (ms: number) => new Date(ms).toISOString()

export interface Seeded {
  teams: string[]
  engineers: string[]
  /** customer ids, largest first */
  customers: string[]
  incidents: number
  entries: number
}

async function inBatches<T>(db: CaseloadDb, table: string, rows: T[]): Promise<void> {
  for (let i = 0; i < rows.length; i += BATCH) await db.table(table).bulkAdd(rows.slice(i, i + BATCH))
}

export async function seed(db: CaseloadDb): Promise<Seeded> {
  const rnd = seededRandom(13)
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rnd() * xs.length)] as T
  const teams = Array.from({ length: 5 }, () => uuidv7())
  const engineers = Array.from({ length: 30 }, () => uuidv7())
  const planIds = Object.keys(presets.plans).filter((id) => id !== PACK_PLAN)

  const customers: Customer[] = Array.from({ length: CUSTOMERS }, (_, i) => ({
    id: uuidv7(),
    version: 1,
    deleted: false,
    teamId: teams[i % teams.length] as string,
    name: `${pick(['Acme', 'Globex', 'Initech', 'Umbrella', 'Hooli'])} ${pick(words)} ${i}`,
    notes: '',
  }))
  const onPacks = (i: number) => i % 5 === 0
  const subscriptions: Subscription[] = customers.flatMap((c, i) =>
    Array.from({ length: rnd() < 0.3 ? 2 : 1 }, (_, k) => ({
      id: uuidv7(),
      version: 1,
      deleted: false,
      customerId: c.id,
      licenseId: uuidv7(),
      planId: k === 0 && onPacks(i) ? PACK_PLAN : pick(planIds),
      start: k === 0 ? '2025-01-05' : '2025-11-20',
      end: null,
      status: 'active' as const,
    })),
  )
  const subscriptionsOf = new Map<string, Subscription[]>()
  for (const s of subscriptions)
    subscriptionsOf.set(s.customerId, [...(subscriptionsOf.get(s.customerId) ?? []), s])
  // customer sizes fall off like 1/(rank + 6): a cumulative table to draw from
  const cumulative: number[] = []
  let total = 0
  for (let i = 0; i < CUSTOMERS; i++) cumulative.push((total += 1 / (i + 6)))
  // a pack a quarter about the size of what the customer draws in one (~75 billable minutes an incident)
  const packHours = (i: number) =>
    Math.max(10, Math.round(((((INCIDENTS / 4) * (1 / (i + 6))) / total) * 1.25) / 10) * 10)
  const packs: SupportPack[] = customers.flatMap((c, i) =>
    onPacks(i)
      ? PACK_DAYS.map((purchasedAt, k) => {
          const hours = k === PACK_DAYS.length - 1 ? packHours(i) / 2 : packHours(i)
          return {
            id: uuidv7(),
            version: 1,
            deleted: false,
            customerId: c.id,
            label: `${hours}-hour pack of ${purchasedAt}`,
            minutesPurchased: hours * 60,
            purchasedAt,
          }
        })
      : [],
  )
  const packsOf = new Map<string, SupportPack[]>()
  for (const p of packs) packsOf.set(p.customerId, [...(packsOf.get(p.customerId) ?? []), p])

  const customerAt = (r: number) => {
    const target = r * total
    let lo = 0
    let hi = CUSTOMERS - 1
    while (lo < hi) {
      const mid = (lo + hi) >> 1
      if ((cumulative[mid] as number) < target) lo = mid + 1
      else hi = mid
    }
    return customers[lo] as Customer
  }

  // 1 to 5 entries an incident, then nudged until they add up to exactly ENTRIES
  const counts = new Uint8Array(INCIDENTS)
  let sum = 0
  for (let i = 0; i < INCIDENTS; i++) sum += counts[i] = 1 + Math.floor(rnd() * 5)
  while (sum !== ENTRIES) {
    const i = Math.floor(rnd() * INCIDENTS)
    const step = sum > ENTRIES ? -1 : 1
    const next = (counts[i] as number) + step
    if (next < 1 || next > 5) continue
    counts[i] = next
    sum += step
  }

  await db.table('customers').bulkAdd(customers)
  await db.table('subscriptions').bulkAdd(subscriptions)
  await db.table('supportPacks').bulkAdd(packs)

  // opened in time order, so their uuidv7 ids are too (as the app makes them)
  const openedAt = Array.from({ length: INCIDENTS }, () => START + Math.floor(rnd() * SPAN_MS)).sort(
    (a, b) => a - b,
  )
  let incidents: Incident[] = []
  let entries: TimeEntryRow[] = []
  let written = { incidents: 0, entries: 0 }
  for (let i = 0; i < INCIDENTS; i++) {
    const customer = customerAt(rnd())
    const sub = pick(subscriptionsOf.get(customer.id) ?? [])
    const opened = openedAt[i] as number
    const age = START + SPAN_MS - opened
    const severity = rnd() < 0.03 ? 'emergency' : pick(SEVERITIES.filter((s) => s !== 'emergency'))
    const category =
      severity === 'emergency' ? 'emergency' : pick(INCIDENT_CATEGORIES.filter((c) => c !== 'emergency'))
    const status =
      age > 20 * DAY_MS
        ? pick(['closed', 'closed', 'resolved'] as const)
        : pick(['new', 'open', 'waiting-on-customer', 'resolved'] as const)
    const responded = status !== 'new' && rnd() < 0.97
    const respondedAt = opened + Math.floor(rnd() * rnd() * 12 * 3_600_000)
    const finished = status === 'resolved' || status === 'closed'
    const resolvedAt = respondedAt + Math.floor(rnd() * 8 * DAY_MS)
    const billable = rnd() < 0.4
    const assigneeId = pick(engineers)
    const incident: Incident = {
      id: uuidv7({ msecs: opened }),
      version: i + 1,
      deleted: false,
      customerId: customer.id,
      licenseId: sub.licenseId,
      subscriptionId: sub.id,
      contactId: uuidv7({ msecs: opened }),
      subject: `${pick(words)} ${pick(words)} ${pick(words)} #${i}`,
      description: `${pick(words)} ${pick(words)} ${pick(words)} ${pick(words)} after the upgrade`,
      severity,
      category,
      status,
      assigneeId,
      openedAt: iso(opened),
      respondedAt: responded ? iso(respondedAt) : null,
      resolvedAt: finished ? iso(resolvedAt) : null,
      closedAt: status === 'closed' ? iso(resolvedAt + DAY_MS) : null,
      resolution: finished ? pick(['answered', 'workaround', 'upgrade-required'] as const) : null,
      duplicateOfId: null,
      extendedHours: false,
      entitlement: {
        decision: 'covered',
        reasons: [{ ruleId: 'R-SA-5', message: 'Covered by the active subscription.' }],
        allowance: null,
        actions: [],
        evaluatedAt: iso(opened),
        planId: sub.planId,
      },
      overAllowance: false,
      overAllowanceAction: null,
      responseDueAt: iso(opened + 4 * 3_600_000),
      slaEvents:
        rnd() < 0.15
          ? [
              { type: 'pause', at: iso(respondedAt + 3_600_000), by: assigneeId },
              { type: 'resume', at: iso(respondedAt + 30 * 3_600_000), by: null },
            ]
          : [],
      rootCause: null,
      kbArticleExisted: rnd() < 0.5,
      billing: { billable, reasons: [] },
    }
    incidents.push(incident)
    const own = packsOf.get(customer.id) ?? []
    for (let k = 0; k < (counts[i] as number); k++) {
      const started = k === 0 ? opened + 10 * 60_000 : opened + Math.floor(rnd() * 10 * DAY_MS)
      const day = iso(started).slice(0, 10)
      const pack = billable ? own.filter((p) => p.purchasedAt <= day).at(-1) : undefined
      entries.push({
        id: uuidv7({ msecs: started }),
        version: 1,
        deleted: false,
        incidentId: incident.id,
        // as timeEntry.log writes it
        customerId: customer.id,
        userId: rnd() < 0.8 ? assigneeId : pick(engineers),
        minutes: 5 + Math.floor(rnd() * 115),
        startedAt: iso(started),
        kind: pick(TIME_ENTRY_KINDS.filter((t) => t !== 'remote-session')),
        note: `${pick(words)} ${pick(words)}`,
        billable,
        billableOverride:
          rnd() < 0.02
            ? { billable: !billable, reason: 'agreed with the customer', by: assigneeId, at: null }
            : null,
        supportPackId: pack?.id ?? null,
        remoteAccessAgreementId: null,
      })
    }
    if (incidents.length === BATCH || i === INCIDENTS - 1) {
      await inBatches(db, 'incidents', incidents)
      await inBatches(db, 'timeEntries', entries)
      written = { incidents: written.incidents + incidents.length, entries: written.entries + entries.length }
      incidents = []
      entries = []
    }
  }
  // largest first: the statement's heaviest customer is customers[0]
  return { teams, engineers, customers: customers.map((c) => c.id), ...written }
}
