/**
 * The attachments of an inbound mail, through the same store as the app's uploads (server/src/attachments):
 * content-addressed, the same size limit. A part over the limit is not kept, and the mail still is: its
 * timeline event names the file and the reason (`droppedAttachments`). Inline parts (images the HTML shows by
 * `cid:`) are attachments like any other. Ids derive from the Message-ID and the part's position, so a mail
 * fetched twice stores its parts once and names the same ids.
 *
 * The content is written when the mail is read; the metadata row, which makes it a customer's attachment that
 * the customer's team may download, is written once the customer is known: at once for a contact's mail, on
 * "attach" for Unmatched mail (which keeps the list in mail_unmatched.attachments until then).
 */
import { z } from 'zod'
import type { Kysely } from 'kysely'
import { derivedId } from '@shared/mutations/ids'
import { defaultAttachmentLimitBytes, formatLimit } from '@shared/protocol/attachments'
import { sanitiseFileName, sanitiseMediaType } from '../attachments/names'
import { recordAttachment, storeContent } from '../attachments/store'
import type { Database } from '../db/schema'
import { ApiError } from '../errors'
import type { InboundAttachment } from './parse'

/** at most this many parts of one mail are kept; the rest are named as dropped */
export const maxMailAttachments = 100

const storedSchema = z.object({
  id: z.uuid(),
  sha256: z.string().regex(/^[0-9a-f]{64}$/),
  size: z.number().int().nonnegative(),
  fileName: z.string(),
  mediaType: z.string(),
  inline: z.boolean(),
})
const droppedSchema = z.object({
  fileName: z.string(),
  size: z.number().int().nonnegative(),
  reason: z.string(),
})
const keptSchema = z.object({ stored: z.array(storedSchema), dropped: z.array(droppedSchema) })

/** What a mail's parts became: content stored (not yet anyone's), or dropped with the reason. */
export type KeptAttachments = z.infer<typeof keptSchema>
export type StoredMailAttachment = z.infer<typeof storedSchema>

export interface MailStorage {
  /** the data dir of the attachment store */
  dataDir: string
  /** default: the uploads' limit (defaultAttachmentLimitBytes) */
  attachmentLimitBytes?: number
}

export function mailAttachmentId(messageId: string, index: number): string {
  return derivedId(`mail-attachment:${messageId}:${index}`)
}

function nameOf(part: InboundAttachment, index: number): string {
  if (part.filename) return sanitiseFileName(part.filename)
  const ext = /^image\/(png|jpeg|gif|webp)$/.exec(part.contentType.toLowerCase())?.[1]
  return `${part.inline ? 'inline' : 'attachment'}-${index + 1}${ext ? `.${ext === 'jpeg' ? 'jpg' : ext}` : ''}`
}

/** Writes each part's content (once per content); parts over the limit or past the count are dropped. */
export async function keepMailAttachments(
  storage: MailStorage,
  messageId: string,
  parts: readonly InboundAttachment[],
): Promise<KeptAttachments> {
  const limit = storage.attachmentLimitBytes ?? defaultAttachmentLimitBytes
  const kept: KeptAttachments = { stored: [], dropped: [] }
  for (const [index, part] of parts.entries()) {
    const fileName = nameOf(part, index)
    const size = part.content.byteLength
    if (index >= maxMailAttachments) {
      kept.dropped.push({ fileName, size, reason: `A mail keeps at most ${maxMailAttachments} attachments.` })
      continue
    }
    if (size > limit) {
      kept.dropped.push({
        fileName,
        size,
        reason: `The attachment is larger than the limit of ${formatLimit(limit)}.`,
      })
      continue
    }
    try {
      const content = await storeContent(storage.dataDir, part.content, limit)
      kept.stored.push({
        id: mailAttachmentId(messageId, index),
        ...content,
        fileName,
        mediaType: sanitiseMediaType(part.contentType),
        inline: part.inline,
      })
    } catch (error) {
      if (!(error instanceof ApiError && error.status === 413)) throw error
      kept.dropped.push({ fileName, size, reason: error.message })
    }
  }
  return kept
}

/** Makes the stored parts attachments of `customerId` (whose team may then download them). */
export async function recordMailAttachments(
  db: Kysely<Database>,
  kept: KeptAttachments,
  owner: { customerId: string; by: string; at: Date },
): Promise<void> {
  for (const a of kept.stored) await recordAttachment(db, { ...a, ...owner })
}

/** mail.receive's attachment args */
export function receiveAttachmentArgs(kept: KeptAttachments): {
  attachments: Array<{ id: string; fileName: string; mediaType: string; size: number; inline: boolean }>
  droppedAttachments: KeptAttachments['dropped']
} {
  return {
    attachments: kept.stored.map(({ id, fileName, mediaType, size, inline }) => ({
      id,
      fileName,
      mediaType,
      size,
      inline,
    })),
    droppedAttachments: kept.dropped,
  }
}

/** for mail_unmatched.attachments */
export function serialiseKept(kept: KeptAttachments): string | null {
  return kept.stored.length + kept.dropped.length > 0 ? JSON.stringify(kept) : null
}

export function parseKept(json: string | null): KeptAttachments {
  return json ? keptSchema.parse(JSON.parse(json)) : { stored: [], dropped: [] }
}
