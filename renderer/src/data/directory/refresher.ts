/**
 * Keeps the local copy of the directory (GET /v1/directory) fresh: asked after sign-in and after each successful
 * sync cycle, at most once a minute. A failed fetch keeps the last directory and never touches sync.
 */
import type { Directory } from '@shared/protocol'
import type { CaseloadDb } from '../db/database'
import type { SyncStatus } from '../sync/status'

export const directoryRefreshIntervalMs = 60_000

/** Whether a fetch may start now, given when the last one started (epoch ms, null: never). */
export function refreshDue(
  lastAttemptAt: number | null,
  now: number,
  intervalMs = directoryRefreshIntervalMs,
): boolean {
  return lastAttemptAt === null || now - lastAttemptAt >= intervalMs || now < lastAttemptAt
}

/**
 * Whether a status change is a moment to refresh: online, not blocked, and either the first status seen online
 * (sign-in, start) or a sync cycle that has just completed (lastSyncAt moved).
 */
export function isRefreshMoment(previous: SyncStatus | null, next: SyncStatus): boolean {
  if (!next.online || next.blocked) return false
  if (!previous || !previous.online) return true
  return next.lastSyncAt !== null && next.lastSyncAt !== previous.lastSyncAt
}

export interface DirectoryRefresherDeps {
  fetch: () => Promise<Directory>
  save: (directory: Directory, fetchedAt: Date) => Promise<void>
  now?: () => number
  /** where a failed fetch is reported (default: console.warn) */
  onError?: (error: unknown) => void
}

export class DirectoryRefresher {
  private lastAttemptAt: number | null = null
  private inFlight: Promise<void> | null = null
  private previous: SyncStatus | null = null

  constructor(private readonly deps: DirectoryRefresherDeps) {}

  /** feed every engine status here */
  onStatus(status: SyncStatus): void {
    const moment = isRefreshMoment(this.previous, status)
    this.previous = status
    if (moment) void this.refresh()
  }

  /** fetches and stores the directory unless one is in flight or the last attempt was under a minute ago */
  refresh(): Promise<void> {
    const now = (this.deps.now ?? Date.now)()
    if (this.inFlight || !refreshDue(this.lastAttemptAt, now)) return this.inFlight ?? Promise.resolve()
    this.lastAttemptAt = now
    this.inFlight = (async () => {
      try {
        const directory = await this.deps.fetch()
        await this.deps.save(directory, new Date(now))
      } catch (error) {
        // the last directory stays; the next cycle after the interval tries again
        ;(this.deps.onError ?? ((e) => console.warn('directory refresh failed', e)))(error)
      } finally {
        this.inFlight = null
      }
    })()
    return this.inFlight
  }
}

/** Stores a fetched directory as the database's one directory row. */
export function saveDirectory(db: CaseloadDb): DirectoryRefresherDeps['save'] {
  return async (directory, fetchedAt) => {
    await db.directory.put({
      key: 'directory',
      users: directory.users,
      teams: directory.teams,
      ...(directory.attachmentLimitBytes !== undefined
        ? { attachmentLimitBytes: directory.attachmentLimitBytes }
        : {}),
      fetchedAt: fetchedAt.toISOString(),
    })
  }
}
