/**
 * What the timeline reads from mail events: a customer's mail (`mail-in`, written by the server's mail.receive)
 * and the delivery state the server writes on a reply to the customer (`data.mail`, server/src/mail/
 * event-state.ts). Both come from the server over sync, so they are checked here, not trusted: an event whose
 * data has another shape is shown as an ordinary entry rather than breaking the timeline.
 */
import { z } from 'zod'
import type { IncidentEventRow } from '@shared/mutations'

const inboundSchema = z.object({
  messageId: z.string(),
  from: z.object({ address: z.string(), name: z.string().nullable() }),
  subject: z.string(),
  receivedAt: z.string(),
  opened: z.boolean().optional(),
})
export type InboundMail = z.infer<typeof inboundSchema>

const deliverySchema = z.object({
  state: z.enum(['queued', 'sent', 'retrying', 'failed']),
  messageId: z.string(),
  to: z.string(),
  at: z.string(),
  attempts: z.number().optional(),
  error: z.string().nullish(),
  nextAttemptAt: z.string().nullish(),
})
export type MailDelivery = z.infer<typeof deliverySchema>

export function inboundMail(e: Pick<IncidentEventRow, 'kind' | 'data'>): InboundMail | null {
  if (e.kind !== 'mail-in') return null
  const parsed = inboundSchema.safeParse(e.data)
  return parsed.success ? parsed.data : null
}

/** "Cory Bauer <cory@customer.test>", or the bare address */
export function senderLabel(from: InboundMail['from']): string {
  return from.name && from.name.trim() !== '' ? `${from.name} <${from.address}>` : from.address
}

/** An answer to the customer: what the server mails when the team has a mailbox (server/src/mail/outbox.ts). */
export function isReplyToCustomer(e: Pick<IncidentEventRow, 'kind' | 'visibility'>): boolean {
  return e.kind === 'response' || (e.kind === 'comment' && e.visibility === 'external')
}

export function deliveryOf(e: Pick<IncidentEventRow, 'kind' | 'visibility' | 'data'>): MailDelivery | null {
  if (!isReplyToCustomer(e)) return null
  const parsed = deliverySchema.safeParse((e.data ?? {})['mail'])
  return parsed.success ? parsed.data : null
}

/** Why Retry can't be pressed now, or null when it can: it asks the server, so it needs one that answers. */
export function retryBlockedReason(status: {
  online: boolean
  lastError: string | null
  blocked: unknown
}): string | null {
  if (!status.online) return 'You are offline: retry once you are back online.'
  if (status.lastError !== null || status.blocked !== null)
    return 'The server cannot be reached: retry once it answers.'
  return null
}
