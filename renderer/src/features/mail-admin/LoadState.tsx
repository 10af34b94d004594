import { offlineMessage, type Loaded } from './useMailAdminApi'

/** What a server-only list says until it is ready: loading, offline (plainly, not as a failure), or the error. */
export function LoadState({ loaded, what }: { loaded: Loaded<unknown>; what: string }) {
  if (loaded.state === 'loading') return <p className="muted">Loading {what}…</p>
  if (loaded.state === 'offline')
    return (
      <p className="notice warn" role="status">
        {offlineMessage}
      </p>
    )
  if (loaded.state === 'failed')
    return (
      <p className="error" role="alert">
        {loaded.message}
      </p>
    )
  return null
}
