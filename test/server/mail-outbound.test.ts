/**
 * Outbound mail over a real SMTP sink, both databases: a comment to the customer is sent once from the team's
 * address with the Message-ID of its event, In-Reply-To/References of the thread and the ticket token, whatever
 * duplicate pushes happen; the customer's answer threads back; an SMTP refusal shows as failed with its reason
 * and "retry" sends it; internal notes never leave. Mailbox secrets never appear in answers, rows or logs.
 */
import { randomBytes } from 'node:crypto'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { ticketToken } from '../../shared/mutations/mail'
import { unlinkSync } from 'node:fs'
import { contentPath } from '../../server/src/attachments/content'
import { fetchOnce } from '../../server/src/mail/fetcher'
import { mailboxConnection, type MailboxConnection } from '../../server/src/mail/mailboxes'
import { SecretBox } from '../../server/src/mail/secrets'
import { dialects } from '../support/databases'
import { imapSettingsOf } from '../support/dovecot'
import { useMailServers } from '../support/mail-servers'
import { api, loginAs, seedUsers, startTestServer, type TestServer } from '../support/server'
import { until } from '../support/until'
import { rowKey } from '../../shared/protocol/rows'
import { newId, TestClient, type Loose } from '../support/sync-client'

const servers = useMailServers({ dovecot: true, sink: true })

describe.each(dialects)('outbound mail (%s)', (dialect) => {
  let t: TestServer
  let conn: MailboxConnection
  let client: TestClient
  let incidentId: string
  let customerId: string
  const logs: string[] = []
  const uniq = `${dialect}-${Date.now()}`
  const address = `support-${uniq}@desk.test`
  const box = SecretBox.fromKey(randomBytes(32))
  const smtpPassword = `smtp-secret-${uniq}`

  beforeAll(async () => {
    t = await startTestServer(dialect, {
      logLevel: 'info',
      logStream: { write: (line: string) => void logs.push(line) },
      mail: { box, fetch: false, sender: { intervalMs: 50, backoffMs: 50, maxAttempts: 2 } },
    })
    const { red } = await seedUsers(t.db)
    const admin = await loginAs(t.url, 'admin')
    const created = await api(t.url, 'POST', '/v1/mail/mailboxes', {
      token: admin.accessToken,
      body: {
        teamId: red.id,
        address,
        displayName: 'Red Desk',
        imap: imapSettingsOf(servers.dovecot),
        smtp: {
          host: servers.sink.host,
          port: servers.sink.port,
          tls: false,
          user: 'desk',
          password: smtpPassword,
        },
      },
    })
    expect(created.status).toBe(201)
    conn = (await mailboxConnection(t.db, box, created.body.mailbox.id))!
    await fetchOnce({ db: t.db, now: () => new Date(), dataDir: t.fresh.dataDir }, conn)

    const session = await loginAs(t.url, 'alice')
    client = new TestClient(t.url, session.accessToken)
    customerId = newId()
    const contactId = newId()
    await client.pushOk([
      client.mutation('customer.create', { id: customerId, name: 'Mail Customer', teamId: red.id }),
      client.mutation('contact.add', {
        id: contactId,
        customerId,
        name: 'Cory',
        email: 'cory@customer.test',
      }),
    ])
    await servers.dovecot.deliver(
      [
        'From: Cory <cory@customer.test>',
        `To: ${address}`,
        'Subject: Bounces from our relay',
        `Message-ID: <ask-${uniq}@customer.test>`,
        '',
        'Our relay bounces every mail to example.org.',
        '',
      ].join('\r\n'),
    )
    const [opened] = await fetchOnce({ db: t.db, now: () => new Date(), dataDir: t.fresh.dataDir }, conn)
    expect(opened!.disposition).toBe('incident')
    incidentId = opened!.incidentId!
  }, 60_000)
  afterAll(async () => t?.close())

  async function eventMail(eventId: string): Promise<Loose | undefined> {
    const row = await t.db.read
      .selectFrom('incident_events')
      .select('data')
      .where('id', '=', eventId)
      .executeTakeFirst()
    if (!row) return undefined
    const data = typeof row.data === 'string' ? JSON.parse(row.data) : row.data
    return data.data?.mail
  }

  it('never gives the mailbox secrets away: not in answers, not in the row, not in the logs', async () => {
    const admin = await loginAs(t.url, 'admin')
    const list = await api(t.url, 'GET', '/v1/mail/mailboxes', { token: admin.accessToken })
    expect(list.status).toBe(200)
    const text = JSON.stringify(list.body)
    expect(text).toContain(address)
    expect(text).not.toContain(smtpPassword)
    expect(text).not.toContain(servers.dovecot.password)
    expect(list.body.mailboxes[0].smtp.passwordSet).toBe(true)
    const row = await t.db.read
      .selectFrom('mailboxes')
      .selectAll()
      .where('address', '=', address)
      .executeTakeFirstOrThrow()
    expect(JSON.stringify(row)).not.toContain(smtpPassword)
    expect(JSON.stringify(row)).not.toContain(servers.dovecot.password)
    expect(box.open(row.smtp_secret!)).toBe(smtpPassword)
    expect(logs.join('\n')).not.toContain(smtpPassword)
    expect(logs.join('\n')).not.toContain(servers.dovecot.password)
    // engineers may not even list them
    const alice = await loginAs(t.url, 'alice')
    expect((await api(t.url, 'GET', '/v1/mail/mailboxes', { token: alice.accessToken })).status).toBe(403)
  })

  it('a reply to the customer is sent once, threaded, from the team address, whatever the duplicate pushes', async () => {
    const before = servers.sink.mails.length
    const commentId = newId()
    const respond = client.mutation('incident.respond', {
      id: commentId,
      incidentId,
      body: 'Please send us the relay log of this morning.',
    })
    const first = await client.pushOk([respond])
    expect(first.results[0]!.status).toBe('applied')
    // the same batch again (a retry after a lost answer), and another device pushing the same comment
    await client.pushOk([respond])
    const other = new TestClient(t.url, client.token)
    await other.pushOk([other.mutation('incident.respond', respond.args as object)])

    const mails = await servers.sink.waitFor(before + 1)
    const state = await until('sent state', async () => {
      const m = await eventMail(commentId)
      return m?.state === 'sent' ? m : undefined
    })
    await new Promise((r) => setTimeout(r, 300))
    expect(servers.sink.mails).toHaveLength(before + 1)
    const sent = mails[before]!
    const domain = address.split('@')[1]
    expect(sent.parsed.messageId).toBe(`<${commentId}@${domain}>`)
    expect(state.messageId).toBe(`${commentId}@${domain}`)
    expect(sent.parsed.inReplyTo).toBe(`<ask-${uniq}@customer.test>`)
    expect(String(sent.parsed.references)).toContain(`<ask-${uniq}@customer.test>`)
    expect(sent.parsed.subject).toBe(`Re: Bounces from our relay ${ticketToken(incidentId)}`)
    expect(sent.parsed.from?.value[0]).toMatchObject({ address, name: 'Red Desk' })
    expect(sent.to).toEqual(['cory@customer.test'])
    expect(sent.parsed.text?.trim()).toBe('Please send us the relay log of this morning.')

    // the client sees it on the timeline
    await client.pullAll()
    const synced = client.rows.get(rowKey('incidentEvents', commentId)) as Loose
    expect(synced.data.mail.state).toBe('sent')

    // the customer's answer threads back by In-Reply-To
    await servers.dovecot.deliver(
      [
        'From: cory@customer.test',
        `To: ${address}`,
        'Subject: Re: logs',
        `Message-ID: <answer-${uniq}@customer.test>`,
        `In-Reply-To: <${commentId}@${domain}>`,
        '',
        'Attached.',
        '',
      ].join('\r\n'),
    )
    const [answer] = await fetchOnce({ db: t.db, now: () => new Date(), dataDir: t.fresh.dataDir }, conn)
    expect(answer).toMatchObject({ disposition: 'reply', incidentId })
  })

  /** the event's mail state once it is `state` */
  const reaches = (eventId: string, state: string) =>
    until(`${state} state`, async () => {
      const m = await eventMail(eventId)
      return m?.state === state ? m : undefined
    })

  async function upload(id: string, fileName: string, bytes: Buffer, type: string): Promise<Loose> {
    const q = new URLSearchParams({ customerId, fileName })
    const res = await fetch(`${t.url}/v1/attachments/${id}?${q}`, {
      method: 'PUT',
      headers: { authorization: `Bearer ${client.token}`, 'content-type': type },
      body: new Uint8Array(bytes),
    })
    expect(res.status).toBe(200)
    return (await res.json()) as Loose
  }

  /** a comment on the incident, pushed (an external one goes to the customer by mail); its id */
  async function comment(
    body: string,
    visibility: 'external' | 'internal',
    attachmentIds?: string[],
  ): Promise<string> {
    const id = newId()
    await client.pushOk([
      client.mutation('incident.comment', {
        id,
        incidentId,
        body,
        visibility,
        ...(attachmentIds ? { attachmentIds } : {}),
      }),
    ])
    return id
  }

  it('a reply with attachments carries the files, byte for byte, with their names and types', async () => {
    const before = servers.sink.mails.length
    const log = Buffer.from('2026-12-04 08:00:01 relay: 550 5.7.1 refused\n'.repeat(200))
    const zip = randomBytes(3000)
    const [logId, zipId] = [newId(), newId()]
    await upload(logId, 'relay.log', log, 'text/plain')
    await upload(zipId, 'trace bundle.zip', zip, 'application/zip')
    const commentId = newId()
    await client.pushOk([
      client.mutation('incident.respond', {
        id: commentId,
        incidentId,
        body: 'The relay log and the trace are attached.',
        attachmentIds: [logId, zipId],
      }),
    ])
    const [sent] = (await servers.sink.waitFor(before + 1)).slice(before)
    expect(sent!.parsed.text?.trim()).toBe('The relay log and the trace are attached.')
    const files = sent!.parsed.attachments
    expect(files.map((f) => [f.filename, f.contentType])).toEqual([
      ['relay.log', 'text/plain'],
      ['trace bundle.zip', 'application/zip'],
    ])
    expect(files[0]!.content.equals(log)).toBe(true)
    expect(files[1]!.content.equals(zip)).toBe(true)
    await reaches(commentId, 'sent')
  })

  it('a reply whose file is not on the server yet waits for it, saying so, and then goes with it', async () => {
    const before = servers.sink.mails.length
    const bytes = Buffer.from('late upload\n'.repeat(50))
    const fileId = newId()
    const meta = await upload(fileId, 'late.txt', bytes, 'text/plain')
    // the metadata is here but the bytes are not (an upload still on its way to this data dir)
    unlinkSync(contentPath(t.fresh.dataDir, meta.sha256))
    const commentId = await comment('See the file.', 'external', [fileId])
    const waiting = await reaches(commentId, 'retrying')
    expect(waiting.error).toBe(
      'Waiting for the attachment late.txt to reach the server; the reply is sent with it.',
    )
    // several more rounds of the sender: still nothing sent without the file, and never failed
    await new Promise((r) => setTimeout(r, 500))
    expect(servers.sink.mails).toHaveLength(before)
    expect((await eventMail(commentId))?.state).toBe('retrying')

    // the upload arrives (the same id and content again: idempotent)
    await upload(fileId, 'late.txt', bytes, 'text/plain')
    const [sent] = (await servers.sink.waitFor(before + 1)).slice(before)
    expect(sent!.parsed.attachments.map((f) => f.filename)).toEqual(['late.txt'])
    expect(sent!.parsed.attachments[0]!.content.equals(bytes)).toBe(true)
    const done = await reaches(commentId, 'sent')
    expect(done.error).toBeNull()
    expect(servers.sink.mails).toHaveLength(before + 1)
  })

  it('an internal note sends nothing', async () => {
    const before = servers.sink.mails.length
    const noteId = await comment('Customer is impatient.', 'internal')
    await new Promise((r) => setTimeout(r, 400))
    expect(servers.sink.mails).toHaveLength(before)
    expect(
      await t.db.read.selectFrom('mail_outbox').selectAll().where('event_id', '=', noteId).execute(),
    ).toEqual([])
  })

  it('an SMTP refusal shows as failed with its reason; retry sends it', async () => {
    const before = servers.sink.mails.length
    servers.sink.reject({ code: 550, message: '5.1.1 Mailbox unavailable' })
    let commentId = ''
    try {
      commentId = await comment('Second answer.', 'external')
      const failed = await until('failed state', async () => {
        const m = await eventMail(commentId)
        return m?.state === 'failed' ? m : undefined
      })
      expect(failed.error).toContain('550')
      expect(failed.error).toContain('Mailbox unavailable')
    } finally {
      servers.sink.reject(null)
    }
    const bob = await loginAs(t.url, 'bob') // another team: may not retry it
    expect(
      (await api(t.url, 'POST', `/v1/mail/outbox/${commentId}/retry`, { token: bob.accessToken })).status,
    ).toBe(404)
    const retried = await api(t.url, 'POST', `/v1/mail/outbox/${commentId}/retry`, { token: client.token })
    expect(retried.status).toBe(200)
    await servers.sink.waitFor(before + 1)
    await until('sent after retry', async () =>
      (await eventMail(commentId))?.state === 'sent' ? true : undefined,
    )
    expect(servers.sink.mails).toHaveLength(before + 1)
    expect(servers.sink.mails[before]!.parsed.messageId).toBe(`<${commentId}@${address.split('@')[1]}>`)
  })
})
