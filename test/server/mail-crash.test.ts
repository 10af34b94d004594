/**
 * Exactly once across a crash: a reply is committed with its outbox row, the server is killed with SIGKILL
 * before it sends (CASELOAD_TEST_MAIL_HOLD keeps the sender from running), and the restarted server sends it:
 * one mail at the SMTP sink, no duplicate, no loss. Both databases.
 */
import { randomBytes } from 'node:crypto'
import { describe, expect, it } from 'vitest'
import { addTeam } from '../../server/src/auth/users'
import { openDatabase } from '../../server/src/db/connect'
import { addMailbox } from '../../server/src/mail/mailboxes'
import { SecretBox } from '../../server/src/mail/secrets'
import { startChildServer } from '../support/child-server'
import { dialects, freshDatabase } from '../support/databases'
import { useMailServers } from '../support/mail-servers'
import { addEngineer, loginAs } from '../support/server'
import { newId, TestClient } from '../support/sync-client'

const servers = useMailServers({ sink: true })

describe.each(dialects)('mail outbox crash safety on %s', (dialect) => {
  it('SIGKILL between commit and send: the restarted server sends the reply exactly once', async () => {
    const fresh = await freshDatabase(dialect)
    const key = randomBytes(32)
    const address = `desk-${dialect}-${Date.now()}@desk.test`
    const db = await openDatabase(fresh.config)
    try {
      const red = await addTeam(db.write, 'red')
      await addEngineer(db.write, 'alice', ['red'])
      await addMailbox(
        db,
        SecretBox.fromKey(key),
        {
          teamId: red.id,
          address,
          // nothing listens there: the watcher just retries, this test is about sending
          imap: { host: '127.0.0.1', port: 9, tls: false, user: 'desk', password: 'imap-secret' },
          smtp: { host: servers.sink.host, port: servers.sink.port, tls: false },
        },
        new Date(),
      )
    } finally {
      await db.close()
    }
    const env = { ...fresh.env, CASELOAD_MAIL_KEY: key.toString('hex') }

    const held = await startChildServer(fresh.args, { ...env, CASELOAD_TEST_MAIL_HOLD: '1' })
    const session = await loginAs(held.url, 'alice')
    const c = new TestClient(held.url, session.accessToken)
    const teamId = session.user.teams[0]!
    const [customerId, contactId, incidentId, replyId] = [newId(), newId(), newId(), newId()]
    const pushed = await c.pushOk([
      c.mutation('customer.create', { id: customerId, name: 'Crash Corp', teamId }),
      c.mutation('contact.add', { id: contactId, customerId, name: 'Cas', email: 'cas@crash.test' }),
      c.mutation('incident.open', {
        id: incidentId,
        customerId,
        contactId,
        licenseId: null,
        subject: 'Down again',
        severity: 'standard',
        category: 'question',
      }),
      c.mutation('incident.respond', { id: replyId, incidentId, body: 'We are on it.' }),
    ])
    expect(pushed.results.map((r) => r.status)).toEqual(['applied', 'applied', 'applied', 'applied'])

    // committed and queued, not sent
    const check = await openDatabase(fresh.config)
    try {
      const row = await check.read
        .selectFrom('mail_outbox')
        .selectAll()
        .where('event_id', '=', replyId)
        .executeTakeFirst()
      expect(row?.state).toBe('queued')
    } finally {
      await check.close()
    }
    const before = servers.sink.mails.filter((m) => m.parsed.messageId === `<${replyId}@desk.test>`).length
    expect(before).toBe(0)

    held.process.kill('SIGKILL')
    expect((await held.exited).signal).toBe('SIGKILL')

    const restarted = await startChildServer(fresh.args, env)
    try {
      const deadline = Date.now() + 20_000
      const ours = () => servers.sink.mails.filter((m) => m.parsed.messageId === `<${replyId}@desk.test>`)
      while (ours().length === 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50))
      // a little longer: a second copy would have come by now
      await new Promise((r) => setTimeout(r, 1500))
      expect(ours()).toHaveLength(1)
      expect(ours()[0]!.to).toEqual(['cas@crash.test'])
      const after = await openDatabase(fresh.config)
      try {
        const row = await after.read
          .selectFrom('mail_outbox')
          .selectAll()
          .where('event_id', '=', replyId)
          .executeTakeFirst()
        expect(row).toMatchObject({ state: 'sent', attempts: 1 })
      } finally {
        await after.close()
      }
    } finally {
      restarted.process.kill('SIGTERM')
      await restarted.exited
      await fresh.cleanup()
    }
  }, 90_000)
})
