/**
 * The email channel's mutator and the ticket token. `mail.receive` records a customer's mail on an incident's
 * timeline (a `mail-in` event: the customer's words as text, the sanitised HTML beside them) and ends a wait on
 * the customer. It is run only by the server's mail fetcher through the trusted path (server/src/mail): it is
 * in `serverMutators`, not in the registry a push resolves, so no client can claim a customer wrote something.
 * The event id is derived from the Message-ID, so a mail fetched twice is one entry.
 */
import { z } from 'zod'
import { addIncidentEvent, idSchema, instantSchema, scopeOfIncident, utc } from './common'
import { reject } from './errors'
import { derivedId } from './ids'
import { customerReplied } from './incidents'
import { defineMutator, type AnyMutator } from './mutator'
import { mutators, type MutatorRegistry } from './registry'

/** "[#CL-1A2B3C4D5E6F]": the last group of the incident's id, which is its random part (ids are UUIDv7). */
export function ticketToken(incidentId: string): string {
  const last = incidentId.split('-').pop() ?? incidentId
  return `[#CL-${last.toUpperCase()}]`
}

/** The id suffix a subject's ticket token names, lower-cased as ids are; null if it has none. */
export function tokenInSubject(subject: string): string | null {
  const m = /\[#CL-([0-9A-F]{12})\]/i.exec(subject)
  return m?.[1] ? m[1].toLowerCase() : null
}

/** The incident event a received mail becomes: the same for every fetch of that Message-ID. */
export function mailEventId(messageId: string): string {
  return derivedId(`mail-in:${messageId}`)
}

/** An attachment of the mail, already stored by the server as one of the incident's customer's attachments. */
const mailAttachment = z.object({
  id: idSchema,
  fileName: z.string().min(1).max(300),
  mediaType: z.string().min(1).max(255),
  size: z.number().int().nonnegative(),
  /** shown inline by the mail's HTML (`cid:`) */
  inline: z.boolean().default(false),
})

/** An attachment the server did not keep (over the size limit…), named on the timeline with the reason. */
const droppedAttachment = z.object({
  fileName: z.string().min(1).max(300),
  size: z.number().int().nonnegative(),
  reason: z.string().min(1).max(500),
})

const receiveArgs = z.object({
  incidentId: idSchema,
  messageId: z.string().min(1).max(998),
  from: z.object({ address: z.email(), name: z.string().max(300).nullable() }),
  subject: z.string().max(2000),
  text: z.string().max(1_000_000),
  /** sanitised before it got here (server/src/mail/parse.ts) */
  html: z.string().max(2_000_000).nullable(),
  receivedAt: instantSchema,
  /** the mail opened this incident: no wait to end */
  opened: z.boolean().default(false),
  attachments: z.array(mailAttachment).max(100).default([]),
  droppedAttachments: z.array(droppedAttachment).max(100).default([]),
})

export const mailReceive = defineMutator({
  name: 'mail.receive',
  version: 1,
  args: receiveArgs,
  scope: (args, reader) => scopeOfIncident(reader, args.incidentId),
  async run(tx, args) {
    const incident = await tx.require<{ customerId: string }>(
      'incidents',
      args.incidentId,
      'args.incidentId',
      'incident',
    )
    const id = mailEventId(args.messageId)
    if (await tx.get('incidentEvents', id)) return // fetched before
    // the server's store knows the uploads: each must be this incident's customer's (as a comment's must)
    const uploads = await tx.attachments(args.attachments.map((a) => a.id))
    uploads?.forEach((u, i) => {
      if (!u || u.customerId !== incident.customerId)
        reject(
          'not-found',
          `Attachment ${args.attachments[i]!.id} is not stored.`,
          `args.attachments.${i}.id`,
        )
    })
    await addIncidentEvent(tx, incident, {
      id,
      kind: 'mail-in',
      visibility: 'external',
      body: args.text,
      data: {
        messageId: args.messageId,
        from: args.from,
        subject: args.subject,
        html: args.html,
        receivedAt: utc(args.receivedAt),
        opened: args.opened,
        // the same fields a comment's attachments have, so the app lists and opens them the same way
        ...(args.attachments.length > 0
          ? { attachmentIds: args.attachments.map((a) => a.id), attachments: args.attachments }
          : {}),
        ...(args.droppedAttachments.length > 0 ? { droppedAttachments: args.droppedAttachments } : {}),
      },
    })
    if (!args.opened) await customerReplied(tx, incident.id)
  },
})

/** What the server's trusted path resolves: every client mutator and the server-only ones. */
export const serverMutators: MutatorRegistry = Object.freeze({
  ...mutators,
  [mailReceive.name]: mailReceive as AnyMutator,
})
