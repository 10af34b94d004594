import { useEffect } from 'react'
import { CommandPalette, ShortcutsHelp } from '../features/palette/CommandPalette'
import { Queue, isTyping } from '../features/incidents/queue/Queue'
import { StatusBar } from '../features/sync/StatusBar'
import { useDeadlineAlerts } from '../features/sync/useDeadlineAlerts'
import { navigate, parentOf, parseRoute, useRoute, type Route } from '../stores/route'
import { useSession } from '../stores/session'
import { useUi } from '../stores/ui'
import { lazyScreen } from './lazy-screen'

// The first paint needs only the shell (header, status bar, shortcuts, palette) and the queue; every other
// screen is its own chunk, fetched on first visit or, once the desk is idle, ahead of it.
const NewIncident = lazyScreen('new incident', () =>
  import('../features/incidents/new/NewIncident').then((m) => m.NewIncident),
)
const IncidentView = lazyScreen('incident', () =>
  import('../features/incidents/view/IncidentView').then((m) => m.IncidentView),
)
const SyncInbox = lazyScreen('sync inbox', () =>
  import('../features/sync/SyncInbox').then((m) => m.SyncInbox),
)
const CustomersScreen = lazyScreen('customers', () =>
  import('../features/customers/screens').then((m) => m.CustomersScreen),
)
const CustomerScreen = lazyScreen('customer', () =>
  import('../features/customers/screens').then((m) => m.CustomerScreen),
)
const LicensesScreen = lazyScreen('licenses', () =>
  import('../features/licenses/screens').then((m) => m.LicensesScreen),
)
const LicenseScreen = lazyScreen('license', () =>
  import('../features/licenses/screens').then((m) => m.LicenseScreen),
)
const AnomaliesScreen = lazyScreen('anomalies', () =>
  import('../features/anomalies/screens').then((m) => m.AnomaliesScreen),
)
const AnomalyScreen = lazyScreen('anomaly', () =>
  import('../features/anomalies/screens').then((m) => m.AnomalyScreen),
)
const KnowledgeBaseScreen = lazyScreen('knowledge base', () =>
  import('../features/kb/screens').then((m) => m.KnowledgeBaseScreen),
)
const ArticleScreen = lazyScreen('article', () =>
  import('../features/kb/screens').then((m) => m.ArticleScreen),
)
const CatalogScreen = lazyScreen('plans and calendars', () =>
  import('../features/catalog/screens').then((m) => m.CatalogScreen),
)
const ImportScreen = lazyScreen('import', () =>
  import('../features/csv/ImportScreen').then((m) => m.ImportScreen),
)
// with its charting library: the biggest chunk, and most sessions never open it
const ReportsScreen = lazyScreen('reports', () =>
  import('../features/reports/ReportsScreen').then((m) => m.default),
)
// mail administration: server-only lists, opened now and then
const UnmatchedScreen = lazyScreen('unmatched mail', () =>
  import('../features/mail-admin/UnmatchedScreen').then((m) => m.default),
)
const MailboxesScreen = lazyScreen('mailboxes', () =>
  import('../features/mail-admin/MailboxesScreen').then((m) => m.default),
)

const lazyScreens = [
  NewIncident,
  IncidentView,
  SyncInbox,
  CustomersScreen,
  CustomerScreen,
  LicensesScreen,
  LicenseScreen,
  AnomaliesScreen,
  AnomalyScreen,
  KnowledgeBaseScreen,
  ArticleScreen,
  CatalogScreen,
  ImportScreen,
  ReportsScreen,
  UnmatchedScreen,
  MailboxesScreen,
]

/**
 * Fetches every screen's chunk once the desk has painted and the page is idle, so later visits are instant and
 * a browser-mode desk that goes offline still has all of its screens.
 */
function usePreloadScreens(): void {
  useEffect(() => {
    let idle: number | undefined
    const timer = setTimeout(() => {
      idle = requestIdleCallback(() => {
        for (const screen of lazyScreens) void screen.preload()
      })
    }, 1_000)
    return () => {
      clearTimeout(timer)
      if (idle !== undefined) cancelIdleCallback(idle)
    }
  }, [])
}

/** The signed-in desk: the current screen, the status bar, and the shortcuts that work everywhere. */
export function Desk() {
  const route = useRoute()
  const overlay = useUi((s) => s.overlay)
  const isAdmin = useSession((s) => s.phase === 'signed-in' && s.user.role === 'admin')
  useDeadlineAlerts()
  usePreloadScreens()

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
        {route.name === 'reports' ? <ReportsScreen /> : null}
        {route.name === 'unmatched' ? <UnmatchedScreen /> : null}
        {route.name === 'mailboxes' ? (
          isAdmin ? (
            <MailboxesScreen />
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
