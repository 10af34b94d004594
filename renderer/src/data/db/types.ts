/**
 * The records the client keeps besides the synced rows themselves (design/sync.md).
 */
import type { TableName, StoredRow } from '@shared/mutations/store'
import type { ErrorDetail, Reason, RowRef } from '@shared/protocol'

export type { TableName, StoredRow, RowRef }

/** Who ran a mutation locally: replayed as-is on every rebase, so the provisional result stays the same. */
export interface MutationActor {
  userId: string
  role: 'admin' | 'engineer'
  teamIds: string[]
}

/**
 * One local write waiting for the server. Written once, in the same transaction as the optimistic change (P1);
 * removed only when a pull shows `mid ≤ lastMutationId` (then archived in `acknowledged`). Never rewritten by a
 * schema migration.
 */
export interface OutboxEntry {
  mid: number
  clientId: string
  name: string
  mv: number
  args: unknown
  /** the client's clock when the user made the change (audit only) */
  at: string
  actor: MutationActor
  /** rows the optimistic run wrote */
  writes: RowRef[]
  /** in the `acknowledged` archive: when a pull acknowledged it (the archive is pruned by age) */
  acknowledgedAt?: string
}

/** The single sync-state row (key 'state'). */
export interface SyncState {
  key: 'state'
  clientId: string
  /** the last mid handed out; the next mutation gets nextMid = lastMid + 1 */
  lastMid: number
  /** pull cursor: the server version this client has every change up to (written with its page) */
  cursor: number
  /** the server's lastMutationId for this client, as of the last pull that completed */
  lastMutationId: number
  /** the server's lastMutationId for this client, as of the last push answer (may be ahead of the pull's) */
  pushedThrough: number
  /** the server database's epoch; null until the first pull */
  epoch: string | null
  /** ISO instant of the last pull that reached the end (`more: false`) */
  lastSyncAt: string | null
  /** true once a bootstrap from cursor 0 has completed under the current epoch */
  bootstrapped: boolean
}

/**
 * A second row of the `syncState` table (key 'reset'): what a server restored from a backup may have forgotten.
 * `known`: the rows this client had when it saw the new epoch, minus those the re-bootstrap has sent since
 * (null when no re-bootstrap is running). `missing`: what the completed re-bootstrap did not send, kept locally
 * until the user confirms their deletion or keeps them; a row the server sends again leaves the list. Kept in
 * the database, so neither survives only in memory across a restart.
 */
export interface ServerResetRecord {
  key: 'reset'
  known: string[] | null
  missing: string[]
}

/** The server value of a row that pending mutations have touched (null: the server has no such row). */
export interface ShadowRow {
  table: TableName
  id: string
  row: StoredRow | null
}

/** A mutation the server applied but flagged (over-allowance, billable, …). */
export interface FlaggedRecord {
  mid: number
  name: string
  args: unknown
  at: string
  flags: string[]
  reasons: Reason[]
  /** ISO instant the server answered */
  resolvedAt: string
  seen: boolean
}

export interface RejectedRecord {
  mid: number
  name: string
  mv: number
  args: unknown
  at: string
  error: ErrorDetail
  resolvedAt: string
  writes: RowRef[]
}

export interface ConflictRecord {
  mid: number
  name: string
  mv: number
  args: unknown
  at: string
  reasons: Reason[]
  /** field-level detail when the server sends it (not yet in protocol v1's result) */
  details: unknown[]
  resolvedAt: string
  writes: RowRef[]
}

/** The last directory the server sent (GET /v1/directory), kept so names still show offline and after a reload. */
export interface DirectoryRecord {
  key: 'directory'
  /** `teamIds`: the user's teams the signed-in user may see; absent in a directory from an older server */
  users: { id: string; username: string; role: 'admin' | 'engineer'; teamIds?: string[] }[]
  teams: { id: string; name: string }[]
  /** the server's attachment limit when last asked (absent: not known, the default applies) */
  attachmentLimitBytes?: number
  /** when it was fetched (ISO) */
  fetchedAt: string
}

/**
 * An attachment file on this device (data/attachments). `bytes` is kept after upload and after a download, so
 * an opened attachment opens again offline. ArrayBuffer rather than Blob: every IndexedDB clones it.
 * - `pending`: added here, not yet on the server (uploaded by the push pass before the comment that names it)
 * - `uploaded`: on the server, added here
 * - `failed`: the server refused it for good (`error` says why); the comment naming it will be refused too
 * - `downloaded`: opened here, fetched from the server
 */
export interface AttachmentFile {
  id: string
  customerId: string
  incidentId: string
  fileName: string
  mediaType: string
  size: number
  bytes: ArrayBuffer | null
  status: 'pending' | 'uploaded' | 'failed' | 'downloaded'
  /** 0..1 while an upload is under way */
  progress: number
  error: string | null
  addedAt: string
}
