/**
 * The durable mail outbox. A comment to the customer (`incident.respond`, or `incident.comment` with visibility
 * external) is queued in the SAME transaction as the mutation that wrote it (push.ts calls `queueReply` after a
 * mutation is applied): if the push commits, the mail will be sent; if it rolls back, nothing is queued. The
 * outbox row is keyed by the comment's event id and queued only by the mutation that created the event, so a
 * retried or duplicated push, or the same comment pushed by two clients, queues it once.
 * The Message-ID is derived from that id (`<event-id@team-domain>`): a resend after a crash is the same message.
 */
import type { Transaction } from 'kysely'
import { ticketToken } from '@shared/mutations/mail'
import type { MutationCall, MutationContext } from '@shared/mutations/types'
import type { Database } from '../db/schema'
import type { SqlStore } from '../sync/sql-store'

export interface QueueContext {
  trx: Transaction<Database>
  store: SqlStore
  call: MutationCall
  ctx: MutationContext
  now: Date
}

function isReplyToCustomer(call: MutationCall): string | null {
  const args = call.args as { id?: unknown; visibility?: unknown } | null
  if (!args || typeof args.id !== 'string') return null
  if (call.name === 'incident.respond') return args.id
  if (call.name === 'incident.comment' && args.visibility === 'external') return args.id
  return null
}

export function outboundMessageId(eventId: string, mailboxAddress: string): string {
  return `${eventId}@${mailboxAddress.split('@')[1] ?? 'caseload.invalid'}`
}

/** After an applied mutation: queue its answer to the customer, if it is one and the team has a mailbox. */
export async function queueReply(q: QueueContext): Promise<void> {
  const eventId = isReplyToCustomer(q.call)
  if (!eventId) return
  const event = await q.store.get('incidentEvents', eventId)
  // only the mutation that created the event queues it (a replay by another client wrote nothing new)
  if (!event || event.deleted || event['origin'] !== `${q.ctx.clientId}#${q.ctx.mid}`) return
  if (event['visibility'] !== 'external' || typeof event['incidentId'] !== 'string') return
  const incident = await q.store.get('incidents', event['incidentId'])
  if (!incident || typeof incident['customerId'] !== 'string') return
  const customer = await q.trx
    .selectFrom('customers')
    .select('team_id')
    .where('id', '=', incident['customerId'])
    .executeTakeFirst()
  if (!customer?.team_id) return
  const mailbox = await q.trx
    .selectFrom('mailboxes')
    .select(['id', 'address'])
    .where('team_id', '=', customer.team_id)
    .orderBy('created_at')
    .orderBy('id')
    .executeTakeFirst()
  if (!mailbox) return
  const contact =
    typeof incident['contactId'] === 'string'
      ? await q.store.get('contacts', incident['contactId'])
      : undefined
  const to = typeof contact?.['email'] === 'string' ? contact['email'] : null
  if (!to) return

  const thread = await q.trx
    .selectFrom('mail_messages')
    .select(['message_id', 'direction'])
    .where('incident_id', '=', event['incidentId'])
    .orderBy('created_at')
    .execute()
  const lastIn = [...thread].reverse().find((m) => m.direction === 'in')
  const refs = thread.slice(-20).map((m) => `<${m.message_id}>`)
  const messageId = outboundMessageId(eventId, mailbox.address)
  const subjectBase = String(incident['subject'] ?? '').trim()
  const subject = `Re: ${subjectBase.replace(/^(re:\s*)+/i, '')} ${ticketToken(event['incidentId'])}`
  const at = q.now.toISOString()
  const data = (event['data'] ?? {}) as Record<string, unknown>
  const attachmentIds = Array.isArray(data['attachmentIds'])
    ? data['attachmentIds'].filter((id): id is string => typeof id === 'string')
    : []
  const inserted = await q.trx
    .insertInto('mail_outbox')
    .values({
      event_id: eventId,
      mailbox_id: mailbox.id,
      incident_id: event['incidentId'],
      customer_id: incident['customerId'],
      to_address: to,
      subject,
      body: String(event['body'] ?? ''),
      message_id: messageId,
      in_reply_to: lastIn ? `<${lastIn.message_id}>` : null,
      refs: refs.length > 0 ? refs.join(' ') : null,
      state: 'queued',
      attempts: 0,
      next_attempt_at: at,
      claimed_until: null,
      last_error: null,
      queued_at: at,
      queued_ms: q.now.getTime(),
      sent_at: null,
      attachment_ids: attachmentIds.length > 0 ? JSON.stringify(attachmentIds) : null,
    })
    .onConflict((oc) => oc.column('event_id').doNothing())
    .executeTakeFirst()
  if (Number(inserted.numInsertedOrUpdatedRows ?? 0) === 0) return
  await q.trx
    .insertInto('mail_messages')
    .values({
      message_id: messageId,
      mailbox_id: mailbox.id,
      direction: 'out',
      disposition: 'outbound',
      incident_id: event['incidentId'],
      event_id: eventId,
      created_at: at,
    })
    .onConflict((oc) => oc.column('message_id').doNothing())
    .execute()
  // the timeline shows "queued" from the same version as the comment
  await q.store.put('incidentEvents', {
    ...event,
    data: { ...data, mail: { state: 'queued', messageId, to, at } },
  })
  await q.store.writeBuffered()
}
