/**
 * The demo organisation is made relative to the instant it is loaded: at a Tuesday morning, a Friday afternoon
 * (SoftArtisans has closed for the weekend) and a Sunday, a newcomer's queue holds incidents breached, at risk,
 * due later today and waiting on the customer, every preset plan is sold, every customer has three named
 * contacts, and both teams have an engineer. The states are read back from the rows the server stored, with
 * the rulebook's own "at risk" (shared/policy), as the queue computes them.
 */
import { DateTime } from 'luxon'
import { afterAll, describe, expect, it } from 'vitest'
import type { Plan, Severity } from '@shared/domain'
import { atRiskUntil, presets, responseCalendarId } from '@shared/policy'
import { loadDemo } from '../../server/src/cli/demo'
import type { Db } from '../../server/src/db/connect'
import { freshDatabase, openFresh } from '../support/databases'

interface IncidentData {
  status: string
  severity: Severity
  subscriptionId: string | null
  respondedAt: string | null
  responseDueAt: string | null
  assigneeId: string | null
  slaEvents: { type: string }[]
}

async function rowsOf<T>(db: Db, table: 'incidents' | 'subscriptions' | 'contacts'): Promise<T[]> {
  const rows = await db.read.selectFrom(table).select(['id', 'data']).where('deleted', '=', 0).execute()
  return rows.map((r) => ({ ...(JSON.parse(r.data) as T), id: r.id }))
}

const zone = 'America/New_York'
const instants = {
  'a Tuesday at 10:00': '2026-03-10T10:00',
  'a Friday at 16:30': '2026-03-13T16:30',
  'a Sunday at 11:00': '2026-03-15T11:00',
  'a Wednesday at 23:30': '2026-03-11T23:30',
}

const cleanups: (() => Promise<void>)[] = []
afterAll(async () => {
  for (const cleanup of cleanups) await cleanup()
})

describe.each(Object.entries(instants))('the demo made on %s (New York)', (_, local) => {
  const now = DateTime.fromISO(local, { zone }).toJSDate()
  let db: Db
  const load = async () => {
    const fresh = await freshDatabase('sqlite')
    db = await openFresh(fresh)
    cleanups.push(async () => {
      await db.close()
      await fresh.cleanup()
    })
    process.env.CASELOAD_DEMO_PASSWORD = 'demo-password-1'
    await loadDemo(db, { now, zone })
  }

  it('shows a working queue: breached, at risk, due later today and waiting on the customer', async () => {
    await load()
    const subscriptions = new Map(
      (await rowsOf<{ id: string; planId: string }>(db, 'subscriptions')).map((s) => [s.id, s.planId]),
    )
    const counts = { breached: 0, 'at-risk': 0, 'due-today': 0, 'due-later': 0, waiting: 0, resolved: 0 }
    const endOfToday = DateTime.fromJSDate(now, { zone }).endOf('day').toMillis()
    const incidents = await rowsOf<IncidentData>(db, 'incidents')
    expect(incidents).toHaveLength(60)
    for (const i of incidents) {
      if (i.status === 'resolved') counts.resolved++
      if (i.status === 'waiting-on-customer') {
        counts.waiting++
        expect(i.slaEvents.at(-1)?.type, 'its SLA clock is paused').toBe('pause')
      }
      if (i.status !== 'new' || i.respondedAt !== null || i.responseDueAt === null) continue
      const plan = presets.plans[subscriptions.get(i.subscriptionId ?? '') ?? ''] as Plan
      const calendarId = responseCalendarId(plan, i.severity)
      expect(calendarId).not.toBeNull()
      const due = Date.parse(i.responseDueAt)
      const riskUntil = Date.parse(atRiskUntil(calendarId!, now.toISOString()))
      const state =
        due < now.getTime()
          ? 'breached'
          : due <= riskUntil
            ? 'at-risk'
            : due <= endOfToday
              ? 'due-today'
              : 'due-later'
      counts[state]++
    }
    expect(counts.breached).toBeGreaterThanOrEqual(4)
    expect(counts['at-risk']).toBeGreaterThanOrEqual(3)
    expect(counts.waiting).toBeGreaterThanOrEqual(5)
    expect(counts.resolved).toBeGreaterThanOrEqual(20)
    // in the last half hour of a day nothing is due later that day without being at risk: due next instead
    if (local.endsWith('23:30')) expect(counts['due-later']).toBeGreaterThanOrEqual(3)
    else expect(counts['due-today']).toBeGreaterThanOrEqual(3)
  })

  it('sells every preset plan, names three contacts at each customer, and staffs both teams', async () => {
    const sold = new Set((await rowsOf<{ planId: string }>(db, 'subscriptions')).map((s) => s.planId))
    expect([...sold].sort()).toEqual(Object.keys(presets.plans).sort())
    expect(sold).toContain('softartisans-platinum')

    const contacts = await rowsOf<{ customerId: string; name: string; named: boolean }>(db, 'contacts')
    const customers = await db.read.selectFrom('customers').select(['id', 'team_id']).execute()
    expect(customers).toHaveLength(20)
    for (const customer of customers) {
      const theirs = contacts.filter((c) => c.customerId === customer.id)
      expect(theirs.filter((c) => c.named).length, customer.id).toBeGreaterThanOrEqual(3)
      expect(new Set(theirs.map((c) => c.name)).size, 'different people').toBe(theirs.length)
    }

    const engineers = await db.read
      .selectFrom('users')
      .innerJoin('user_teams', 'user_teams.user_id', 'users.id')
      .innerJoin('teams', 'teams.id', 'user_teams.team_id')
      .select(['users.username', 'teams.name'])
      .where('users.role', '=', 'engineer')
      .execute()
    expect(new Set(engineers.map((e) => e.name))).toEqual(new Set(['Mail Desk', 'Enterprise Accounts']))
    expect(new Set(engineers.map((e) => e.username)).size).toBe(2)
    // each team has customers, and incidents assigned to its engineer
    expect(new Set(customers.map((c) => c.team_id)).size).toBe(2)
    const assignees = new Set((await rowsOf<IncidentData>(db, 'incidents')).map((i) => i.assigneeId))
    const ids = await db.read.selectFrom('users').select('id').where('role', '=', 'engineer').execute()
    for (const { id } of ids) expect(assignees).toContain(id)
  })
})
