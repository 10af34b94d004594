import { useEffect } from 'react'
import { CommandPalette, ShortcutsHelp } from '../features/palette/CommandPalette'
import { Queue, isTyping } from '../features/incidents/queue/Queue'
import { NewIncident } from '../features/incidents/new/NewIncident'
import { IncidentView } from '../features/incidents/view/IncidentView'
import { StatusBar } from '../features/sync/StatusBar'
import { SyncInbox } from '../features/sync/SyncInbox'
import { useDeadlineAlerts } from '../features/sync/useDeadlineAlerts'
import { navigate, useRoute } from '../stores/route'
import { useUi } from '../stores/ui'

/** The signed-in desk: the current screen, the status bar, and the shortcuts that work everywhere. */
export function Desk() {
  const route = useRoute()
  const overlay = useUi((s) => s.overlay)
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
        else if (!isTyping(event.target) && location.hash !== '#/queue') navigate({ name: 'queue' })
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
          <a href="#/queue" aria-current={route.name === 'queue' ? 'page' : undefined}>
            Queue
          </a>
          <a href="#/new" aria-current={route.name === 'new' ? 'page' : undefined}>
            New incident <kbd>c</kbd>
          </a>
          <a href="#/inbox" aria-current={route.name === 'inbox' ? 'page' : undefined}>
            Sync inbox
          </a>
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
      </main>
      <StatusBar />
      {overlay === 'palette' ? <CommandPalette /> : null}
      {overlay === 'shortcuts' ? <ShortcutsHelp /> : null}
    </div>
  )
}
