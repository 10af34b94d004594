import { useEffect, useMemo, useRef, useState } from 'react'
import { navigate } from '../../stores/route'
import { useUi, type SavedViewId } from '../../stores/ui'
import { savedViews } from '../incidents/queue/model'

interface Command {
  id: string
  label: string
  hint?: string
  run(): void
}

function commands(): Command[] {
  const ui = useUi.getState()
  return [
    { id: 'new', label: 'New incident', hint: 'c', run: () => navigate({ name: 'new' }) },
    {
      id: 'search',
      label: 'Search incidents',
      hint: '/',
      run: () => {
        navigate({ name: 'queue' })
        setTimeout(() => document.getElementById('queue-search')?.focus(), 0)
      },
    },
    { id: 'inbox', label: 'Open the sync inbox', run: () => navigate({ name: 'inbox' }) },
    {
      id: 'reports',
      label: 'Reports: billable statement, SLA compliance, workload',
      run: () => navigate({ name: 'reports' }),
    },
    { id: 'help', label: 'Keyboard shortcuts', hint: '?', run: () => ui.open('shortcuts') },
    ...savedViews.map((v) => ({
      id: `view-${v.id}`,
      label: `View: ${v.label}`,
      run: () => {
        ui.setView(v.id as SavedViewId)
        navigate({ name: 'queue' })
      },
    })),
  ]
}

/** Ctrl/⌘ K: every action of the desk by name, filtered as you type, run with Enter. */
export function CommandPalette() {
  const close = () => useUi.getState().open('none')
  const [query, setQuery] = useState('')
  const [active, setActive] = useState(0)
  const input = useRef<HTMLInputElement>(null)
  const list = useMemo(
    () => commands().filter((c) => c.label.toLowerCase().includes(query.trim().toLowerCase())),
    [query],
  )
  useEffect(() => input.current?.focus(), [])

  function run(c: Command | undefined) {
    if (!c) return
    close()
    c.run()
  }

  return (
    <div className="overlay" onMouseDown={close}>
      <div
        className="palette card"
        role="dialog"
        aria-modal="true"
        aria-label="Command palette"
        onMouseDown={(e) => e.stopPropagation()}
      >
        <input
          ref={input}
          role="combobox"
          aria-expanded="true"
          aria-controls="palette-list"
          aria-activedescendant={list[active] ? `cmd-${list[active].id}` : undefined}
          aria-label="Type a command"
          placeholder="Type a command…"
          value={query}
          onChange={(e) => {
            setQuery(e.target.value)
            setActive(0)
          }}
          onKeyDown={(e) => {
            if (e.key === 'ArrowDown') {
              setActive((a) => Math.min(list.length - 1, a + 1))
              e.preventDefault()
            } else if (e.key === 'ArrowUp') {
              setActive((a) => Math.max(0, a - 1))
              e.preventDefault()
            } else if (e.key === 'Enter') {
              run(list[active])
              e.preventDefault()
            } else if (e.key === 'Escape') {
              close()
              e.preventDefault()
            }
          }}
        />
        <ul id="palette-list" role="listbox" aria-label="Commands">
          {list.map((c, i) => (
            <li
              key={c.id}
              id={`cmd-${c.id}`}
              role="option"
              aria-selected={i === active}
              className={i === active ? 'active' : ''}
              onMouseEnter={() => setActive(i)}
              onClick={() => run(c)}
            >
              <span>{c.label}</span>
              {c.hint ? <kbd>{c.hint}</kbd> : null}
            </li>
          ))}
          {list.length === 0 ? <li className="muted">No command matches.</li> : null}
        </ul>
      </div>
    </div>
  )
}

export const shortcutList: [string, string][] = [
  ['j / ↓', 'Next incident'],
  ['k / ↑', 'Previous incident'],
  ['Enter', 'Open the selected incident'],
  ['c', 'Create an incident'],
  ['/', 'Search'],
  ['Ctrl K / ⌘ K', 'Command palette'],
  ['?', 'This list of shortcuts'],
  ['Esc', 'Close, or back to the queue'],
]

export function ShortcutsHelp() {
  const closeRef = useRef<HTMLButtonElement>(null)
  useEffect(() => closeRef.current?.focus(), [])
  return (
    <div className="overlay" onMouseDown={() => useUi.getState().open('none')}>
      <div
        className="card shortcuts"
        role="dialog"
        aria-modal="true"
        aria-labelledby="shortcuts-title"
        onMouseDown={(e) => e.stopPropagation()}
      >
        <h2 id="shortcuts-title">Keyboard shortcuts</h2>
        <dl>
          {shortcutList.map(([keys, what]) => (
            <div key={keys} className="shortcut">
              <dt>
                <kbd>{keys}</kbd>
              </dt>
              <dd>{what}</dd>
            </div>
          ))}
        </dl>
        <button ref={closeRef} type="button" onClick={() => useUi.getState().open('none')}>
          Close
        </button>
      </div>
    </div>
  )
}
