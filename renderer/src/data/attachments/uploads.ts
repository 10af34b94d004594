/**
 * The push pass's first step (design: a comment must never reach the server before its files): before a batch
 * of outbox entries is pushed, every pending attachment they name is uploaded. A connection problem stops the
 * push (the engine retries with backoff, so nothing goes out of order); a refusal for good (too large, not this
 * team's customer) marks the file failed with the server's message and lets the push go on, where the server
 * refuses the comment naming it (the sync inbox shows both).
 */
import type { CaseloadDb } from '../db/database'
import type { AttachmentFile, OutboxEntry } from '../db/types'
import { AttachmentRefusedError } from './http'

export interface AttachmentUploader {
  upload(file: AttachmentFile, onProgress: (fraction: number) => void): Promise<unknown>
}

/** the attachment ids an outbox entry's args name (comments and answers) */
export function attachmentIdsOf(entry: Pick<OutboxEntry, 'args'>): string[] {
  const args = entry.args as { attachmentIds?: unknown } | null
  const ids = args?.attachmentIds
  return Array.isArray(ids) ? ids.filter((id): id is string => typeof id === 'string') : []
}

/** progress is written to the record at most every tenth of the file, not at every network event */
function progressWriter(db: CaseloadDb, id: string): (fraction: number) => void {
  let last = 0
  return (fraction) => {
    if (fraction - last < 0.1 && fraction < 1) return
    last = fraction
    void db.attachmentFiles.update(id, { progress: Math.min(1, fraction) })
  }
}

export async function uploadPendingAttachments(
  db: CaseloadDb,
  api: AttachmentUploader,
  entries: readonly Pick<OutboxEntry, 'args'>[],
): Promise<void> {
  const ids = [...new Set(entries.flatMap(attachmentIdsOf))]
  for (const id of ids) {
    const file = await db.attachmentFiles.get(id)
    if (!file || file.status !== 'pending') continue
    try {
      await api.upload(file, progressWriter(db, id))
      await db.attachmentFiles.update(id, { status: 'uploaded', progress: 1, error: null })
    } catch (error) {
      if (!(error instanceof AttachmentRefusedError)) {
        await db.attachmentFiles.update(id, { progress: 0 })
        throw error
      }
      await db.attachmentFiles.update(id, { status: 'failed', progress: 0, error: error.message })
    }
  }
}
