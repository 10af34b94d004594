/**
 * Attachment files kept on this device: adding one (refused before anything is written when it is over the
 * limit), and opening one (from the device if it is here, else downloaded once and kept for offline use).
 */
import { defaultAttachmentLimitBytes, formatLimit } from '@shared/protocol/attachments'
import type { CaseloadDb } from '../db/database'
import type { AttachmentFile } from '../db/types'

export class AttachmentTooLargeError extends Error {
  constructor(
    readonly fileName: string,
    readonly limitBytes: number,
  ) {
    super(`${fileName} is larger than the limit of ${formatLimit(limitBytes)}: it was not attached.`)
    this.name = 'AttachmentTooLargeError'
  }
}

/** What the app reads of a picked or dropped file (a DOM File has all of these). */
export interface PickedFile {
  name: string
  type: string
  size: number
  arrayBuffer(): Promise<ArrayBuffer>
}

export interface KeepOptions {
  id: string
  customerId: string
  incidentId: string
  /** ISO instant */
  now: string
  limitBytes?: number
}

/** Keeps a picked file until it is uploaded. Throws AttachmentTooLargeError first if it is over the limit. */
export async function keepAttachment(
  db: CaseloadDb,
  file: PickedFile,
  options: KeepOptions,
): Promise<AttachmentFile> {
  const limit = options.limitBytes ?? defaultAttachmentLimitBytes
  if (file.size > limit) throw new AttachmentTooLargeError(file.name, limit)
  const bytes = await file.arrayBuffer()
  if (bytes.byteLength > limit) throw new AttachmentTooLargeError(file.name, limit)
  const record: AttachmentFile = {
    id: options.id,
    customerId: options.customerId,
    incidentId: options.incidentId,
    fileName: file.name,
    mediaType: file.type || 'application/octet-stream',
    size: bytes.byteLength,
    bytes,
    status: 'pending',
    progress: 0,
    error: null,
    addedAt: options.now,
  }
  await db.attachmentFiles.put(record)
  return record
}

/** Forgets a file picked for a comment that was not sent (only while it is pending: nothing references it). */
export async function discardAttachment(db: CaseloadDb, id: string): Promise<void> {
  await db.transaction('rw', ['attachmentFiles'], async () => {
    const record = await db.attachmentFiles.get(id)
    if (record?.status === 'pending') await db.attachmentFiles.delete(id)
  })
}

/** What the timeline knows of an attachment before it is opened (the event's data, or the local record). */
export interface AttachmentRef {
  id: string
  fileName: string
  mediaType: string
  size: number
}

export interface OpenedFile extends AttachmentRef {
  bytes: ArrayBuffer
}

export interface AttachmentDownloader {
  download(id: string): Promise<ArrayBuffer>
}

/** The file's bytes: from the device when they are here (offline too), else downloaded and kept. */
export async function openAttachment(
  db: CaseloadDb,
  api: AttachmentDownloader,
  ref: AttachmentRef & { customerId: string; incidentId: string },
  now: string,
): Promise<OpenedFile> {
  const kept = await db.attachmentFiles.get(ref.id)
  if (kept?.bytes) return { ...ref, bytes: kept.bytes }
  const bytes = await api.download(ref.id)
  await db.attachmentFiles.put({
    id: ref.id,
    customerId: ref.customerId,
    incidentId: ref.incidentId,
    fileName: ref.fileName,
    mediaType: ref.mediaType,
    size: bytes.byteLength,
    bytes,
    status: 'downloaded',
    progress: 1,
    error: null,
    addedAt: now,
  })
  return { ...ref, bytes }
}
