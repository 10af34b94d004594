/**
 * "Does this mailbox work?": log in over IMAP and read INBOX's counts, then connect and authenticate over SMTP
 * exactly as the sender will (smtp.ts), without sending anything. Each protocol is checked on its own, so one
 * failing never hides the other, and each failure names its reason (refused connection, timeout, rejected
 * login with the server's words). The mailbox's passwords never appear in a result: nothing here prints them,
 * and any detail that would contain one (a server echoing a command) has it masked.
 * Used by `mailbox test` (cli/mailbox.ts) and `POST /v1/mail/mailboxes/:id/test` (the admins' Mailboxes screen).
 */
import nodemailer from 'nodemailer'
import type { MailboxTestResult } from '@shared/protocol/mail-admin'
import { errorText, imapClient, secretFree } from './fetcher'
import type { MailboxConnection } from './mailboxes'
import { smtpOptions } from './smtp'

/** "INBOX has 3 messages, 1 unseen." or the reason it failed (the wire shape of the admin's test button) */
type ProtocolCheck = MailboxTestResult['imap']

export interface MailboxCheck extends MailboxTestResult {
  ok: boolean
}

export interface CheckOptions {
  /** per protocol: connecting, the greeting and each answer (default 15 s) */
  timeoutMs?: number
}

/** the error's message, the server's answer if it gave one, never a secret */
function reasonOf(error: unknown, conn: MailboxConnection): string {
  let text = errorText(error)
  if (error instanceof Error && 'authenticationFailed' in error && error.authenticationFailed === true) {
    // imapflow's message is only "Command failed"; the server's words are in responseText
    const said = 'responseText' in error && typeof error.responseText === 'string' ? error.responseText : ''
    text = `authentication failed${said ? ` (the server said: ${said})` : ''}`
  }
  return secretFree(text, conn)
}

async function checkImap(conn: MailboxConnection, timeoutMs: number): Promise<ProtocolCheck> {
  const client = imapClient(conn, {
    connectionTimeout: timeoutMs,
    greetingTimeout: timeoutMs,
    socketTimeout: timeoutMs,
  })
  // a dropped connection is reported by connect()/status() rejecting; without a listener it would also throw
  client.on('error', () => undefined)
  try {
    await client.connect()
    const status = await client.status('INBOX', { messages: true, unseen: true })
    const counts = status === false ? { messages: 0, unseen: 0 } : status
    return { ok: true, detail: `INBOX has ${counts.messages ?? 0} messages, ${counts.unseen ?? 0} unseen.` }
  } catch (error) {
    return { ok: false, detail: reasonOf(error, conn) }
  } finally {
    await client.logout().catch(() => client.close())
  }
}

async function checkSmtp(conn: MailboxConnection, timeoutMs: number): Promise<ProtocolCheck> {
  const transport = nodemailer.createTransport(
    smtpOptions(conn, { connectionTimeout: timeoutMs, greetingTimeout: timeoutMs, socketTimeout: timeoutMs }),
  )
  try {
    // connects, says EHLO, upgrades with STARTTLS when it must, and authenticates when a user is set
    await transport.verify()
    const how = conn.smtp.user ? `signed in as ${conn.smtp.user}` : 'no sign-in configured'
    return { ok: true, detail: `${conn.smtp.host}:${conn.smtp.port} accepts mail (${how}).` }
  } catch (error) {
    return { ok: false, detail: reasonOf(error, conn) }
  } finally {
    transport.close()
  }
}

/** Checks IMAP and SMTP of one mailbox, both at once. */
export async function testMailbox(
  conn: MailboxConnection,
  options: CheckOptions = {},
): Promise<MailboxCheck> {
  const timeoutMs = options.timeoutMs ?? 15_000
  const [imap, smtp] = await Promise.all([checkImap(conn, timeoutMs), checkSmtp(conn, timeoutMs)])
  return { ok: imap.ok && smtp.ok, imap, smtp }
}
