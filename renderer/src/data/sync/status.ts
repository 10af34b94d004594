import type { ConflictRecord, FlaggedRecord, RejectedRecord } from '../db/types'

export type BlockedReason =
  /** IndexedDB refused a write: disk (or the origin's quota) is full */
  | 'disk-full'
  /** the server no longer accepts our token */
  | 'signed-out'
  /** the server speaks another protocol version */
  | 'update-required'
  | 'forbidden'
  /** the server refused a request as malformed: a bug, never silently retried */
  | 'server-refused'

export interface BootstrapProgress {
  /** rows (changes) written so far */
  rowsApplied: number
  pages: number
  cursor: number
  done: boolean
}

export interface SyncStatus {
  /** the engine is started */
  running: boolean
  online: boolean
  /** this window runs the sync loops (the others only write to the outbox) */
  leader: boolean
  phase: 'idle' | 'pushing' | 'pulling' | 'bootstrapping' | 'waiting-to-retry'
  /** local writes the server has not answered yet */
  pendingCount: number
  /** writes sent and answered, waiting for the pull that carries their result */
  awaitingPullCount: number
  lastSyncAt: string | null
  bootstrap: BootstrapProgress | null
  blocked: { reason: BlockedReason; message: string } | null
  /**
   * The server came back without rows this client had (restored from a backup, or reset). Nothing is deleted
   * until the user confirms (`confirmServerReset`) or keeps them (`keepLocalRows`).
   */
  serverReset: { missingRows: number } | null
  lastError: string | null
  /** epoch ms of the next retry while waiting */
  nextRetryAt: number | null
  /** storage persistence granted (navigator.storage.persist()); null if unknown */
  persisted: boolean | null
  flagged: FlaggedRecord[]
  rejected: RejectedRecord[]
  conflicts: ConflictRecord[]
}

export const initialStatus: SyncStatus = {
  running: false,
  online: false,
  leader: false,
  phase: 'idle',
  pendingCount: 0,
  awaitingPullCount: 0,
  lastSyncAt: null,
  bootstrap: null,
  blocked: null,
  serverReset: null,
  lastError: null,
  nextRetryAt: null,
  persisted: null,
  flagged: [],
  rejected: [],
  conflicts: [],
}
