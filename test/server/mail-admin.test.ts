/**
 * The admins' mailbox screen's server side over real HTTP, both databases, against a real Dovecot and SMTP sink:
 * the list says how each mailbox is read (watching, failing with the reason) and never a password; "Test
 * connection" answers each protocol's ok or reason, without a secret, in seconds for a dead host; only admins.
 */
import { randomBytes } from 'node:crypto'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { mailboxListSchema, mailboxTestResultSchema } from '../../shared/protocol/mail-admin'
import { SecretBox } from '../../server/src/mail/secrets'
import { dialects } from '../support/databases'
import { useMailServers } from '../support/mail-servers'
import { freePort, imapSettingsOf } from '../support/dovecot'
import { api, loginAs, seedUsers, startTestServer, type TestServer } from '../support/server'
import { liveSocket } from '../support/live-socket'
import { rowKey } from '../../shared/protocol/rows'
import { newId, TestClient } from '../support/sync-client'
import { until } from '../support/until'

const servers = useMailServers({ dovecot: true, sink: true })

describe.each(dialects)('mailbox administration (%s)', (dialect) => {
  let t: TestServer
  let admin: string
  let alice: string
  let redId: string
  const uniq = `${dialect}-${Date.now()}`
  const wrongPassword = `not-the-password-${uniq}`

  const mailbox = (address: string, imapPassword: string, smtpPort: number) => ({
    teamId: redId,
    address,
    imap: { ...imapSettingsOf(servers.dovecot), password: imapPassword },
    smtp: { host: servers.sink.host, port: smtpPort, tls: false },
  })

  beforeAll(async () => {
    t = await startTestServer(dialect, {
      mail: { box: SecretBox.fromKey(randomBytes(32)), send: false, pollMs: 200 },
    })
    const { red } = await seedUsers(t.db)
    redId = red.id
    admin = (await loginAs(t.url, 'admin')).accessToken
    alice = (await loginAs(t.url, 'alice')).accessToken
  }, 60_000)
  afterAll(async () => t?.close())

  async function listed(address: string) {
    const res = await api(t.url, 'GET', '/v1/mail/mailboxes', { token: admin })
    expect(res.status).toBe(200)
    return mailboxListSchema.parse(res.body).mailboxes.find((m) => m.address === address)
  }

  it('a working mailbox tests ok on both protocols and is listed as watched, with no password', async () => {
    const address = `good-${uniq}@desk.test`
    const created = await api(t.url, 'POST', '/v1/mail/mailboxes', {
      token: admin,
      body: mailbox(address, servers.dovecot.password, servers.sink.port),
    })
    expect(created.status).toBe(201)
    expect(JSON.stringify(created.body)).not.toContain(servers.dovecot.password)
    const id: string = created.body.mailbox.id

    const tested = await api(t.url, 'POST', `/v1/mail/mailboxes/${id}/test`, { token: admin })
    expect(tested.status).toBe(200)
    const result = mailboxTestResultSchema.parse(tested.body)
    expect(result.imap).toEqual({ ok: true, detail: expect.stringMatching(/^INBOX has \d+ messages/) })
    expect(result.smtp.ok).toBe(true)

    const view = await until('the watcher to read the mailbox', async () => {
      const m = await listed(address)
      return m?.status?.state === 'watching' && m.status.lastFetchAt ? m : undefined
    })
    expect(view.imap).toEqual({
      host: servers.dovecot.host,
      port: servers.dovecot.port,
      tls: false,
      user: servers.dovecot.user,
      passwordSet: true,
    })
    expect(view.smtp.passwordSet).toBe(false)
    expect(view.status?.lastError).toBeNull()
    const everything = await api(t.url, 'GET', '/v1/mail/mailboxes', { token: admin })
    expect(JSON.stringify(everything.body)).not.toContain(servers.dovecot.password)
  })

  it('a wrong password and a dead SMTP port fail with their reasons and never echo the password', async () => {
    const address = `bad-${uniq}@desk.test`
    const deadPort = await freePort()
    const created = await api(t.url, 'POST', '/v1/mail/mailboxes', {
      token: admin,
      body: mailbox(address, wrongPassword, deadPort),
    })
    expect(created.status).toBe(201)
    const id: string = created.body.mailbox.id

    const tested = await api(t.url, 'POST', `/v1/mail/mailboxes/${id}/test`, { token: admin })
    expect(tested.status).toBe(200)
    const result = mailboxTestResultSchema.parse(tested.body)
    expect(result.imap.ok).toBe(false)
    expect(result.imap.detail).toMatch(/auth|fail/i)
    expect(result.smtp.ok).toBe(false)
    expect(result.smtp.detail).toMatch(/ECONNREFUSED/)
    expect(JSON.stringify(tested.body)).not.toContain(wrongPassword)

    // the watcher says the same on the list, so an admin sees a broken mailbox without testing it
    const view = await until('the watcher to report the failure', async () => {
      const m = await listed(address)
      return m?.status?.state === 'failing' ? m : undefined
    })
    expect(view.status?.lastError).toMatch(/auth|fail/i)
    expect(view.status?.lastErrorAt).not.toBeNull()
    expect(view.status?.lastFetchAt).toBeNull()
    expect(JSON.stringify(view)).not.toContain(wrongPassword)
  })

  it('only an admin may test a mailbox; an unknown one is 404', async () => {
    const any = (await listed(`good-${uniq}@desk.test`))!
    const asEngineer = await api(t.url, 'POST', `/v1/mail/mailboxes/${any.id}/test`, { token: alice })
    expect(asEngineer.status).toBe(403)
    expect(asEngineer.body.error.code).toBe('forbidden')
    const unknown = await api(t.url, 'POST', '/v1/mail/mailboxes/no-such-mailbox/test', { token: admin })
    expect(unknown.status).toBe(404)
    expect((await api(t.url, 'POST', `/v1/mail/mailboxes/${any.id}/test`, {})).status).toBe(401)
  })

  it('attaching an unmatched mail opens the incident and pokes the team’s apps at once', async () => {
    const address = `good-${uniq}@desk.test`
    const client = new TestClient(t.url, alice)
    const customerId = newId()
    await client.pushOk([
      client.mutation('customer.create', { id: customerId, name: 'Newcomer Inc', teamId: redId }),
    ])
    await servers.dovecot.deliver(
      [
        'From: Robin <robin@newcomer.test>',
        `To: ${address}`,
        `Subject: Relay down ${uniq}`,
        `Message-ID: <stranger-${uniq}@newcomer.test>`,
        '',
        'Our relay is down.',
        '',
      ].join('\r\n'),
    )
    // the server's own watcher fetches it (IDLE, or the 200 ms poll here)
    const mail = await until('the stranger to land in Unmatched', async () => {
      const res = await api(t.url, 'GET', '/v1/mail/unmatched', { token: alice })
      return (res.body.unmatched as { id: string; subject: string }[]).find(
        (m) => m.subject === `Relay down ${uniq}`,
      )
    })
    const live = await liveSocket(t.url, alice)
    try {
      // nothing else this user may see changes meanwhile: a poke now is the attach's
      live.messages.length = 0
      const attached = await api(t.url, 'POST', `/v1/mail/unmatched/${mail.id}/attach`, {
        token: alice,
        body: { customerId, newContact: { name: 'Robin', named: false } },
      })
      expect(attached.status).toBe(200)
      await until(
        'a poke',
        async () => (live.messages.some((m) => m.type === 'poke') ? true : undefined),
        5000,
      )
      await client.pullAll()
      expect(client.rows.get(rowKey('incidents', attached.body.incidentId))).toMatchObject({
        subject: `Relay down ${uniq}`,
        customerId,
      })
      const left = await api(t.url, 'GET', '/v1/mail/unmatched', { token: alice })
      expect(left.body.unmatched.map((m: { id: string }) => m.id)).not.toContain(mail.id)
    } finally {
      live.ws.close()
    }
  })

  it('the app may remove a mailbox: its cross-origin DELETE passes the preflight', async () => {
    const preflight = await api(t.url, 'OPTIONS', '/v1/mail/mailboxes/any', {
      headers: {
        origin: 'app://caseload',
        'access-control-request-method': 'DELETE',
        'access-control-request-headers': 'authorization',
      },
    })
    expect(preflight.status).toBe(204)
    expect(preflight.headers.get('access-control-allow-methods')).toContain('DELETE')
  })

  it('a bad mailbox names the field, with the words the form shows', async () => {
    const res = await api(t.url, 'POST', '/v1/mail/mailboxes', {
      token: admin,
      body: {
        ...mailbox(`x-${uniq}@desk.test`, 'p', servers.sink.port),
        imap: { host: '', port: 143, tls: false },
      },
    })
    expect(res.status).toBe(400)
    expect(res.body.error.field).toMatch(/^imap\./)
    const none = await listed(`x-${uniq}@desk.test`)
    expect(none).toBeUndefined()
  })
})
