/**
 * `npm run server -- mailbox test` as an administrator runs it, on both databases, against a real Dovecot and the
 * SMTP sink: ok for both protocols when they work; with a closed port or a wrong password each failing protocol
 * is named with its reason, the exit code says so, and no password is ever printed.
 * The check once failed against the sink with "Greeting never received": the CLI was run with spawnSync, which
 * froze the test process and so the sink living in it (Dovecot, its own process, answered). The command itself
 * is run here once as a spawned process, asynchronously; the failure cases call the same command function
 * in-process (a spawn costs seconds of TypeScript start-up).
 */
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest'
import { addTeam } from '../../server/src/auth/users'
import { parseCli } from '../../server/src/cli/args'
import { mailboxCommand } from '../../server/src/cli/mailbox'
import type { Db } from '../../server/src/db/connect'
import { addMailbox, removeMailbox } from '../../server/src/mail/mailboxes'
import { SecretBox } from '../../server/src/mail/secrets'
import { runServerCliAsync } from '../support/cli'
import { dialects, freshDatabase, openFresh, type FreshDatabase } from '../support/databases'
import { useMailServers } from '../support/mail-servers'
import { freePort } from '../support/dovecot'

const smtpUser = 'desk-smtp'
const smtpPassword = 'smtp-sink-password-7Q'
const wrongImapPassword = 'not-the-imap-password-3X'
const wrongSmtpPassword = 'not-the-smtp-password-9Z'

const servers = useMailServers({ dovecot: true, sink: { auth: { user: smtpUser, pass: smtpPassword } } })
let closedPort: number
beforeAll(async () => {
  closedPort = await freePort()
})

interface Outcome {
  status: number | null
  imap: string
  smtp: string
}

describe.each(dialects)('mailbox test (%s)', (dialect) => {
  let fresh: FreshDatabase
  let db: Db
  let teamId: string
  const secrets = () => [servers.dovecot.password, smtpPassword, wrongImapPassword, wrongSmtpPassword]

  beforeAll(async () => {
    fresh = await freshDatabase(dialect)
    db = await openFresh(fresh)
    teamId = (await addTeam(db.write, 'Mail Desk')).id
  }, 60_000)
  afterAll(async () => {
    await db?.close()
    await fresh?.cleanup()
  })

  /** (re)configures `address` as `mailbox add` would: secrets sealed with the data dir's key */
  async function configure(
    address: string,
    m: { imapPort: number; smtpPort: number; imapPassword: string; smtpPassword: string },
  ): Promise<void> {
    await removeMailbox(db, address)
    await addMailbox(
      db,
      SecretBox.load(fresh.dataDir),
      {
        teamId,
        address,
        imap: {
          host: '127.0.0.1',
          port: m.imapPort,
          tls: false,
          user: servers.dovecot.user,
          password: m.imapPassword,
        },
        smtp: { host: '127.0.0.1', port: m.smtpPort, tls: false, user: smtpUser, password: m.smtpPassword },
      },
      new Date(),
    )
  }

  function outcome(status: number | null, stdout: string, stderr: string): Outcome {
    for (const secret of secrets()) expect(stdout + stderr).not.toContain(secret)
    const line = (p: string) => stdout.split('\n').find((l) => l.startsWith(`${p} `)) ?? ''
    return { status, imap: line('IMAP'), smtp: line('SMTP') }
  }

  /** the command's own function, its printout captured */
  async function inProcess(address: string): Promise<Outcome> {
    const printed: string[] = []
    const log = vi
      .spyOn(console, 'log')
      .mockImplementation((...a: unknown[]) => void printed.push(a.join(' ')))
    try {
      const args = parseCli(['mailbox', 'test', address, '--data-dir', fresh.dataDir])
      const status = await mailboxCommand(db, args, 'test', [address])
      return outcome(status, printed.join('\n'), '')
    } finally {
      log.mockRestore()
    }
  }

  it('says ok for IMAP and SMTP when both work, signing in to SMTP as the sender will (spawned CLI)', async () => {
    await configure('ok@desk.test', {
      imapPort: servers.dovecot.port,
      smtpPort: servers.sink.port,
      imapPassword: servers.dovecot.password,
      smtpPassword,
    })
    const run = await runServerCliAsync(fresh.dataDir, ['mailbox', 'test', 'OK@desk.test'], fresh.env)
    const r = outcome(run.status, run.stdout, run.stderr)
    expect(r.imap).toMatch(/^IMAP ok: INBOX has \d+ messages, \d+ unseen\.$/)
    expect(r.smtp).toBe(
      `SMTP ok: ${servers.sink.host}:${servers.sink.port} accepts mail (signed in as ${smtpUser}).`,
    )
    expect(run.status, run.stderr).toBe(0)
  })

  it('names both protocols and the refused connection when the ports are closed', async () => {
    await configure('closed@desk.test', {
      imapPort: closedPort,
      smtpPort: closedPort,
      imapPassword: servers.dovecot.password,
      smtpPassword,
    })
    const r = await inProcess('closed@desk.test')
    expect(r.imap).toMatch(/^IMAP failed: .*ECONNREFUSED/)
    expect(r.smtp).toMatch(/^SMTP failed: .*ECONNREFUSED/)
    expect(r.status).toBe(1)
  })

  it('names the protocol whose password is wrong, and only that one', async () => {
    await configure('wrong@desk.test', {
      imapPort: servers.dovecot.port,
      smtpPort: servers.sink.port,
      imapPassword: wrongImapPassword,
      smtpPassword,
    })
    const imapWrong = await inProcess('wrong@desk.test')
    expect(imapWrong.imap).toMatch(/^IMAP failed: .*authentication failed/i)
    expect(imapWrong.smtp).toMatch(/^SMTP ok: /)
    expect(imapWrong.status).toBe(1)

    await configure('wrong@desk.test', {
      imapPort: servers.dovecot.port,
      smtpPort: servers.sink.port,
      imapPassword: servers.dovecot.password,
      smtpPassword: wrongSmtpPassword,
    })
    const smtpWrong = await inProcess('wrong@desk.test')
    expect(smtpWrong.imap).toMatch(/^IMAP ok: /)
    expect(smtpWrong.smtp).toMatch(/^SMTP failed: .*535/)
    expect(smtpWrong.status).toBe(1)
  })
})
