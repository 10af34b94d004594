/**
 * Attachments: the server API other modules use (the HTTP routes, the mail channel storing inbound parts and
 * sending comment attachments out). Bytes are content-addressed files (content.ts); each upload is a metadata
 * row whose id the client chose (UUIDv7), scoped to a customer. Whoever may see the customer (its team, or an
 * admin) may read the attachment; to anyone else it does not exist, with exactly the answer an unknown id gets.
 */
import type { ReadStream } from 'node:fs'
import type { Readable } from 'node:stream'
import { z } from 'zod'
import { defaultAttachmentLimitBytes } from '@shared/protocol/attachments'
import type { Principal } from '../auth/principal'
import type { Db } from '../db/connect'
import type { AttachmentsTable, Database } from '../db/schema'
import { ApiError } from '../errors'
import type { Kysely } from 'kysely'
import { AttachmentTooLargeError, openContent, writeContent, type StoredContent } from './content'
import { sanitiseFileName, sanitiseMediaType } from './names'

export { defaultAttachmentLimitBytes }

export interface AttachmentMeta {
  id: string
  sha256: string
  size: number
  mediaType: string
  fileName: string
  customerId: string
  uploadedBy: string
  createdAt: string
}

export interface StoreAttachmentInput {
  /** the client's id (UUIDv7); the same id with the same content is the same upload */
  id: string
  bytes: Readable | AsyncIterable<Uint8Array> | Uint8Array
  /** as given by the client or the mail; sanitised here */
  fileName: string
  mediaType?: string
  customerId: string
  /** the user id of the uploader (for mail: the system user) */
  by: string
  at: Date
  /** default defaultAttachmentLimitBytes */
  limitBytes?: number
}

/** Who reads: a signed-in user (scoped by their teams) or server code that has already decided (mail). */
export type AttachmentReader = Principal | 'trusted'

const idField = z.uuid()

function metaOf(row: AttachmentsTable): AttachmentMeta {
  return {
    id: row.id,
    sha256: row.sha256,
    size: Number(row.size),
    mediaType: row.media_type,
    fileName: row.file_name,
    customerId: row.customer_id,
    uploadedBy: row.uploaded_by,
    createdAt: row.created_at,
  }
}

const notFound = (id: string) => new ApiError(404, 'not-found', `No attachment with id ${id}.`)

/** True if the customer exists and `reader` may see it: an admin, trusted code, or a member of its team. */
export async function customerVisibleTo(
  db: Db,
  reader: AttachmentReader,
  customerId: string,
): Promise<boolean> {
  const customer = await db.read
    .selectFrom('customers')
    .select(['team_id', 'deleted'])
    .where('id', '=', customerId)
    .executeTakeFirst()
  if (!customer || Number(customer.deleted) !== 0) return false
  if (reader === 'trusted' || reader.role === 'admin') return true
  return customer.team_id !== null && reader.teamIds.includes(customer.team_id)
}

/** The metadata row, or undefined, whatever the caller's scope (for mutators, which check the customer). */
export async function attachmentMeta(db: Db, id: string): Promise<AttachmentMeta | undefined> {
  const row = await db.read.selectFrom('attachments').selectAll().where('id', '=', id).executeTakeFirst()
  return row ? metaOf(row) : undefined
}

/** Writes the bytes to their content address (once per content); over `limitBytes` a 413 naming the limit. */
export async function storeContent(
  dataDir: string,
  bytes: StoreAttachmentInput['bytes'],
  limitBytes = defaultAttachmentLimitBytes,
): Promise<StoredContent> {
  try {
    return await writeContent(dataDir, bytes, limitBytes)
  } catch (error) {
    if (error instanceof AttachmentTooLargeError)
      throw new ApiError(413, 'attachment-too-large', error.message)
    throw error
  }
}

export interface AttachmentRecord extends StoredContent {
  id: string
  fileName: string
  mediaType?: string
  customerId: string
  by: string
  at: Date
}

/**
 * Records content already stored (storeContent) as the attachment `id` of a customer: the name and media type
 * sanitised. Idempotent for the same id, content, customer and uploader; the same id with anything else is 409.
 * `db` may be a transaction, so the row commits with what names it.
 */
export async function recordAttachment(
  db: Kysely<Database>,
  input: AttachmentRecord,
): Promise<AttachmentMeta> {
  const row: AttachmentsTable = {
    id: input.id,
    sha256: input.sha256,
    size: input.size,
    media_type: sanitiseMediaType(input.mediaType),
    file_name: sanitiseFileName(input.fileName),
    customer_id: input.customerId,
    uploaded_by: input.by,
    created_at: input.at.toISOString(),
  }
  await db
    .insertInto('attachments')
    .values(row)
    .onConflict((oc) => oc.column('id').doNothing())
    .execute()
  const stored = await db
    .selectFrom('attachments')
    .selectAll()
    .where('id', '=', input.id)
    .executeTakeFirstOrThrow()
  if (
    stored.sha256 !== row.sha256 ||
    stored.customer_id !== row.customer_id ||
    stored.uploaded_by !== row.uploaded_by
  )
    throw new ApiError(
      409,
      'duplicate-id',
      `Attachment id ${input.id} is already used for other content.`,
      'id',
    )
  return metaOf(stored)
}

/**
 * Stores the bytes (once per content) and records the upload. Idempotent: the same id with the same content,
 * customer and uploader returns the stored row. The same id with anything else is a 409; a body over the limit
 * a 413 naming the limit; an unknown customer a 404. Nothing is recorded unless the whole content was written.
 */
export async function storeAttachment(
  db: Db,
  dataDir: string,
  input: StoreAttachmentInput,
): Promise<AttachmentMeta> {
  if (!idField.safeParse(input.id).success) throw new ApiError(400, 'invalid', 'id: must be a UUID.', 'id')
  if (!idField.safeParse(input.customerId).success)
    throw new ApiError(400, 'invalid', 'customerId: must be a UUID.', 'customerId')
  if (!(await customerVisibleTo(db, 'trusted', input.customerId)))
    throw new ApiError(404, 'not-found', `No customer with id ${input.customerId}.`, 'customerId')
  const content = await storeContent(dataDir, input.bytes, input.limitBytes)
  return recordAttachment(db.write, { ...input, ...content })
}

export interface OpenedAttachment {
  meta: AttachmentMeta
  stream: ReadStream
}

/** The attachment and a stream of its bytes, if `reader` may see its customer; else the unknown-id 404. */
export async function readAttachment(
  db: Db,
  dataDir: string,
  id: string,
  reader: AttachmentReader,
): Promise<OpenedAttachment> {
  if (!idField.safeParse(id).success) throw notFound(id)
  const meta = await attachmentMeta(db, id)
  if (!meta || !(await customerVisibleTo(db, reader, meta.customerId))) throw notFound(id)
  return { meta, stream: openContent(dataDir, meta.sha256) }
}
