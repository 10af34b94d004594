import type { ReactNode } from 'react'
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

/**
 * A server-only page: its title, what it is for, the page's own controls, and Refresh (nothing to refresh from
 * while offline), then the page.
 */
export function ServerListPage({
  name,
  title,
  blurb,
  loaded,
  onRefresh,
  tools,
  actions,
  children,
}: {
  /** the page's class, and its title's id with `-title` */
  name: string
  title: string
  blurb: string
  loaded: Loaded<unknown>
  onRefresh: () => void
  /** controls before Refresh (a search box) */
  tools?: ReactNode
  /** controls after Refresh (Add mailbox) */
  actions?: ReactNode
  children: ReactNode
}) {
  return (
    <section className={`page ${name}`} aria-labelledby={`${name}-title`}>
      <div className="unmatched-toolbar">
        <h2 id={`${name}-title`}>{title}</h2>
        <span className="muted small">{blurb}</span>
        <span className="spacer" />
        {tools}
        <button type="button" className="ghost" onClick={onRefresh} disabled={loaded.state === 'offline'}>
          Refresh
        </button>
        {actions}
      </div>
      {children}
    </section>
  )
}
