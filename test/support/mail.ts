/**
 * Raw test mail as a customer's mail client would write it, built by nodemailer's MailComposer (MIME structure,
 * base64 parts, Content-IDs for inline images), for delivering into Dovecot.
 */
import MailComposer from 'nodemailer/lib/mail-composer'
import type Mail from 'nodemailer/lib/mailer'

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
