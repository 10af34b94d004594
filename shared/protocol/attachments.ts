/**
 * The attachment endpoints' wire format (server/README.md "Attachments"): `PUT /v1/attachments/:id` answers
 * the stored metadata; the size limit is the server's default, which the app also checks before it keeps a
 * file, so an oversized one is refused at once, offline too.
 */
import { z } from 'zod'

/** 25 MiB: a large log bundle fits; an accidental disk image does not */
export const defaultAttachmentLimitBytes = 25 * 1024 * 1024

export const attachmentMetaSchema = z.object({
  id: z.uuid(),
  sha256: z.string().regex(/^[0-9a-f]{64}$/),
  size: z.number().int().nonnegative(),
  mediaType: z.string(),
  fileName: z.string(),
  customerId: z.uuid(),
  uploadedBy: z.string(),
  createdAt: z.string(),
})
export type AttachmentMetaWire = z.infer<typeof attachmentMetaSchema>

/** "25 MB" for whole MiB, else the exact byte count: the words the server's 413 uses too */
export function formatLimit(bytes: number): string {
  const mb = 1024 * 1024
  return bytes % mb === 0 ? `${bytes / mb} MB` : `${bytes} bytes`
}

/**
 * Text-like files are shown as text in the app and served as text/plain: logs ("S.O.R. logs analysis"), plain
 * text, CSV, JSON and XML, by media type or by extension (mail clients often send a .log as
 * application/octet-stream). The app and the server both decide with this one function.
 */
export function isTextLike(fileName: string, mediaType: string): boolean {
  return (
    mediaType.startsWith('text/') ||
    mediaType === 'application/json' ||
    mediaType === 'application/xml' ||
    /\.(log|txt|csv|json|xml)$/i.test(fileName)
  )
}
