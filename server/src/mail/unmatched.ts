/**
 * Unmatched mail: what strangers wrote to a team's mailbox. An engineer of that team sees it and attaches it to
 * one of the team's customers: to a contact it names, or as a new contact (contact.add), and the mail then opens
 * an incident through incident.open exactly as a known sender's would (entitlement, allowance, deadline). All of
 * it runs through the trusted path as the engineer, so scope and the audit log are theirs.
 */
import { z } from 'zod'
import { derivedId } from '@shared/mutations/ids'
import { serverMutators } from '@shared/mutations/mail'
import type { MutationCall } from '@shared/mutations/types'
import type { Principal } from '../auth/principal'
import type { Db } from '../db/connect'
import type { MailUnmatchedTable } from '../db/schema'
import { applyAllOrNothing } from '../sync/apply-trusted'
import { parseKept, receiveAttachmentArgs, recordMailAttachments, type KeptAttachments } from './attachments'
import { licenseForMail } from './lookup'
import { openCall } from './inbound'

export interface UnmatchedView {
  id: string
  teamId: string
  from: { address: string; name: string | null }
  subject: string
  text: string
  html: string | null
  receivedAt: string
  /** what the mail carries; downloadable once it is attached to a customer (then they are that customer's) */
  attachments: Array<{ fileName: string; mediaType: string; size: number; inline: boolean }>
  droppedAttachments: KeptAttachments['dropped']
}

export function unmatchedView(r: MailUnmatchedTable): UnmatchedView {
  const kept = parseKept(r.attachments)
  return {
    id: r.id,
    teamId: r.team_id,
    from: { address: r.from_address, name: r.from_name },
    subject: r.subject,
    text: r.text,
    html: r.html,
    receivedAt: r.received_at,
    attachments: kept.stored.map(({ fileName, mediaType, size, inline }) => ({
      fileName,
      mediaType,
      size,
      inline,
    })),
    droppedAttachments: kept.dropped,
  }
}

/** The caller's teams' unattached mail, newest first (admins: every team's). */
export async function listUnmatched(db: Db, principal: Principal, limit = 200): Promise<UnmatchedView[]> {
  let q = db.read.selectFrom('mail_unmatched').selectAll().where('incident_id', 'is', null)
  if (principal.role !== 'admin') {
    if (principal.teamIds.length === 0) return []
    q = q.where('team_id', 'in', principal.teamIds)
  }
  const rows = await q.orderBy('received_at', 'desc').limit(limit).execute()
  return rows.map(unmatchedView)
}

export const attachSchema = z
  .object({
    customerId: z.uuid(),
    /** an existing contact of that customer… */
    contactId: z.uuid().optional(),
    /** …or a new one, with the sender's address */
    newContact: z
      .object({ name: z.string().trim().min(1).max(200), named: z.boolean().default(false) })
      .optional(),
  })
  .refine((a) => (a.contactId === undefined) !== (a.newContact === undefined), {
    path: ['contactId'],
    message: 'name an existing contact or a new one, not both',
  })

export class UnmatchedError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message)
  }
}

export async function attachUnmatched(
  db: Db,
  principal: Principal,
  id: string,
  input: z.output<typeof attachSchema>,
  now: Date,
): Promise<{ incidentId: string; contactId: string; flags: string[] }> {
  const row = await db.write.selectFrom('mail_unmatched').selectAll().where('id', '=', id).executeTakeFirst()
  // another team's mail is as good as absent
  if (!row || (principal.role !== 'admin' && !principal.teamIds.includes(row.team_id)))
    throw new UnmatchedError(404, 'No such unmatched mail.')
  if (row.incident_id) throw new UnmatchedError(409, 'This mail is already attached to an incident.')
  const customer = await db.write
    .selectFrom('customers')
    .select('team_id')
    .where('id', '=', input.customerId)
    .where('deleted', '=', 0)
    .executeTakeFirst()
  if (!customer || customer.team_id !== row.team_id)
    throw new UnmatchedError(400, "customerId: attach the mail to one of its mailbox's team's customers")

  const kept = parseKept(row.attachments)
  const contactId = input.contactId ?? derivedId(`mail-contact:${row.message_id}`)
  const incidentId = derivedId(`mail-incident:${row.message_id}`)
  const calls: MutationCall[] = []
  if (input.newContact)
    calls.push({
      name: 'contact.add',
      mv: 1,
      args: {
        id: contactId,
        customerId: input.customerId,
        name: input.newContact.name,
        email: row.from_address,
        named: input.newContact.named,
      },
    })
  calls.push(
    openCall(
      incidentId,
      { id: contactId, customerId: input.customerId },
      await licenseForMail(db, input.customerId, now.toISOString().slice(0, 10)),
      row,
    ),
    {
      name: 'mail.receive',
      mv: 1,
      args: {
        incidentId,
        messageId: row.message_id,
        from: { address: row.from_address, name: row.from_name },
        subject: row.subject,
        text: row.text,
        html: row.html,
        receivedAt: row.received_at,
        opened: true,
        ...receiveAttachmentArgs(kept),
      },
    },
  )
  const flags = await applyAllOrNothing(
    db,
    {
      principal,
      clientId: `mail-attach:${row.message_id}`,
      now,
      registry: serverMutators,
      // the mail's parts become the customer's attachments with the incident, or not at all
      beforeCalls: (trx) =>
        recordMailAttachments(trx, kept, {
          customerId: input.customerId,
          by: `mail:${row.mailbox_id}`,
          at: now,
        }),
      async alsoInTransaction(trx) {
        await trx
          .updateTable('mail_unmatched')
          .set({ incident_id: incidentId, attached_at: now.toISOString(), attached_by: principal.userId })
          .where('id', '=', id)
          .execute()
        await trx
          .updateTable('mail_messages')
          .set({ disposition: 'incident', incident_id: incidentId })
          .where('message_id', '=', row.message_id)
          .execute()
      },
    },
    calls,
  )
  return { incidentId, contactId, flags: flags[input.newContact ? 1 : 0] ?? [] }
}
