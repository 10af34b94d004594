import { useEffect, useMemo, useRef, useState, type ReactNode } from 'react'
import { navigate, useRoute, type Route } from '../../stores/route'
import { useUi, type SavedViewId } from '../../stores/ui'
import { savedViews } from '../incidents/queue/model'
import { useBulkAction } from '../incidents/assign/useBulkAction'
import { useCustomerTeams } from '../incidents/assign/useCustomerTeams'
import { useDirectory } from '../directory/useDirectory'
import { useEngine } from '../sync/engine-context'

interface Command {
  id: string
  label: string
  hint?: string
  run(): void
}

/** What "Assign to…" acts on: the incident on screen, else the queue's ticked rows (none: no such command). */
function assignTargets(route: Route): string[] {
  if (route.name === 'incident') return [route.id]
  if (route.name !== 'queue') return []
  return [...useUi.getState().selection.ids]
}

function commands(route: Route, isAdmin: boolean, startAssign: (ids: string[]) => void): Command[] {
  const ui = useUi.getState()
  const targets = assignTargets(route)
  const what =
    route.name === 'incident'
      ? 'this incident'
      : `the ${targets.length} selected incident${targets.length === 1 ? '' : 's'}`
  const assign: Command[] =
    targets.length > 0 ? [{ id: 'assign', label: `Assign ${what} to…`, run: () => startAssign(targets) }] : []
  return [
    ...assign,
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
    {
      id: 'unmatched',
      label: 'Unmatched mail: attach a stranger’s mail to a customer',
      run: () => navigate({ name: 'unmatched' }),
    },
    ...(isAdmin
      ? [
          {
            id: 'mailboxes',
            label: 'Mailboxes: team mail settings',
            run: () => navigate({ name: 'mailboxes' }),
          },
        ]
      : []),
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

/** A modal dialog over the page: a press outside it closes it, a press inside does not reach the overlay. */
function Overlay({
  className,
  label,
  onClose,
  children,
}: {
  className: string
  label: { 'aria-label': string } | { 'aria-labelledby': string }
  onClose: () => void
  children: ReactNode
}) {
  return (
    <div className="overlay" onMouseDown={onClose}>
      <div
        className={className}
        role="dialog"
        aria-modal="true"
        {...label}
        onMouseDown={(e) => e.stopPropagation()}
      >
        {children}
      </div>
    </div>
  )
}

/**
 * Ctrl/⌘ K: every action of the desk by name, filtered as you type, run with Enter. "Assign … to…" turns the
 * list into the colleagues by name (and Nobody); picking one assigns the incident on screen or the selection.
 */
export function CommandPalette() {
  const close = () => useUi.getState().open('none')
  const [query, setQuery] = useState('')
  const [active, setActive] = useState(0)
  /** the incidents a pick of a person assigns, once "Assign to…" was chosen */
  const [assigning, setAssigning] = useState<string[] | null>(null)
  const input = useRef<HTMLInputElement>(null)
  const route = useRoute()
  const names = useDirectory()
  const { user } = useEngine().session
  const me = user.id
  const isAdmin = user.role === 'admin'
  const { run: runBulk } = useBulkAction()
  const assignTeams = useCustomerTeams(assigning ?? [])
  const list = useMemo(() => {
    const q = query.trim().toLowerCase()
    const all: Command[] = assigning
      ? [
          ...names.assignableFor(assignTeams).map((p) => ({
            id: `person-${p.id}`,
            label: p.id === me ? `${p.name} (you)` : p.name,
            run: () => void runBulk({ kind: 'assign', assigneeId: p.id }, assigning),
          })),
          {
            id: 'person-none',
            label: 'Nobody (unassign)',
            run: () => void runBulk({ kind: 'assign', assigneeId: null }, assigning),
          },
        ]
      : commands(route, isAdmin, (ids) => {
          setAssigning(ids)
          setQuery('')
          setActive(0)
        })
    return all.filter((c) => c.label.toLowerCase().includes(q))
  }, [query, assigning, assignTeams, names, me, isAdmin, route, runBulk])
  useEffect(() => input.current?.focus(), [])

  function run(c: Command | undefined) {
    if (!c) return
    // choosing "Assign to…" keeps the palette open on the list of people
    if (c.id !== 'assign') close()
    c.run()
  }

  return (
    <Overlay className="palette card" label={{ 'aria-label': 'Command palette' }} onClose={close}>
      <input
        ref={input}
        role="combobox"
        aria-expanded="true"
        aria-controls="palette-list"
        aria-activedescendant={list[active] ? `cmd-${list[active].id}` : undefined}
        aria-label={assigning ? 'Type a name' : 'Type a command'}
        placeholder={assigning ? 'Assign to… (type a name)' : 'Type a command…'}
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
        {list.length === 0 ? (
          <li className="muted">{assigning ? 'Nobody by that name.' : 'No command matches.'}</li>
        ) : null}
      </ul>
    </Overlay>
  )
}

export const shortcutList: [string, string][] = [
  ['j / ↓', 'Next incident'],
  ['k / ↑', 'Previous incident'],
  ['Enter', 'Open the selected incident'],
  ['x', 'Tick or untick the highlighted incident for a bulk action'],
  ['Shift click', 'Tick every incident from the last one ticked'],
  ['Ctrl A / ⌘ A', 'Tick every incident shown (the filtered view)'],
  ['c', 'Create an incident'],
  ['a', 'Unmatched mail: attach the open mail to a customer'],
  ['/', 'Search'],
  ['Ctrl K / ⌘ K', 'Command palette'],
  ['?', 'This list of shortcuts'],
  ['Esc', 'Close, or back to the queue'],
]

export function ShortcutsHelp() {
  const closeRef = useRef<HTMLButtonElement>(null)
  useEffect(() => closeRef.current?.focus(), [])
  return (
    <Overlay
      className="card shortcuts"
      label={{ 'aria-labelledby': 'shortcuts-title' }}
      onClose={() => useUi.getState().open('none')}
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
    </Overlay>
  )
}
