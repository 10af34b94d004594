/**
 * Inbound mail over a real Dovecot (IMAP on loopback) into both databases: a named contact's mail opens one
 * incident with the deadline any incident would get, a mail fetched twice is one entry, replies thread by
 * References, by the subject's ticket token, or open a new incident, machines' mail opens nothing, strangers land
 * in Unmatched, charsets read right and HTML is stored without its scripts.
 */
import { randomBytes } from 'node:crypto'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { sql } from 'kysely'
import { ticketToken, tokenInSubject } from '../../shared/mutations/mail'
import { isTextLike } from '../../shared/protocol/attachments'
import { fetchOnce } from '../../server/src/mail/fetcher'
import { incidentByToken, incidentByTokenQuery } from '../../server/src/mail/lookup'
import type { MailboxConnection } from '../../server/src/mail/mailboxes'
import { dialects } from '../support/databases'
import { useMailServers } from '../support/mail-servers'
import { composeMail, dovecotMailbox, tinyPng } from '../support/mail'
import { loginAs, seedUsers, startTestServer, type TestServer } from '../support/server'
import { newId, TestClient, type Loose } from '../support/sync-client'
import { smtpmailLicense } from '@shared/mutations/fixtures.testkit'

/** the server's and the fetcher's attachment limit here: small, so one part can be over it */
const attachmentLimit = 64 * 1024

const daysAgo = (n: number): string => new Date(Date.now() - n * 86_400_000).toISOString().slice(0, 10)

interface Mail {
  from: string
  subject: string
  body?: string
  messageId: string
  headers?: Record<string, string>
  contentType?: string
  raw?: string
}

function mail(m: Mail): string {
  const lines = [
    `From: ${m.from}`,
    'To: support@desk.test',
    `Subject: ${m.subject}`,
    `Message-ID: <${m.messageId}>`,
    'Date: Fri, 04 Dec 2026 10:00:00 +0000',
    'MIME-Version: 1.0',
    ...Object.entries(m.headers ?? {}).map(([k, v]) => `${k}: ${v}`),
  ]
  if (m.raw !== undefined) return `${lines.join('\r\n')}\r\n${m.raw}`
  lines.push(`Content-Type: ${m.contentType ?? 'text/plain; charset=utf-8'}`)
  return `${lines.join('\r\n')}\r\n\r\n${m.body ?? 'Hello'}\r\n`
}

const servers = useMailServers({ dovecot: true })

describe.each(dialects)('inbound mail (%s)', (dialect) => {
  let t: TestServer
  let conn: MailboxConnection
  let client: TestClient
  let customerId: string
  let namedId: string
  let licenseId: string
  const uniq = `${dialect}-${Date.now()}`
  const deps = () => ({
    db: t.db,
    now: () => new Date(),
    dataDir: t.fresh.dataDir,
    attachmentLimitBytes: attachmentLimit,
  })

  beforeAll(async () => {
    t = await startTestServer(dialect, { attachmentLimitBytes: attachmentLimit })
    const { red } = await seedUsers(t.db)
    conn = await dovecotMailbox(deps(), servers.dovecot, red.id, `support-${uniq}@desk.test`)

    const session = await loginAs(t.url, 'alice')
    client = new TestClient(t.url, session.accessToken)
    ;[customerId, namedId, licenseId] = [newId(), newId(), newId()]
    const setup = await client.pushOk([
      client.mutation('customer.create', { id: customerId, name: 'Silver Mail Inc', teamId: red.id }),
      client.mutation('contact.add', {
        id: namedId,
        customerId,
        name: 'Sam Silver',
        email: 'Sam@Silver.test',
        named: true,
      }),
      client.mutation('contact.add', {
        id: newId(),
        customerId,
        name: 'Una Unnamed',
        email: 'una@silver.test',
      }),
      client.mutation('license.add', smtpmailLicense(licenseId, customerId, daysAgo(30))),
      client.mutation('subscription.buy', {
        id: newId(),
        customerId,
        licenseId,
        planId: 'softartisans-gold',
        start: daysAgo(30),
      }),
    ])
    expect(setup.results.map((r) => r.status)).toEqual(Array(5).fill('applied'))
  }, 60_000)
  afterAll(async () => t?.close())

  async function deliverAndFetch(...raws: string[]) {
    for (const raw of raws) await servers.dovecot.deliver(raw)
    return fetchOnce(deps(), conn)
  }

  async function incidents(): Promise<Loose[]> {
    const rows = await t.db.read.selectFrom('incidents').select(['id', 'data']).execute()
    return rows.map((r) => ({ id: r.id, ...(typeof r.data === 'string' ? JSON.parse(r.data) : r.data) }))
  }

  async function events(incidentId: string): Promise<Loose[]> {
    const rows = await t.db.read.selectFrom('incident_events').select(['id', 'data', 'version']).execute()
    return rows
      .map((r) => ({ id: r.id, ...(typeof r.data === 'string' ? JSON.parse(r.data) : r.data) }))
      .filter((e) => e.incidentId === incidentId)
  }

  it('a named contact’s mail opens one incident with the deadline any incident of that contract gets', async () => {
    const before = (await incidents()).length
    const [outcome] = await deliverAndFetch(
      mail({
        from: 'Sam Silver <sam@silver.test>',
        subject: 'Queue stuck since this morning',
        body: 'Our outbound queue has not moved since 8am.',
        messageId: `first-${uniq}@silver.test`,
      }),
    )
    expect(outcome).toMatchObject({ disposition: 'incident' })
    const all = await incidents()
    expect(all).toHaveLength(before + 1)
    const opened = all.find((i) => i.id === outcome!.incidentId)!
    expect(opened).toMatchObject({
      customerId,
      contactId: namedId,
      licenseId,
      subject: 'Queue stuck since this morning',
      description: 'Our outbound queue has not moved since 8am.',
      status: 'new',
    })
    expect(opened.entitlement.decision).toBe('covered')
    expect(opened.responseDueAt).not.toBeNull()

    // the same contract, the same opening instant, through the app: the same deadline
    const twinId = newId()
    await client.pushOk([
      client.mutation('incident.open', {
        id: twinId,
        customerId,
        contactId: namedId,
        licenseId,
        subject: 'Twin',
        severity: 'standard',
        category: 'question',
        openedAt: opened.openedAt,
      }),
    ])
    const twin = (await incidents()).find((i) => i.id === twinId)!
    expect(opened.responseDueAt).toBe(twin.responseDueAt)

    const timeline = await events(opened.id)
    const mailIn = timeline.filter((e) => e.kind === 'mail-in')
    expect(mailIn).toHaveLength(1)
    expect(mailIn[0]).toMatchObject({
      visibility: 'external',
      body: 'Our outbound queue has not moved since 8am.',
      data: {
        from: { address: 'sam@silver.test', name: 'Sam Silver' },
        messageId: `first-${uniq}@silver.test`,
      },
    })

    // \Seen is set once the mail is committed
    const imap = await servers.dovecot.client()
    try {
      await imap.mailboxOpen('INBOX')
      const seen = await imap.search({ seen: false })
      expect(seen).toEqual([])
    } finally {
      await imap.logout()
    }
  })

  it('the same mail fetched twice is one entry', async () => {
    const raw = mail({
      from: 'sam@silver.test',
      subject: 'Delivered twice',
      messageId: `twice-${uniq}@silver.test`,
    })
    const [first] = await deliverAndFetch(raw)
    expect(first!.disposition).toBe('incident')
    const count = (await incidents()).length
    // the same message again (a copy in the inbox), and the whole inbox re-read from UID 1
    const [again] = await deliverAndFetch(raw)
    expect(again!.disposition).toBe('duplicate')
    await t.db.write.deleteFrom('mail_cursors').execute()
    const reread = await fetchOnce(deps(), conn)
    expect(reread.length).toBeGreaterThan(2)
    expect(reread.every((o) => o.disposition === 'duplicate')).toBe(true)
    expect(await incidents()).toHaveLength(count)
    expect((await events(first!.incidentId!)).filter((e) => e.kind === 'mail-in')).toHaveLength(1)
  })

  it('a reply threads by References, by the ticket token in the subject, and opens a new incident with neither', async () => {
    const [opened] = await deliverAndFetch(
      mail({ from: 'sam@silver.test', subject: 'Thread me', messageId: `thread-${uniq}@silver.test` }),
    )
    const incidentId = opened!.incidentId!
    const count = (await incidents()).length

    const [byRefs] = await deliverAndFetch(
      mail({
        from: 'sam@silver.test',
        subject: 'Re: Thread me',
        body: 'Still broken.',
        messageId: `thread-r1-${uniq}@silver.test`,
        headers: { References: `<unknown-${uniq}@elsewhere.test> <thread-${uniq}@silver.test>` },
      }),
    )
    expect(byRefs).toMatchObject({ disposition: 'reply', incidentId })

    const [byToken] = await deliverAndFetch(
      mail({
        from: 'sam@silver.test',
        subject: `Re: Thread me ${ticketToken(incidentId)}`,
        body: 'Any news?',
        messageId: `thread-r2-${uniq}@silver.test`,
      }),
    )
    expect(byToken).toMatchObject({ disposition: 'reply', incidentId })

    const [neither] = await deliverAndFetch(
      mail({ from: 'sam@silver.test', subject: 'Re: Thread me', messageId: `thread-r3-${uniq}@silver.test` }),
    )
    expect(neither!.disposition).toBe('incident')
    expect(neither!.incidentId).not.toBe(incidentId)
    expect(await incidents()).toHaveLength(count + 1)
    const bodies = (await events(incidentId)).filter((e) => e.kind === 'mail-in').map((e) => e.body)
    expect(bodies.sort()).toEqual(['Any news?', 'Hello', 'Still broken.'].sort())
  })

  it('the subject-token lookup reads the incidents_token index, not the whole table', async () => {
    const [opened] = await deliverAndFetch(
      mail({ from: 'sam@silver.test', subject: 'Token index', messageId: `tokidx-${uniq}@silver.test` }),
    )
    const incidentId = opened!.incidentId!
    // the token names it, in any letter case, and only within the mailbox's team
    const suffix = tokenInSubject(`Re: ${ticketToken(incidentId)}`)!
    expect(await incidentByToken(t.db, conn.teamId, suffix)).toMatchObject({ id: incidentId, customerId })
    expect(await incidentByToken(t.db, conn.teamId, suffix.toUpperCase())).toMatchObject({ id: incidentId })
    expect(await incidentByToken(t.db, newId(), suffix)).toBeNull()

    const query = incidentByTokenQuery(t.db, conn.teamId, suffix)
    let plan: string
    if (dialect === 'sqlite') {
      const compiled = query.compile(t.db.read)
      plan = (
        t.db
          .sqlite!.prepare(`explain query plan ${compiled.sql}`)
          .all(...(compiled.parameters as unknown[])) as Array<{ detail: string }>
      )
        .map((p) => p.detail)
        .join(' | ')
    } else {
      // a table this small is cheaper to scan; forbid that to see whether the index can serve the lookup
      plan = await t.db.write.transaction().execute(async (trx) => {
        await sql`set local enable_seqscan = off`.execute(trx)
        const rows = await sql<{ 'QUERY PLAN': string }>`explain ${query}`.execute(trx)
        return rows.rows.map((r) => r['QUERY PLAN']).join(' | ')
      })
    }
    expect(plan).toMatch(/incidents_token/)
  })

  it('keeps a mail’s attachments as the customer’s: its team downloads them byte for byte, others can’t, an oversized one is named as dropped', async () => {
    const log = Buffer.from('12:00:01 S.O.R. logs analysis\nERROR relay refused 550\n'.repeat(40))
    const csv = Buffer.from('queue,depth\nout,1200\n')
    const big = randomBytes(attachmentLimit + 1)
    const raw = await composeMail({
      from: 'Sam Silver <sam@silver.test>',
      to: conn.address,
      subject: 'Logs attached',
      messageId: `attach-${uniq}@silver.test`,
      text: 'Logs and a screenshot attached.',
      html: '<p>Logs attached.</p><img src="cid:shot@silver.test">',
      attachments: [
        { filename: 'sor.log', content: log, contentType: 'application/octet-stream' },
        { filename: 'queue.csv', content: csv, contentType: 'text/csv' },
        { filename: 'shot.png', content: tinyPng, contentType: 'image/png', cid: 'shot@silver.test' },
        { filename: 'core.dump', content: big, contentType: 'application/octet-stream' },
      ],
    })
    const [outcome] = await deliverAndFetch(raw.toString('latin1'))
    expect(outcome!.disposition).toBe('incident')
    const [event] = (await events(outcome!.incidentId!)).filter((e) => e.kind === 'mail-in')
    const listed: Loose[] = event!.data.attachments
    const byName = new Map(listed.map((a) => [a.fileName as string, a]))
    expect([...byName.keys()].sort()).toEqual(['queue.csv', 'shot.png', 'sor.log'])
    expect(byName.get('sor.log')).toMatchObject({ size: log.length, inline: false })
    expect(byName.get('queue.csv')).toMatchObject({ mediaType: 'text/csv', size: csv.length, inline: false })
    // the inline image the HTML shows by cid: is kept as an attachment
    expect(byName.get('shot.png')).toMatchObject({
      mediaType: 'image/png',
      size: tinyPng.length,
      inline: true,
    })
    expect(event!.data.attachmentIds).toEqual(listed.map((a) => a.id))
    // the mail is kept; the timeline says which file was not, and why
    expect(event!.body).toBe('Logs and a screenshot attached.')
    expect(event!.data.droppedAttachments).toEqual([
      {
        fileName: 'core.dump',
        size: big.length,
        reason: `The attachment is larger than the limit of ${attachmentLimit} bytes.`,
      },
    ])
    // what the app decides to open as text
    const text = (name: string) => isTextLike(name, byName.get(name)!.mediaType)
    expect([text('sor.log'), text('queue.csv'), text('shot.png')]).toEqual([true, true, false])

    const alice = await loginAs(t.url, 'alice')
    const bob = await loginAs(t.url, 'bob')
    for (const [a, bytes] of [
      [byName.get('sor.log')!, log],
      [byName.get('queue.csv')!, csv],
      [byName.get('shot.png')!, tinyPng],
    ] as const) {
      const res = await fetch(`${t.url}/v1/attachments/${a.id}`, {
        headers: { authorization: `Bearer ${alice.accessToken}` },
      })
      expect(res.status).toBe(200)
      expect(Buffer.from(await res.arrayBuffer()).equals(bytes)).toBe(true)
      const type = res.headers.get('content-type')
      expect(type).toBe(a.fileName === 'shot.png' ? 'image/png' : 'text/plain; charset=utf-8')
      // another team's engineer gets what an unknown id gets
      const other = await fetch(`${t.url}/v1/attachments/${a.id}`, {
        headers: { authorization: `Bearer ${bob.accessToken}` },
      })
      expect(other.status).toBe(404)
    }

    // the same mail fetched again stores nothing twice
    const count = async () =>
      Number(
        (
          await t.db.read
            .selectFrom('attachments')
            .select((eb) => eb.fn.countAll<number>().as('n'))
            .executeTakeFirstOrThrow()
        ).n,
      )
    const before = await count()
    const [again] = await deliverAndFetch(raw.toString('latin1'))
    expect(again!.disposition).toBe('duplicate')
    expect(await count()).toBe(before)
  })

  it('a reply’s attachments land on the incident it threads onto', async () => {
    const [opened] = await deliverAndFetch(
      mail({ from: 'sam@silver.test', subject: 'Needs logs', messageId: `needs-${uniq}@silver.test` }),
    )
    const incidentId = opened!.incidentId!
    const relay = Buffer.from('relay trace\n')
    const [reply] = await deliverAndFetch(
      (
        await composeMail({
          from: 'sam@silver.test',
          to: conn.address,
          subject: `Re: Needs logs ${ticketToken(incidentId)}`,
          messageId: `needs-r-${uniq}@silver.test`,
          text: 'Here.',
          attachments: [{ filename: 'relay.txt', content: relay, contentType: 'text/plain' }],
        })
      ).toString('latin1'),
    )
    expect(reply).toMatchObject({ disposition: 'reply', incidentId })
    const replyEvent = (await events(incidentId)).find(
      (e) => e.data?.messageId === `needs-r-${uniq}@silver.test`,
    )
    expect(replyEvent!.data.attachments).toMatchObject([{ fileName: 'relay.txt', size: relay.length }])
    const row = await t.db.read
      .selectFrom('attachments')
      .selectAll()
      .where('id', '=', replyEvent!.data.attachments[0].id)
      .executeTakeFirstOrThrow()
    expect(row.customer_id).toBe(customerId)
  })

  it('a customer’s reply ends "waiting on customer" and resumes the SLA clock', async () => {
    const [opened] = await deliverAndFetch(
      mail({ from: 'sam@silver.test', subject: 'Waiting', messageId: `wait-${uniq}@silver.test` }),
    )
    const incidentId = opened!.incidentId!
    await client.pushOk([
      client.mutation('incident.setStatus', { incidentId, status: 'waiting-on-customer' }),
    ])
    const paused = (await incidents()).find((i) => i.id === incidentId)!
    expect(paused.status).toBe('waiting-on-customer')
    expect(paused.slaEvents.at(-1).type).toBe('pause')

    await deliverAndFetch(
      mail({
        from: 'sam@silver.test',
        subject: 'Re: Waiting',
        messageId: `wait-r-${uniq}@silver.test`,
        headers: { 'In-Reply-To': `<wait-${uniq}@silver.test>` },
      }),
    )
    const resumed = (await incidents()).find((i) => i.id === incidentId)!
    expect(resumed.status).toBe('open')
    expect(resumed.slaEvents.at(-1).type).toBe('resume')
    expect(Date.parse(resumed.responseDueAt)).toBeGreaterThanOrEqual(Date.parse(paused.responseDueAt))
  })

  it('an out-of-office auto-reply and a bounce open nothing and queue nothing', async () => {
    const count = (await incidents()).length
    const outcomes = await deliverAndFetch(
      mail({
        from: 'sam@silver.test',
        subject: 'Out of office: Re: your ticket',
        body: 'I am away until Monday.',
        messageId: `ooo-${uniq}@silver.test`,
        headers: { 'Auto-Submitted': 'auto-replied' },
      }),
      mail({
        from: 'sam@silver.test',
        subject: 'Automatic reply',
        messageId: `ooo2-${uniq}@silver.test`,
        headers: { Precedence: 'auto_reply' },
      }),
      mail({
        from: 'Mail Delivery System <MAILER-DAEMON@mx.silver.test>',
        subject: 'Undelivered Mail Returned to Sender',
        messageId: `bounce-${uniq}@mx.silver.test`,
        raw: [
          'Content-Type: multipart/report; report-type=delivery-status; boundary="b1"',
          '',
          '--b1',
          'Content-Type: text/plain',
          '',
          'Your message could not be delivered.',
          '--b1',
          'Content-Type: message/delivery-status',
          '',
          'Reporting-MTA: dns; mx.silver.test',
          '',
          'Final-Recipient: rfc822; nobody@silver.test',
          'Action: failed',
          'Status: 5.1.1',
          '--b1--',
          '',
        ].join('\r\n'),
      }),
    )
    expect(outcomes.map((o) => o.disposition)).toEqual(['auto-reply', 'auto-reply', 'bounce'])
    expect(await incidents()).toHaveLength(count)
    expect(await t.db.read.selectFrom('mail_outbox').selectAll().execute()).toEqual([])
  })

  it('a stranger’s mail lands in Unmatched mail', async () => {
    const count = (await incidents()).length
    const [outcome] = await deliverAndFetch(
      mail({
        from: 'Pat Prospect <pat@prospect.test>',
        subject: 'Do you support IMAP IDLE?',
        body: 'We are evaluating your product.',
        messageId: `stranger-${uniq}@prospect.test`,
      }),
    )
    expect(outcome!.disposition).toBe('unmatched')
    expect(await incidents()).toHaveLength(count)
    const unmatched = await t.db.read
      .selectFrom('mail_unmatched')
      .selectAll()
      .where('message_id', '=', `stranger-${uniq}@prospect.test`)
      .execute()
    expect(unmatched).toHaveLength(1)
    expect(unmatched[0]).toMatchObject({
      team_id: conn.teamId,
      from_address: 'pat@prospect.test',
      from_name: 'Pat Prospect',
      subject: 'Do you support IMAP IDLE?',
      text: 'We are evaluating your product.',
      incident_id: null,
    })
  })

  it('a contact who is not named opens an incident flagged by D-5 with "add named contact"', async () => {
    const [outcome] = await deliverAndFetch(
      mail({ from: 'una@silver.test', subject: 'Unnamed asks', messageId: `d5-${uniq}@silver.test` }),
    )
    expect(outcome!.disposition).toBe('incident')
    const incident = (await incidents()).find((i) => i.id === outcome!.incidentId)!
    // Gold caps named contacts at 3 (R-SA-4, D-5): kept, not covered, with the action
    expect(incident.entitlement.decision).not.toBe('covered')
    expect(incident.entitlement.reasons.map((r: Loose) => r.ruleId)).toContain('D-5')
    expect(incident.entitlement.actions).toContain('add-named-contact')
  })

  it('reads ISO-8859-1, Windows-1252, quoted-printable and base64 right', async () => {
    const latin1QP = mail({
      from: 'sam@silver.test',
      subject: '=?ISO-8859-1?Q?Probl=E8me_d=27envoi?=',
      messageId: `latin1-${uniq}@silver.test`,
      raw: 'Content-Type: text/plain; charset=ISO-8859-1\r\nContent-Transfer-Encoding: quoted-printable\r\n\r\nLe serveur refuse les pi=E8ces jointes, d=E9sol=E9.\r\n',
    })
    const cp1252 = Buffer.from('\u201cIt costs \u20ac5\u201d \u2013 na\u00efve caf\u00e9', 'utf8')
    // the same words in Windows-1252 bytes: 0x93 “ 0x80 € 0x94 ” 0x96 – and Latin-1 letters
    const win = Buffer.from([
      0x93,
      ...Buffer.from('It costs '),
      0x80,
      ...Buffer.from('5'),
      0x94,
      0x20,
      0x96,
      0x20,
      ...Buffer.from('na'),
      0xef,
      ...Buffer.from('ve caf'),
      0xe9,
    ])
    const win1252b64 = mail({
      from: 'sam@silver.test',
      subject: 'Windows mail',
      messageId: `cp1252-${uniq}@silver.test`,
      raw: `Content-Type: text/plain; charset=windows-1252\r\nContent-Transfer-Encoding: base64\r\n\r\n${win.toString('base64')}\r\n`,
    })
    const [a, b] = await deliverAndFetch(latin1QP, win1252b64)
    const all = await incidents()
    const first = all.find((i) => i.id === a!.incidentId)!
    expect(first.subject).toBe("Problème d'envoi")
    expect(first.description).toBe('Le serveur refuse les pièces jointes, désolé.')
    const second = all.find((i) => i.id === b!.incidentId)!
    expect(second.description).toBe(cp1252.toString('utf8'))
  })

  it('an HTML mail with a script is kept without it', async () => {
    const [outcome] = await deliverAndFetch(
      mail({
        from: 'sam@silver.test',
        subject: 'HTML mail',
        messageId: `html-${uniq}@silver.test`,
        contentType: 'text/html; charset=utf-8',
        body:
          '<html><head><script>alert(1)</script></head><body><p onclick="steal()">Please <b>help</b></p>' +
          '<img src="x" onerror="steal()"><a href="javascript:steal()">link</a><script>steal()</script></body></html>',
      }),
    )
    const [event] = (await events(outcome!.incidentId!)).filter((e) => e.kind === 'mail-in')
    const html: string = event!.data.html
    expect(html).toContain('<b>help</b>')
    for (const bad of ['<script', 'alert', 'steal', 'onclick', 'onerror', 'javascript:'])
      expect(html).not.toContain(bad)
    expect(event!.body).toContain('Please help')
    expect(event!.body).not.toContain('steal')
  })
})
