/**
 * The mail administration endpoints' wire format (server/README.md "Mail"): mailboxes (admin only, secrets
 * write-only), the connection test, and Unmatched mail. The server validates what it is sent with these and the
 * app validates what it is answered, so a field named in an error is the same field on both sides.
 */
import { z } from 'zod'

const host = z.string().trim().min(1, 'a host name is needed').max(255)
const port = z.coerce
  .number({ error: 'a port number is needed' })
  .int('a whole port number')
  .min(1, 'a port from 1 to 65535')
  .max(65535, 'a port from 1 to 65535')

/** `POST /v1/mail/mailboxes`: the only message that carries a mailbox's passwords, towards the server. */
export const mailboxInputSchema = z.object({
  teamId: z.string().min(1, 'choose a team'),
  address: z.email('an email address such as support@vendor.example').transform((a) => a.toLowerCase()),
  displayName: z.string().trim().max(200).nullish(),
  imap: z.object({
    host,
    port,
    tls: z.boolean(),
    user: z.string().min(1, 'the IMAP user name is needed').max(320),
    password: z.string().min(1, 'the IMAP password is needed').max(1000),
  }),
  smtp: z.object({
    host,
    port,
    tls: z.boolean(),
    user: z.string().min(1).max(320).nullish(),
    password: z.string().min(1).max(1000).nullish(),
  }),
})
export type MailboxInput = z.infer<typeof mailboxInputSchema>

/**
 * How the server process that answers reads the mailbox: `watching` (connected, INBOX open), `connecting` (first
 * connection or reconnecting after a drop), `failing` (the last connection or fetch failed: `lastError` says why,
 * secrets removed). Null when that process reads no mail (`CASELOAD_MAIL=off`).
 */
export const mailboxStatusSchema = z.object({
  state: z.enum(['connecting', 'watching', 'failing']),
  /** the last fetch pass that completed */
  lastFetchAt: z.string().nullable(),
  lastError: z.string().nullable(),
  lastErrorAt: z.string().nullable(),
})
export type MailboxStatus = z.infer<typeof mailboxStatusSchema>

/** What leaves the server about a mailbox: never a secret, only whether one is set. */
export const mailboxViewSchema = z.object({
  id: z.string(),
  teamId: z.string(),
  address: z.string(),
  displayName: z.string().nullable(),
  imap: z.object({
    host: z.string(),
    port: z.number().int(),
    tls: z.boolean(),
    user: z.string(),
    passwordSet: z.boolean(),
  }),
  smtp: z.object({
    host: z.string(),
    port: z.number().int(),
    tls: z.boolean(),
    user: z.string().nullable(),
    passwordSet: z.boolean(),
  }),
  createdAt: z.string(),
  status: mailboxStatusSchema.nullable(),
})
export type MailboxViewWire = z.infer<typeof mailboxViewSchema>

export const mailboxListSchema = z.object({ mailboxes: z.array(mailboxViewSchema) })
export const mailboxCreatedSchema = z.object({ mailbox: mailboxViewSchema })
export const mailboxRemovedSchema = z.object({ removed: z.string() })

/** One protocol's answer to `POST /v1/mail/mailboxes/:id/test`: ok with what was seen, or the reason it failed. */
export const protocolCheckSchema = z.object({ ok: z.boolean(), detail: z.string() })
export const mailboxTestResultSchema = z.object({ imap: protocolCheckSchema, smtp: protocolCheckSchema })
export type MailboxTestResult = z.infer<typeof mailboxTestResultSchema>

/** `GET /v1/mail/unmatched`: mail from senders who are no contact, text and the server-sanitised HTML. */
export const unmatchedMailSchema = z.object({
  id: z.string(),
  teamId: z.string(),
  from: z.object({ address: z.string(), name: z.string().nullable() }),
  subject: z.string(),
  text: z.string(),
  html: z.string().nullable(),
  receivedAt: z.string(),
})
export type UnmatchedMail = z.infer<typeof unmatchedMailSchema>
export const unmatchedListSchema = z.object({ unmatched: z.array(unmatchedMailSchema) })

/** `POST /v1/mail/unmatched/:id/attach`: to an existing contact of the customer, or the sender as a new one. */
export type AttachRequest =
  | { customerId: string; contactId: string }
  | { customerId: string; newContact: { name: string; named: boolean } }
export const attachResultSchema = z.object({
  incidentId: z.string(),
  contactId: z.string(),
  flags: z.array(z.string()),
})
export type AttachResult = z.infer<typeof attachResultSchema>
