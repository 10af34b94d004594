/**
 * What the attachment screens compute: sizes in words, which files open as text, how much text a viewer shows,
 * and the attachments a timeline event names (the server's metadata on the event, else this device's record).
 */
import { isTextLike } from '@shared/protocol/attachments'
import type { AttachmentFile, AttachmentRef } from '../../data'

export { isTextLike }

export function formatSize(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} KB`
  return `${(bytes / (1024 * 1024)).toFixed(1)} MB`
}

/** the most characters the text viewer shows: enough for a day of logs, not enough to freeze the window */
export const viewerLimitChars = 200_000

export interface ViewerText {
  text: string
  /** set when the text was cut: says how much is shown */
  note: string | null
}

/** Decodes the bytes as UTF-8 (bad sequences become U+FFFD) and cuts a long text with a note saying so. */
export function viewerText(bytes: ArrayBuffer, limit = viewerLimitChars): ViewerText {
  const text = new TextDecoder('utf-8', { fatal: false }).decode(bytes)
  if (text.length <= limit) return { text, note: null }
  return {
    text: text.slice(0, limit),
    note: `Showing the first ${limit.toLocaleString('en')} of ${text.length.toLocaleString('en')} characters. Download the file for all of it.`,
  }
}

export interface EventAttachment extends AttachmentRef {
  /** an image a mail's HTML shows by `cid:` (the server marks it on a `mail-in` event); false for the rest */
  inline: boolean
  /** this device's record, when there is one (upload state, kept bytes) */
  local: AttachmentFile | undefined
}

type RefOnEvent = AttachmentRef & { inline: boolean }

function refsOnEvent(data: Record<string, unknown> | null | undefined): Map<string, RefOnEvent> {
  const out = new Map<string, RefOnEvent>()
  const list = data?.attachments
  if (!Array.isArray(list)) return out
  for (const a of list as Array<Partial<RefOnEvent>>) {
    if (typeof a?.id === 'string' && typeof a.fileName === 'string')
      out.set(a.id, {
        id: a.id,
        fileName: a.fileName,
        mediaType: typeof a.mediaType === 'string' ? a.mediaType : 'application/octet-stream',
        size: typeof a.size === 'number' ? a.size : 0,
        inline: a.inline === true,
      })
  }
  return out
}

/** The ids an event's data names (the args the comment was made with) */
export function attachmentIdsOnEvent(data: Record<string, unknown> | null | undefined): string[] {
  const ids = data?.attachmentIds
  return Array.isArray(ids) ? ids.filter((id): id is string => typeof id === 'string') : []
}

/**
 * The event's attachments in the order the comment named them. The server's copy of the event carries their
 * metadata; an event not yet synced has only ids, named from the files added on this device.
 */
export function eventAttachments(
  data: Record<string, unknown> | null | undefined,
  local: ReadonlyMap<string, AttachmentFile>,
): EventAttachment[] {
  const known = refsOnEvent(data)
  const ids = attachmentIdsOnEvent(data)
  for (const id of known.keys()) if (!ids.includes(id)) ids.push(id)
  return ids.flatMap((id) => {
    const ref = known.get(id)
    const file = local.get(id)
    if (ref) return [{ ...ref, local: file }]
    if (file)
      return [
        {
          id,
          fileName: file.fileName,
          mediaType: file.mediaType,
          size: file.size,
          inline: false,
          local: file,
        },
      ]
    return [
      {
        id,
        fileName: 'attachment',
        mediaType: 'application/octet-stream',
        size: 0,
        inline: false,
        local: undefined,
      },
    ]
  })
}
