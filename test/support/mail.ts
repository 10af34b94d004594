/**
 * Raw test mail as a customer's mail client would write it, built by nodemailer's MailComposer (MIME structure,
 * base64 parts, Content-IDs for inline images), for delivering into Dovecot.
 */
import { randomBytes } from 'node:crypto'
import MailComposer from 'nodemailer/lib/mail-composer'
import type Mail from 'nodemailer/lib/mailer'
import { fetchOnce } from '../../server/src/mail/fetcher'
import type { InboundDeps } from '../../server/src/mail/inbound'
import { addMailbox, mailboxConnection, type MailboxConnection } from '../../server/src/mail/mailboxes'
import { SecretBox } from '../../server/src/mail/secrets'
import { imapSettingsOf, type Dovecot } from './dovecot'

export interface TestMail {
  from: string
  to: string
  subject: string
  messageId: string
  text: string
  html?: string
  headers?: Record<string, string>
  attachments?: Mail.Attachment[]
}

export function composeMail(m: TestMail): Promise<Buffer> {
  return new MailComposer({
    from: m.from,
    to: m.to,
    subject: m.subject,
    messageId: `<${m.messageId}>`,
    date: new Date('2026-12-04T10:00:00Z'),
    text: m.text,
    ...(m.html ? { html: m.html } : {}),
    ...(m.headers ? { headers: m.headers } : {}),
    attachments: m.attachments ?? [],
  })
    .compile()
    .build()
}

/** a small valid PNG (1×1), for inline images */
export const tinyPng = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==',
  'base64',
)

/**
 * A mailbox of `teamId` reading the test Dovecot (SMTP to nowhere), its connection opened, and its cursor moved
 * past what the shared INBOX already holds (another dialect's or test file's mail).
 */
export async function dovecotMailbox(
  deps: InboundDeps,
  dovecot: Dovecot,
  teamId: string,
  address: string,
): Promise<MailboxConnection> {
  const box = SecretBox.fromKey(randomBytes(32))
  const view = await addMailbox(
    deps.db,
    box,
    {
      teamId,
      address,
      imap: imapSettingsOf(dovecot),
      smtp: { host: '127.0.0.1', port: 25, tls: false },
    },
    new Date(),
  )
  const conn = (await mailboxConnection(deps.db, box, view.id))!
  await fetchOnce(deps, conn)
  return conn
}
