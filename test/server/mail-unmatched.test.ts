/**
 * Unmatched mail over real HTTP on both databases: a stranger's mail (with an attachment) waits in its team's
 * Unmatched list; an engineer or an admin of that team attaches it to a customer, as a new contact or to an
 * existing one, and the incident opens with the deadline any incident of that contract gets, carrying the mail's
 * attachments for the team to download. Another team's engineer sees none of it (their attach reads exactly as
 * an unknown id does); attaching twice answers clearly and changes nothing.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { fetchOnce } from '../../server/src/mail/fetcher'
import type { MailboxConnection } from '../../server/src/mail/mailboxes'
import { unmatchedListSchema } from '../../shared/protocol/mail-admin'
import { dialects } from '../support/databases'
import { useMailServers } from '../support/mail-servers'
import { composeMail, dovecotMailbox } from '../support/mail'
import { api, loginAs, seedUsers, startTestServer, type TestServer } from '../support/server'
import { newId, TestClient, type Loose } from '../support/sync-client'

const daysAgo = (n: number): string => new Date(Date.now() - n * 86_400_000).toISOString().slice(0, 10)

const servers = useMailServers({ dovecot: true })

describe.each(dialects)('Unmatched mail, attached over HTTP (%s)', (dialect) => {
  let t: TestServer
  let conn: MailboxConnection
  let alice: TestClient
  let bobToken: string
  let adminToken: string
  let redCustomer: string
  let blueCustomer: string
  let samId: string
  let licenseId: string
  const uniq = `${dialect}-${Date.now()}`
  const deps = () => ({ db: t.db, now: () => new Date(), dataDir: t.fresh.dataDir })

  beforeAll(async () => {
    t = await startTestServer(dialect)
    const { red, blue } = await seedUsers(t.db)
    conn = await dovecotMailbox(deps(), servers.dovecot, red.id, `support-${uniq}@desk.test`)

    alice = new TestClient(t.url, (await loginAs(t.url, 'alice')).accessToken)
    bobToken = (await loginAs(t.url, 'bob')).accessToken
    adminToken = (await loginAs(t.url, 'admin')).accessToken
    ;[redCustomer, blueCustomer, samId, licenseId] = [newId(), newId(), newId(), newId()]
    await alice.pushOk([
      alice.mutation('customer.create', { id: redCustomer, name: 'Silver Mail Inc', teamId: red.id }),
      alice.mutation('contact.add', {
        id: samId,
        customerId: redCustomer,
        name: 'Sam Silver',
        email: 'sam@silver.test',
        named: true,
      }),
      alice.mutation('license.add', {
        id: licenseId,
        customerId: redCustomer,
        product: 'SMTPmail',
        edition: 'Standard',
        major: 5,
        currentMajor: 5,
        os: 'windows',
        purchasedAt: daysAgo(30),
      }),
      alice.mutation('subscription.buy', {
        id: newId(),
        customerId: redCustomer,
        licenseId,
        planId: 'softartisans-gold',
        start: daysAgo(30),
      }),
    ])
    const bob = new TestClient(t.url, bobToken)
    await bob.pushOk([
      bob.mutation('customer.create', { id: blueCustomer, name: 'Blue Ltd', teamId: blue.id }),
    ])
  }, 60_000)
  afterAll(async () => t?.close())

  async function strangerMail(from: string, tag: string, attachment?: Buffer): Promise<string> {
    const messageId = `${tag}-${uniq}@prospect.test`
    await servers.dovecot.deliver(
      await composeMail({
        from,
        to: conn.address,
        subject: `Evaluation question ${tag}`,
        messageId,
        text: 'Does SMTPmail relay over IPv6?',
        attachments: attachment
          ? [{ filename: 'spec.txt', content: attachment, contentType: 'text/plain' }]
          : [],
      }),
    )
    const [outcome] = await fetchOnce(deps(), conn)
    expect(outcome!.disposition).toBe('unmatched')
    const row = await t.db.read
      .selectFrom('mail_unmatched')
      .select('id')
      .where('message_id', '=', messageId)
      .executeTakeFirstOrThrow()
    return row.id
  }

  const attach = (id: string, token: string, body: unknown) =>
    api(t.url, 'POST', `/v1/mail/unmatched/${id}/attach`, { token, body })

  async function incident(id: string): Promise<Loose | undefined> {
    const row = await t.db.read.selectFrom('incidents').select('data').where('id', '=', id).executeTakeFirst()
    return row ? (typeof row.data === 'string' ? JSON.parse(row.data) : row.data) : undefined
  }

  /** the response deadline the app's own incident.open gives this contact at this instant */
  async function twinDeadline(contactId: string, openedAt: string): Promise<string> {
    const twinId = newId()
    await alice.pushOk([
      alice.mutation('incident.open', {
        id: twinId,
        customerId: redCustomer,
        contactId,
        licenseId,
        subject: 'Twin',
        severity: 'standard',
        category: 'question',
        openedAt,
      }),
    ])
    return (await incident(twinId))!.responseDueAt
  }

  it('an engineer of the team attaches it as a new contact: the incident opens with its attachment', async () => {
    const spec = Buffer.from('IPv6 relay requirements\n'.repeat(30))
    const id = await strangerMail('Pat Prospect <pat@prospect.test>', 'new-contact', spec)

    // the team sees it, with what it carries; another team does not
    const listed = await api(t.url, 'GET', '/v1/mail/unmatched', { token: alice.token })
    const item = (listed.body.unmatched as Loose[]).find((u) => u.id === id)
    expect(item).toMatchObject({
      from: { address: 'pat@prospect.test', name: 'Pat Prospect' },
      attachments: [{ fileName: 'spec.txt', mediaType: 'text/plain', size: spec.length, inline: false }],
    })
    // the app reads the list with the wire schema: what the server answers is what the reading pane shows
    const wire = unmatchedListSchema.parse(listed.body).unmatched.find((u) => u.id === id)
    expect(wire?.attachments).toEqual([
      { fileName: 'spec.txt', mediaType: 'text/plain', size: spec.length, inline: false },
    ])
    expect(wire?.droppedAttachments).toEqual([])
    const bobList = await api(t.url, 'GET', '/v1/mail/unmatched', { token: bobToken })
    expect((bobList.body.unmatched as Loose[]).map((u) => u.id)).not.toContain(id)

    // another team's engineer: exactly what an unknown id gets, even naming their own customer
    const forged = await attach(id, bobToken, { customerId: blueCustomer, newContact: { name: 'Pat' } })
    const unknown = await attach(newId(), bobToken, { customerId: blueCustomer, newContact: { name: 'Pat' } })
    expect(forged.status).toBe(404)
    expect(forged.body).toEqual(unknown.body)
    // the team's engineer can't move it to another team's customer, and must name a contact
    const elsewhere = await attach(id, alice.token, { customerId: blueCustomer, newContact: { name: 'Pat' } })
    expect(elsewhere.status).toBe(400)
    expect(elsewhere.body.error.field).toBe('customerId')
    const neither = await attach(id, alice.token, { customerId: redCustomer })
    expect(neither.status).toBe(400)
    expect(neither.body.error.field).toBe('contactId')
    expect(await t.db.read.selectFrom('incidents').select('id').execute()).toHaveLength(0)

    const done = await attach(id, alice.token, {
      customerId: redCustomer,
      newContact: { name: 'Pat Prospect', named: false },
    })
    expect(done.status).toBe(200)
    const { incidentId, contactId } = done.body as { incidentId: string; contactId: string }
    const opened = (await incident(incidentId))!
    expect(opened).toMatchObject({
      customerId: redCustomer,
      contactId,
      licenseId,
      subject: 'Evaluation question new-contact',
      description: 'Does SMTPmail relay over IPv6?',
      status: 'new',
    })
    // a contact who is not named: D-5 decides as for any incident, and the deadline is the app's own
    expect(opened.entitlement.reasons.map((r: Loose) => r.ruleId)).toContain('D-5')
    expect(opened.responseDueAt).toBe(await twinDeadline(contactId, opened.openedAt))

    // the mail is on the timeline with its attachment, which the team downloads and others can't
    await alice.pullAll()
    const event = [...alice.rows.values()].find(
      (r) => (r as Loose).incidentId === incidentId && (r as Loose).kind === 'mail-in',
    ) as Loose
    expect(event.data.attachments).toMatchObject([{ fileName: 'spec.txt', size: spec.length }])
    const fileId = event.data.attachments[0].id as string
    const download = await fetch(`${t.url}/v1/attachments/${fileId}`, {
      headers: { authorization: `Bearer ${alice.token}` },
    })
    expect(download.status).toBe(200)
    expect(Buffer.from(await download.arrayBuffer()).equals(spec)).toBe(true)
    const bobDownload = await fetch(`${t.url}/v1/attachments/${fileId}`, {
      headers: { authorization: `Bearer ${bobToken}` },
    })
    expect(bobDownload.status).toBe(404)

    // no longer unmatched; attaching again answers clearly and opens nothing more
    const after = await api(t.url, 'GET', '/v1/mail/unmatched', { token: alice.token })
    expect((after.body.unmatched as Loose[]).map((u) => u.id)).not.toContain(id)
    const count = (await t.db.read.selectFrom('incidents').select('id').execute()).length
    const again = await attach(id, alice.token, {
      customerId: redCustomer,
      newContact: { name: 'Pat Prospect', named: false },
    })
    expect(again.status).toBe(409)
    expect(again.body.error.message).toBe('This mail is already attached to an incident.')
    expect(await t.db.read.selectFrom('incidents').select('id').execute()).toHaveLength(count)
  })

  it('an administrator attaches it to an existing named contact: covered, with that contract’s deadline', async () => {
    const id = await strangerMail('sam.private@home.test', 'existing-contact')
    const done = await attach(id, adminToken, { customerId: redCustomer, contactId: samId })
    expect(done.status).toBe(200)
    const opened = (await incident(done.body.incidentId))!
    expect(opened).toMatchObject({ customerId: redCustomer, contactId: samId, licenseId })
    expect(opened.entitlement.decision).toBe('covered')
    expect(opened.responseDueAt).not.toBeNull()
    expect(opened.responseDueAt).toBe(await twinDeadline(samId, opened.openedAt))
    const row = await t.db.read
      .selectFrom('mail_unmatched')
      .selectAll()
      .where('id', '=', id)
      .executeTakeFirstOrThrow()
    expect(row).toMatchObject({ incident_id: done.body.incidentId })
    expect(row.attached_by).not.toBeNull()
  })
})
