import { lazy, Suspense, useEffect } from 'react'
import { CommandPalette, ShortcutsHelp } from '../features/palette/CommandPalette'
import { Queue, isTyping } from '../features/incidents/queue/Queue'
import { NewIncident } from '../features/incidents/new/NewIncident'
import { IncidentView } from '../features/incidents/view/IncidentView'
import { AnomaliesScreen, AnomalyScreen } from '../features/anomalies/screens'
import { CatalogScreen } from '../features/catalog/screens'
import { ImportScreen } from '../features/csv/ImportScreen'
import { CustomerScreen, CustomersScreen } from '../features/customers/screens'
import { ArticleScreen, KnowledgeBaseScreen } from '../features/kb/screens'
import { LicenseScreen, LicensesScreen } from '../features/licenses/screens'
import { StatusBar } from '../features/sync/StatusBar'
import { SyncInbox } from '../features/sync/SyncInbox'
import { useDeadlineAlerts } from '../features/sync/useDeadlineAlerts'
import { navigate, parentOf, parseRoute, useRoute, type Route } from '../stores/route'
import { useSession } from '../stores/session'
import { useUi } from '../stores/ui'

// loaded on first visit, with its charting library: most sessions never open it
const ReportsScreen = lazy(() => import('../features/reports/ReportsScreen'))
// mail administration: server-only lists, opened now and then
const UnmatchedScreen = lazy(() => import('../features/mail-admin/UnmatchedScreen'))
const MailboxesScreen = lazy(() => import('../features/mail-admin/MailboxesScreen'))

/** The signed-in desk: the current screen, the status bar, and the shortcuts that work everywhere. */
export function Desk() {
  const route = useRoute()
  const overlay = useUi((s) => s.overlay)
  const isAdmin = useSession((s) => s.phase === 'signed-in' && s.user.role === 'admin')
  useDeadlineAlerts()

  useEffect(() => {
    function onKey(event: KeyboardEvent) {
      const ui = useUi.getState()
      if ((event.metaKey || event.ctrlKey) && event.key.toLowerCase() === 'k') {
        ui.open(ui.overlay === 'palette' ? 'none' : 'palette')
        event.preventDefault()
        return
      }
      if (event.key === 'Escape') {
        if (ui.overlay !== 'none') ui.open('none')
        else if (!isTyping(event.target)) navigate(parentOf(parseRoute(location.hash)))
        return
      }
      if (event.metaKey || event.ctrlKey || event.altKey || isTyping(event.target) || ui.overlay !== 'none')
        return
      if (event.key === '?') {
        ui.open('shortcuts')
        event.preventDefault()
      } else if (event.key === 'c') {
        navigate({ name: 'new' })
        event.preventDefault()
      } else if (event.key === '/') {
        navigate({ name: 'queue' })
        setTimeout(() => document.getElementById('queue-search')?.focus(), 0)
        event.preventDefault()
      }
    }
    window.addEventListener('keydown', onKey)
    return () => window.removeEventListener('keydown', onKey)
  }, [])

  return (
    <div className="desk">
      <header className="desk-header">
        <a className="brand" href="#/queue">
          Caseload
        </a>
        <nav aria-label="Main" className="main-nav">
          {navItems(isAdmin).map((item) => (
            <a
              key={item.href}
              href={item.href}
              aria-current={item.screens.includes(route.name) ? 'page' : undefined}
            >
              {item.label}
              {item.key ? <kbd>{item.key}</kbd> : null}
            </a>
          ))}
        </nav>
        <span className="spacer" />
        <button type="button" className="ghost" onClick={() => useUi.getState().open('palette')}>
          Commands <kbd>Ctrl K</kbd>
        </button>
        <button
          type="button"
          className="ghost"
          aria-label="Keyboard shortcuts"
          onClick={() => useUi.getState().open('shortcuts')}
        >
          ?
        </button>
      </header>
      <main className="desk-main">
        {route.name === 'queue' ? <Queue /> : null}
        {route.name === 'new' ? <NewIncident /> : null}
        {route.name === 'incident' ? <IncidentView id={route.id} key={route.id} /> : null}
        {route.name === 'inbox' ? <SyncInbox /> : null}
        {route.name === 'customers' ? <CustomersScreen /> : null}
        {route.name === 'customer' ? <CustomerScreen id={route.id} key={route.id} /> : null}
        {route.name === 'licenses' ? <LicensesScreen /> : null}
        {route.name === 'license' ? <LicenseScreen id={route.id} key={route.id} /> : null}
        {route.name === 'anomalies' ? <AnomaliesScreen /> : null}
        {route.name === 'anomaly' ? <AnomalyScreen id={route.id} key={route.id} /> : null}
        {route.name === 'kb' ? <KnowledgeBaseScreen /> : null}
        {route.name === 'article' ? <ArticleScreen id={route.id} key={route.id} /> : null}
        {route.name === 'catalog' ? <CatalogScreen readOnly={!isAdmin} /> : null}
        {route.name === 'import' ? <ImportScreen /> : null}
        {route.name === 'reports' ? (
          <Suspense fallback={<p className="page muted">Loading the reports…</p>}>
            <ReportsScreen />
          </Suspense>
        ) : null}
        {route.name === 'unmatched' ? (
          <Suspense fallback={<p className="page muted">Loading the unmatched mail…</p>}>
            <UnmatchedScreen />
          </Suspense>
        ) : null}
        {route.name === 'mailboxes' ? (
          isAdmin ? (
            <Suspense fallback={<p className="page muted">Loading the mailboxes…</p>}>
              <MailboxesScreen />
            </Suspense>
          ) : (
            <p className="page notice">Mailboxes are managed by administrators.</p>
          )
        ) : null}
      </main>
      <StatusBar />
      {overlay === 'palette' ? <CommandPalette /> : null}
      {overlay === 'shortcuts' ? <ShortcutsHelp /> : null}
    </div>
  )
}

interface NavItem {
  label: string
  href: string
  /** the routes under this entry, so a record screen keeps its list highlighted */
  screens: ReadonlyArray<Route['name']>
  key?: string
}

function navItems(isAdmin: boolean): NavItem[] {
  return [
    { label: 'Queue', href: '#/queue', screens: ['queue', 'incident'] },
    { label: 'New incident', href: '#/new', screens: ['new'], key: 'c' },
    { label: 'Customers', href: '#/customers', screens: ['customers', 'customer'] },
    { label: 'Licenses', href: '#/licenses', screens: ['licenses', 'license'] },
    { label: 'Anomalies', href: '#/anomalies', screens: ['anomalies', 'anomaly'] },
    { label: 'Knowledge base', href: '#/kb', screens: ['kb', 'article'] },
    { label: 'Plans', href: '#/catalog', screens: ['catalog'] },
    { label: 'Import', href: '#/import', screens: ['import'] },
    { label: 'Reports', href: '#/reports', screens: ['reports'] },
    { label: 'Unmatched mail', href: '#/unmatched', screens: ['unmatched'] },
    ...(isAdmin
      ? [{ label: 'Mailboxes', href: '#/mailboxes', screens: ['mailboxes'] } satisfies NavItem]
      : []),
    { label: 'Sync inbox', href: '#/inbox', screens: ['inbox'] },
  ]
}
