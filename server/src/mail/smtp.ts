/**
 * The SMTP transport of a mailbox, one definition for the sender and for `mailbox test`, so the check tests
 * exactly what sending will do (same TLS and authentication choices).
 */
import type SMTPTransport from 'nodemailer/lib/smtp-transport'
import type { MailboxConnection } from './mailboxes'

const loopback = ['127.0.0.1', 'localhost', '::1']

export function smtpOptions(
  conn: Pick<MailboxConnection, 'smtp'>,
  extra: Partial<SMTPTransport.Options> = {},
): SMTPTransport.Options {
  return {
    host: conn.smtp.host,
    port: conn.smtp.port,
    secure: conn.smtp.tls,
    // STARTTLS when offered, never plaintext credentials to a non-loopback server without it
    requireTLS: !conn.smtp.tls && conn.smtp.user !== null && !loopback.includes(conn.smtp.host),
    ...(conn.smtp.user ? { auth: { user: conn.smtp.user, pass: conn.smtp.password ?? '' } } : {}),
    logger: false,
    ...extra,
  }
}
