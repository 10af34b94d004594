import { useSyncStatus, useEngine } from './engine-context'
import { useNow } from '../incidents/shared/useNow'
import { relativeTime } from '../incidents/shared/format'
import { navigate } from '../../stores/route'
import { signOut } from '../session/session'
import { useSession } from '../../stores/session'

/** Online/offline, pending changes, last sync, bootstrap progress, and what blocks sync, always in view. */
export function StatusBar() {
  const status = useSyncStatus()
  const { engine, desktop, session } = useEngine()
  const expired = useSession((s) => s.phase === 'signed-in' && s.expired)
  const now = useNow(15_000)
  const reachable = status.online && status.lastError === null && status.blocked === null
  const inboxCount =
    status.conflicts.length + status.rejected.length + status.flagged.filter((f) => !f.seen).length
  const bootstrapping = status.phase === 'bootstrapping' && status.bootstrap && !status.bootstrap.done

  return (
    <footer className="status-bar" aria-label="Sync status">
      <span role="status" aria-live="polite" className="status-group">
        <span className={`dot ${reachable ? 'dot-online' : 'dot-offline'}`} aria-hidden="true" />
        <span data-testid="connection-state">
          {!status.online ? 'Offline' : reachable ? 'Online' : 'Server unreachable'}
        </span>
        <span data-testid="pending-count">
          {status.pendingCount === 0
            ? 'All changes sent'
            : `${status.pendingCount} change${status.pendingCount === 1 ? '' : 's'} waiting to be sent`}
        </span>
        <span className="muted" data-testid="last-sync">
          {status.lastSyncAt ? `Synced ${relativeTime(status.lastSyncAt, now)}` : 'Not synced yet'}
        </span>
      </span>
      {bootstrapping && status.bootstrap ? (
        <span className="status-group">
          <span>Downloading your data…</span>
          <progress
            aria-label="Downloading your data"
            max={status.bootstrap.pages + 1}
            value={status.bootstrap.pages}
          />
          <span className="muted">{status.bootstrap.rowsApplied.toLocaleString()} records</span>
        </span>
      ) : null}
      {status.blocked ? (
        <span className="status-blocked" role="alert">
          {status.blocked.message}
        </span>
      ) : status.lastError && status.online ? (
        <span className="muted" title={status.lastError}>
          Retrying: {status.lastError}
        </span>
      ) : null}
      {expired ? (
        <span className="status-blocked" role="alert">
          Your session has ended on the server: sign out and in again to send your changes.
        </span>
      ) : null}
      <span className="spacer" />
      <button type="button" className="ghost" onClick={() => void engine.syncNow()} disabled={!status.online}>
        Sync now
      </button>
      <button type="button" className="ghost" onClick={() => navigate({ name: 'inbox' })}>
        Sync inbox{inboxCount > 0 ? ` (${inboxCount})` : ''}
      </button>
      <span className="muted">{session.user.username}</span>
      <button type="button" className="ghost" onClick={() => void signOut(desktop)}>
        Sign out
      </button>
    </footer>
  )
}
