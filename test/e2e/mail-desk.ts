/**
 * The mail set-up the mail specs share: a real Dovecot and SMTP sink for the spec, and the demo team "Mail
 * Desk" reading them through one mailbox at `address`. The e2e server is shared by every spec, so the mailbox is
 * removed afterwards (nothing then watches a stopped Dovecot, and the specs after it queue no mail); and as the
 * outbox sends from a team's first mailbox, every other mailbox of the team is removed before this one is added.
 */
import { expect, test, type APIRequestContext } from '@playwright/test'
import { imapSettingsOf, startDovecot, type Dovecot } from '../support/dovecot'
import { startSmtpSink, type SmtpSink } from '../support/smtp-sink'
import { apiJson as api, apiLogin, serverRows } from './support'

export interface MailDesk {
  readonly dovecot: Dovecot
  readonly sink: SmtpSink
  /** the Mail Desk team's id */
  readonly teamId: string
}

interface MailboxRow {
  id: string
  teamId: string
  address: string
}

/**
 * Registers the spec's beforeAll/afterAll (call it before the spec's own hooks, which may then read the
 * returned fields). `register: false` leaves adding the mailbox to the spec (the admin screen's spec adds it
 * through the UI); the mailbox at `address` is removed afterwards either way.
 */
export function useMailDesk(address: string, options: { register: boolean }): MailDesk {
  let dovecot: Dovecot | undefined
  let sink: SmtpSink | undefined
  let teamId: string | undefined

  async function mailboxes(request: APIRequestContext, token: string): Promise<MailboxRow[]> {
    return (await api(request, token, 'GET', '/v1/mail/mailboxes')).mailboxes as MailboxRow[]
  }

  test.beforeAll(async ({ playwright }) => {
    test.setTimeout(90_000)
    dovecot = await startDovecot()
    sink = await startSmtpSink()
    const request = await playwright.request.newContext()
    try {
      const admin = await apiLogin(request, 'admin')
      teamId = (await apiLogin(request, 'engineer')).user.teams[0]!
      if (!options.register) return
      for (const m of (await mailboxes(request, admin.accessToken)).filter((m) => m.teamId === teamId))
        await api(request, admin.accessToken, 'DELETE', `/v1/mail/mailboxes/${m.id}`)
      await api(request, admin.accessToken, 'POST', '/v1/mail/mailboxes', {
        teamId,
        address,
        displayName: 'Mail Desk',
        imap: imapSettingsOf(dovecot),
        smtp: { host: sink.host, port: sink.port, tls: false },
      })
    } finally {
      await request.dispose()
    }
  })

  test.afterAll(async ({ playwright }) => {
    const request = await playwright.request.newContext()
    try {
      const admin = await apiLogin(request, 'admin')
      for (const m of (await mailboxes(request, admin.accessToken)).filter((m) => m.address === address))
        await api(request, admin.accessToken, 'DELETE', `/v1/mail/mailboxes/${m.id}`)
    } finally {
      await request.dispose()
      await sink?.stop()
      await dovecot?.stop()
    }
  })

  const started = <T>(value: T | undefined, name: string): T => {
    if (value === undefined) throw new Error(`useMailDesk: ${name} read before its beforeAll ran`)
    return value
  }
  return {
    get dovecot() {
      return started(dovecot, 'Dovecot')
    },
    get sink() {
      return started(sink, 'the SMTP sink')
    },
    get teamId() {
      return started(teamId, 'the team')
    },
  }
}

/** The id of the incident the server's watcher (IMAP IDLE) opens from a delivered mail with `subject`. */
export async function incidentOpenedBy(
  request: APIRequestContext,
  subject: string,
  timeout: number,
): Promise<string> {
  let opened: string | undefined
  await expect
    .poll(
      async () => {
        const rows = await serverRows(request, ['incidents'])
        opened = rows.get('incidents')?.find((r) => r.subject === subject)?.id
        return opened
      },
      { message: 'the incident opened by the mail', timeout },
    )
    .toBeDefined()
  return opened!
}
