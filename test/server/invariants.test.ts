/**
 * P5 on the server, over HTTP, on SQLite and PostgreSQL: global invariants hold in arrival order. A Silver
 * contract allows 5 priority incidents a year (R-SA-5). With 4 already open, two clients each open what is
 * the fifth and sixth in arrival order (each believing it takes the last slot), at the same time: both
 * incidents are stored, and exactly one — the one that arrived second — is flagged over allowance (D-2).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { dialects, stopPostgres } from '../support/databases'
import { loginAs, seedUsers, startTestServer, type TestServer } from '../support/server'
import { newId, TestClient } from '../support/sync-client'
import { smtpmailLicense } from '@shared/mutations/fixtures.testkit'

afterAll(stopPostgres)

const daysAgo = (n: number): string => new Date(Date.now() - n * 86_400_000).toISOString().slice(0, 10)

function incident(id: string, customerId: string, contactId: string, licenseId: string, subject: string) {
  return {
    id,
    customerId,
    contactId,
    licenseId,
    subject,
    description: '',
    severity: 'priority',
    category: 'question',
  }
}

describe.each(dialects)('global invariants on %s', (dialect) => {
  let t: TestServer
  beforeAll(async () => {
    t = await startTestServer(dialect)
    await seedUsers(t.db)
  })
  afterAll(async () => t?.close())

  async function silverContract(alreadyOpen: number) {
    const session = await loginAs(t.url, 'alice')
    const setup = new TestClient(t.url, session.accessToken)
    const teamId = session.user.teams[0]!
    const [customerId, contactId, licenseId, subscriptionId] = [newId(), newId(), newId(), newId()]
    const prep = await setup.pushOk([
      setup.mutation('customer.create', { id: customerId, name: 'Silver Mail Inc', teamId }),
      setup.mutation('contact.add', {
        id: contactId,
        customerId,
        name: 'Sam Silver',
        email: 'sam@silver.test',
      }),
      setup.mutation('license.add', smtpmailLicense(licenseId, customerId, daysAgo(30))),
      setup.mutation('subscription.buy', {
        id: subscriptionId,
        customerId,
        licenseId,
        planId: 'softartisans-silver',
        start: daysAgo(30),
      }),
      ...Array.from({ length: alreadyOpen }, (_, i) =>
        setup.mutation(
          'incident.open',
          incident(newId(), customerId, contactId, licenseId, `Priority ${i + 1}`),
        ),
      ),
    ])
    expect(prep.results.map((r) => r.status)).toEqual(Array(4 + alreadyOpen).fill('applied'))
    expect(prep.results.slice(4).every((r) => !(r.flags ?? []).includes('over-allowance'))).toBe(true)
    return { session, customerId, contactId, licenseId }
  }

  it('two clients take the last priority-incident slot of a Silver contract at once: exactly one is over allowance', async () => {
    const { session, customerId, contactId, licenseId } = await silverContract(4)

    // two devices, both offline when they opened "the fifth" incident; they push at the same moment
    const laptop = new TestClient(t.url, session.accessToken)
    const phone = new TestClient(t.url, (await loginAs(t.url, 'admin')).accessToken)
    const ids = [newId(), newId()]
    const [a, b] = await Promise.all([
      laptop.pushOk([
        laptop.mutation(
          'incident.open',
          incident(ids[0]!, customerId, contactId, licenseId, 'From the laptop'),
        ),
      ]),
      phone.pushOk([
        phone.mutation(
          'incident.open',
          incident(ids[1]!, customerId, contactId, licenseId, 'From the phone'),
        ),
      ]),
    ])
    expect([a.results[0]!.status, b.results[0]!.status]).toEqual(['applied', 'applied'])
    const flagged = [a, b].filter((r) => (r.results[0]!.flags ?? []).includes('over-allowance'))
    expect(flagged).toHaveLength(1)
    expect(flagged[0]!.results[0]!.reasons?.length).toBeGreaterThan(0)

    // both are stored; the flag sits on the one that committed second
    const rows = await t.db.read
      .selectFrom('incidents')
      .select(['id', 'version', 'data'])
      .where('id', 'in', ids)
      .orderBy('version')
      .execute()
    expect(rows).toHaveLength(2)
    const data = rows.map(
      (r) => (typeof r.data === 'string' ? JSON.parse(r.data) : r.data) as { overAllowance: boolean },
    )
    expect(data.map((d) => d.overAllowance)).toEqual([false, true])
  })

  it('ten clients open priority incidents on a fresh Silver contract at once: exactly five are covered', async () => {
    const { session, customerId, contactId, licenseId } = await silverContract(0)
    const clients = Array.from({ length: 10 }, () => new TestClient(t.url, session.accessToken))
    const results = await Promise.all(
      clients.map((c, i) =>
        c.pushOk([
          c.mutation('incident.open', incident(newId(), customerId, contactId, licenseId, `Rush ${i}`)),
        ]),
      ),
    )
    const over = results.filter((r) => (r.results[0]!.flags ?? []).includes('over-allowance'))
    expect(results.every((r) => r.results[0]!.status === 'applied')).toBe(true)
    expect(over).toHaveLength(5)
  })
})
