/**
 * Why sync stopped until someone acts (the status bar shows the message): what the engine will not retry on its
 * own, because retrying would fail the same way.
 */
import type { BlockedReason } from './status'

export const blockedMessages: Record<BlockedReason, string> = {
  'disk-full': 'Sync blocked: the disk is full. Free some space, then retry.',
  'signed-out': 'Sync paused: sign in again.',
  'update-required': 'Sync paused: this Caseload is too old for the server. Update Caseload.',
  forbidden: 'Sync paused: the server refused access.',
  'server-refused': 'Sync paused: the server refused a request. Report this problem.',
}

/** Thrown by `mutate` when nothing could be written (disk full). The status shows it too. */
export class SyncBlockedError extends Error {
  constructor(
    readonly reason: BlockedReason,
    message: string,
  ) {
    super(message)
    this.name = 'SyncBlockedError'
  }
}
