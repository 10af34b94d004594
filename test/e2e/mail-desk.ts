/**
 * The mail set-up the mail specs share: a real Dovecot and SMTP sink for the spec, and the demo team "Mail
 * Desk" reading them through one mailbox at `address`. The e2e server is shared by every spec, so the mailbox is
 * removed afterwards (nothing then watches a stopped Dovecot, and the specs after it queue no mail); and as the
 * outbox sends from a team's first mailbox, every other mailbox of the team is removed before this one is added.
 */
import { expect, test, type APIRequest, type APIRequestContext } from '@playwright/test'
import { imapSettingsOf, startDovecot, type Dovecot } from '../support/dovecot'
import { startSmtpSink, type SmtpSink } from '../support/smtp-sink'
import { apiCustomerWithContact, apiJson as api, apiLogin, serverRows } from './support'

export interface MailDesk {
  readonly dovecot: Dovecot
  readonly sink: SmtpSink
}

interface MailboxRow {
  id: string
  teamId: string
  address: string
}

/**
 * Registers the spec's beforeAll/afterAll (call it before the spec's own hooks, which may then read the
 * returned fields). `register: false` leaves adding the mailbox to the spec (the admin screen's spec adds it
 * through the UI); the mailbox at `address` is removed afterwards either way. `contact`: a customer of the team
 * with the contact whose mail the spec delivers (the spec's own, so no other spec's counts change).
 */
export function useMailDesk(
  address: string,
  options: { register: boolean; contact?: { customer: string; contact: string; email: string } },
): MailDesk {
  let dovecot: Dovecot | undefined
  let sink: SmtpSink | undefined

  const started = <T>(value: T | undefined, name: string): T => {
    if (value === undefined) throw new Error(`useMailDesk: ${name} read before its beforeAll ran`)
    return value
  }

  async function mailboxes(request: APIRequestContext, token: string): Promise<MailboxRow[]> {
    return (await api(request, token, 'GET', '/v1/mail/mailboxes')).mailboxes as MailboxRow[]
  }

  /** the team's one mailbox, at `address`, reading this spec's Dovecot and sending to its sink */
  async function replaceTeamMailboxes(
    request: APIRequestContext,
    token: string,
    team: string,
  ): Promise<void> {
    for (const m of (await mailboxes(request, token)).filter((m) => m.teamId === team))
      await api(request, token, 'DELETE', `/v1/mail/mailboxes/${m.id}`)
    const smtp = started(sink, 'the SMTP sink')
    await api(request, token, 'POST', '/v1/mail/mailboxes', {
      teamId: team,
      address,
      displayName: 'Mail Desk',
      imap: imapSettingsOf(started(dovecot, 'Dovecot')),
      smtp: { host: smtp.host, port: smtp.port, tls: false },
    })
  }

  test.beforeAll(async ({ playwright }) => {
    test.setTimeout(90_000)
    dovecot = await startDovecot()
    sink = await startSmtpSink()
    const request = await playwright.request.newContext()
    try {
      const admin = await apiLogin(request, 'admin')
      const engineer = await apiLogin(request, 'engineer')
      const team = engineer.user.teams[0]!
      if (options.register) await replaceTeamMailboxes(request, admin.accessToken, team)
      if (options.contact) await apiCustomerWithContact(request, engineer.accessToken, team, options.contact)
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

  return {
    get dovecot() {
      return started(dovecot, 'Dovecot')
    },
    get sink() {
      return started(sink, 'the SMTP sink')
    },
  }
}

/** The id of the incident the server's watcher (IMAP IDLE) opens from a delivered mail with `subject`. */
export async function incidentOpenedBy(
  playwright: { request: APIRequest },
  subject: string,
  timeout: number,
): Promise<string> {
  const request = await playwright.request.newContext()
  let opened: string | undefined
  try {
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
  } finally {
    await request.dispose()
  }
  return opened!
}
