/**
 * Plans and calendars are the organisation's rules: only an administrator may save them (plan.save and
 * calendar.save are admin-scoped), and the server enforces it whatever the client's screen allowed.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { presets } from '@shared/policy'
import { dialects, stopPostgres } from '../support/databases'
import { loginAs, seedUsers, startTestServer, type TestServer } from '../support/server'
import { TestClient } from '../support/sync-client'

afterAll(stopPostgres)

describe.each(dialects)('catalog saves on %s', (dialect) => {
  let t: TestServer
  let engineer: TestClient
  let admin: TestClient

  beforeAll(async () => {
    t = await startTestServer(dialect)
    await seedUsers(t.db)
    engineer = new TestClient(t.url, (await loginAs(t.url, 'alice')).accessToken)
    admin = new TestClient(t.url, (await loginAs(t.url, 'admin')).accessToken)
  })
  afterAll(async () => t?.close())

  const calendar = {
    ...presets.calendars['addonmail-paris']!,
    id: 'paris-office',
    label: 'Paris office',
  }
  const plan = {
    ...presets.plans['addonmail-maintenance']!,
    id: 'paris-maintenance',
    calendarId: 'paris-office',
  }
  const count = async (table: 'plans' | 'calendars', id: string) =>
    (await t.db.read.selectFrom(table).select('id').where('id', '=', id).execute()).length

  it('an engineer cannot save a calendar or a plan: refused as forbidden, nothing written', async () => {
    const res = await engineer.pushOk([
      engineer.mutation('calendar.save', { calendar }),
      engineer.mutation('plan.save', { plan: { ...plan, calendarId: 'addonmail-paris' } }),
    ])
    expect(res.results).toMatchObject([
      { status: 'rejected', error: { code: 'forbidden' } },
      { status: 'rejected', error: { code: 'forbidden' } },
    ])
    expect(await count('calendars', 'paris-office')).toBe(0)
    expect(await count('plans', 'paris-maintenance')).toBe(0)
  })

  it('an admin saves both, the plan on the new calendar', async () => {
    const res = await admin.pushOk([
      admin.mutation('calendar.save', { calendar }),
      admin.mutation('plan.save', { plan }),
    ])
    expect(res.results.map((r) => r.status)).toEqual(['applied', 'applied'])
    expect(await count('calendars', 'paris-office')).toBe(1)
    expect(await count('plans', 'paris-maintenance')).toBe(1)
  })

  it('an engineer cannot overwrite what an admin saved', async () => {
    const res = await engineer.pushOk([
      engineer.mutation('calendar.save', { calendar: { ...calendar, label: 'Hijacked' }, baseVersion: 0 }),
    ])
    expect(res.results[0]).toMatchObject({ status: 'rejected', error: { code: 'forbidden' } })
    const [row] = await t.db.read
      .selectFrom('calendars')
      .select('data')
      .where('id', '=', 'paris-office')
      .execute()
    // jsonb on PostgreSQL comes back parsed, text on SQLite as a string
    const data = (typeof row!.data === 'string' ? JSON.parse(row!.data) : row!.data) as { label: string }
    expect(data.label).toBe('Paris office')
  })
})
