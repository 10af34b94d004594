/**
 * "Does this mailbox work?": signs in over IMAP (and reads INBOX's counts) and greets the SMTP server (with its
 * sign-in when a user is set), each with a time limit, so an unreachable host answers in seconds instead of
 * hanging an admin's request. The CLI's `mailbox test` and `POST /v1/mail/mailboxes/:id/test` both call this.
 * Reasons are the libraries' messages with the mailbox's passwords cut out.
 */
import nodemailer from 'nodemailer'
import type { MailboxTestResult } from '@shared/protocol/mail-admin'
import { errorText, imapClient, secretFree } from './fetcher'
import type { MailboxConnection } from './mailboxes'

export interface MailboxTestOptions {
  /** per connection step (connect, greeting, socket idle); default 10 s */
  timeoutMs?: number
}

async function testImap(conn: MailboxConnection, timeoutMs: number): Promise<MailboxTestResult['imap']> {
  const imap = imapClient(conn, {
    connectionTimeout: timeoutMs,
    greetingTimeout: timeoutMs,
    socketTimeout: timeoutMs,
  })
  // a dropped connection is reported by the failing command; unheard, the event would crash the process
  imap.on('error', () => undefined)
  try {
    await imap.connect()
    const status = await imap.status('INBOX', { messages: true, unseen: true })
    const counts = status === false ? { messages: 0, unseen: 0 } : status
    await imap.logout()
    return {
      ok: true,
      detail: `INBOX has ${counts.messages ?? 0} messages, ${counts.unseen ?? 0} unseen.`,
    }
  } catch (error) {
    imap.close()
    return { ok: false, detail: secretFree(errorText(error), conn) }
  }
}

async function testSmtp(conn: MailboxConnection, timeoutMs: number): Promise<MailboxTestResult['smtp']> {
  const transport = nodemailer.createTransport({
    host: conn.smtp.host,
    port: conn.smtp.port,
    secure: conn.smtp.tls,
    connectionTimeout: timeoutMs,
    greetingTimeout: timeoutMs,
    socketTimeout: timeoutMs,
    ...(conn.smtp.user ? { auth: { user: conn.smtp.user, pass: conn.smtp.password ?? '' } } : {}),
  })
  try {
    await transport.verify()
    return {
      ok: true,
      detail: conn.smtp.user ? `Signed in as ${conn.smtp.user}.` : 'The server greets us (no sign-in set).',
    }
  } catch (error) {
    return { ok: false, detail: secretFree(errorText(error), conn) }
  } finally {
    transport.close()
  }
}

export async function testMailbox(
  conn: MailboxConnection,
  options: MailboxTestOptions = {},
): Promise<MailboxTestResult> {
  const timeoutMs = options.timeoutMs ?? 10_000
  const [imap, smtp] = await Promise.all([testImap(conn, timeoutMs), testSmtp(conn, timeoutMs)])
  return { imap, smtp }
}
