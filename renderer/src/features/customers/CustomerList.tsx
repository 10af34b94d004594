import { useEffect, useMemo, useRef, useState } from 'react'
import { useLiveQuery } from 'dexie-react-hooks'
import { useVirtualizer } from '@tanstack/react-virtual'
import { liveRows } from '../../data'
import { hrefOf, navigate } from '../../stores/route'
import { useUi } from '../../stores/ui'
import { ExportCsvButton } from '../csv/ExportCsvButton'
import { calendarIndex, planIndex } from '../incidents/shared/catalog'
import { useNow } from '../incidents/shared/useNow'
import { isTyping } from '../incidents/queue/Queue'
import { useEngine } from '../sync/engine-context'
import { CustomerForm } from './CustomerForm'
import { utcDate } from './dates'
import { OPEN_STATUSES, customerCsvColumns, customerRows, searchCustomers } from './list-model'
import { planTodayOf } from './subscription-model'
import { useDirectory } from '../directory/useDirectory'

const rowHeight = 40
const searchId = 'customers-search'

/** The customers: search ( / ), j/k or arrows to move, Enter to open, Export CSV of the rows shown. */
export function CustomerList() {
  const { db, session } = useEngine()
  const now = useNow(60_000)
  const today = utcDate(now)
  const data = useLiveQuery(async () => {
    const open = await liveRows(db, 'incidents', (t) => t.where('status').anyOf([...OPEN_STATUSES]))
    return {
      customers: await liveRows(db, 'customers'),
      contacts: await liveRows(db, 'contacts'),
      subscriptions: await liveRows(db, 'subscriptions'),
      open: open.map((i) => i.customerId),
      plans: (await db.rows('plans').toArray()) as Record<string, unknown>[],
      calendars: (await db.rows('calendars').toArray()) as Record<string, unknown>[],
    }
  }, [db])
  const plans = useMemo(() => planIndex(data?.plans ?? []), [data?.plans])
  const calendars = useMemo(() => calendarIndex(data?.calendars ?? []), [data?.calendars])
  const names = useDirectory()
  const all = useMemo(
    () =>
      data
        ? customerRows({
            customers: data.customers,
            contacts: data.contacts,
            subscriptions: data.subscriptions,
            openIncidentCustomerIds: data.open,
            plans,
            today,
            todayOfPlan: (planId) => planTodayOf(plans.get(planId), calendars, now),
            myTeams: session.user.teams,
            names,
          })
        : [],
    [data, plans, calendars, today, now, session.user.teams, names],
  )
  const [search, setSearch] = useState('')
  const rows = useMemo(() => searchCustomers(all, search), [all, search])
  const [selectedId, setSelectedId] = useState<string | null>(null)
  const selected = rows.find((r) => r.id === selectedId) ?? rows[0]
  const [creating, setCreating] = useState(false)
  const teamIds = useMemo(
    () => [
      ...new Set([...session.user.teams, ...(session.user.role === 'admin' ? all.map((r) => r.teamId) : [])]),
    ],
    [session.user.teams, session.user.role, all],
  )

  const scrollRef = useRef<HTMLDivElement>(null)
  // eslint-disable-next-line react-hooks/incompatible-library -- read in this render only
  const virtualizer = useVirtualizer({
    count: rows.length,
    getScrollElement: () => scrollRef.current,
    estimateSize: () => rowHeight,
    overscan: 10,
  })
  const items = virtualizer.getVirtualItems()
  const padTop = items[0]?.start ?? 0
  const padBottom = virtualizer.getTotalSize() - (items[items.length - 1]?.end ?? 0)

  // "/" focuses this search instead of the queue's: caught on the way down, before the desk's own shortcut
  const current = useRef({ rows, selected, virtualizer })
  useEffect(() => {
    current.current = { rows, selected, virtualizer }
  }, [rows, selected, virtualizer])
  useEffect(() => {
    function onSlash(event: KeyboardEvent) {
      if (event.key !== '/' || event.metaKey || event.ctrlKey || event.altKey) return
      if (isTyping(event.target) || useUi.getState().overlay !== 'none') return
      document.getElementById(searchId)?.focus()
      event.preventDefault()
      event.stopPropagation()
    }
    function onKey(event: KeyboardEvent) {
      if (event.metaKey || event.ctrlKey || event.altKey || isTyping(event.target)) return
      if (useUi.getState().overlay !== 'none') return
      const { rows, selected, virtualizer } = current.current
      const index = Math.max(
        0,
        rows.findIndex((r) => r.id === selected?.id),
      )
      const move = (to: number) => {
        const row = rows[Math.max(0, Math.min(rows.length - 1, to))]
        if (!row) return
        setSelectedId(row.id)
        virtualizer.scrollToIndex(rows.indexOf(row), { align: 'auto' })
        event.preventDefault()
      }
      if (event.key === 'j' || event.key === 'ArrowDown') move(index + 1)
      else if (event.key === 'k' || event.key === 'ArrowUp') move(index - 1)
      else if (event.key === 'Enter') {
        const row = rows[index]
        if (
          row &&
          !(event.target instanceof HTMLAnchorElement) &&
          !(event.target instanceof HTMLButtonElement)
        ) {
          navigate({ name: 'customer', id: row.id })
          event.preventDefault()
        }
      }
    }
    window.addEventListener('keydown', onSlash, true)
    window.addEventListener('keydown', onKey)
    return () => {
      window.removeEventListener('keydown', onSlash, true)
      window.removeEventListener('keydown', onKey)
    }
  }, [])

  return (
    <section className="customers-list" aria-labelledby="customers-title">
      <div className="customers-toolbar">
        <h2 id="customers-title">Customers</h2>
        <span className="muted" aria-live="polite" data-testid="customers-count">
          {data ? `${rows.length.toLocaleString()} of ${all.length.toLocaleString()} customers` : 'Loading…'}
        </span>
        <span className="spacer" />
        <label className="search">
          <span className="visually-hidden">Search customers</span>
          <input
            id={searchId}
            type="search"
            placeholder="Search name, team, plan, status  ( / )"
            value={search}
            onChange={(e) => setSearch(e.target.value)}
            onKeyDown={(e) => {
              if (e.key === 'Escape' || e.key === 'Enter') {
                e.preventDefault()
                e.currentTarget.blur()
              }
            }}
          />
        </label>
        <ExportCsvButton fileName="customers" columns={customerCsvColumns} rows={() => rows} />
        <button type="button" onClick={() => setCreating((c) => !c)} aria-expanded={creating}>
          New customer
        </button>
      </div>
      {creating ? (
        <CustomerForm
          teamIds={teamIds}
          myTeams={session.user.teams}
          onCancel={() => setCreating(false)}
          onCreated={(id) => navigate({ name: 'customer', id })}
        />
      ) : null}
      <div className="customers-scroll" ref={scrollRef}>
        <table className="data-table customers-table" aria-label="Customers" aria-rowcount={rows.length + 1}>
          <thead>
            <tr aria-rowindex={1}>
              <th scope="col">Name</th>
              <th scope="col">Team</th>
              <th scope="col">Plan</th>
              <th scope="col">Status</th>
              <th scope="col">Named contacts</th>
              <th scope="col" className="num">
                Open incidents
              </th>
            </tr>
          </thead>
          <tbody>
            {padTop > 0 ? (
              <tr aria-hidden="true" style={{ height: padTop }}>
                <td colSpan={6} />
              </tr>
            ) : null}
            {items.map((item) => {
              const row = rows[item.index]
              if (!row) return null
              const isSelected = row.id === selected?.id
              return (
                <tr
                  key={row.id}
                  aria-rowindex={item.index + 2}
                  aria-current={isSelected ? 'true' : undefined}
                  className={isSelected ? 'selected' : ''}
                  data-testid="customer-row"
                  style={{ height: rowHeight }}
                  onClick={() => setSelectedId(row.id)}
                  onDoubleClick={() => navigate({ name: 'customer', id: row.id })}
                >
                  <td>
                    <a href={hrefOf({ name: 'customer', id: row.id })} onFocus={() => setSelectedId(row.id)}>
                      {row.name}
                    </a>
                  </td>
                  <td>{row.team}</td>
                  <td>{row.plan}</td>
                  <td>
                    <span className={`pill state-${row.state ?? 'none'}`}>{row.status}</span>
                  </td>
                  <td className={row.cap !== null && row.named >= row.cap ? 'at-cap' : ''}>
                    {row.namedText}
                  </td>
                  <td className="num">{row.openIncidents}</td>
                </tr>
              )
            })}
            {padBottom > 0 ? (
              <tr aria-hidden="true" style={{ height: padBottom }}>
                <td colSpan={6} />
              </tr>
            ) : null}
          </tbody>
        </table>
        {data && rows.length === 0 ? (
          <p className="empty">{search ? `Nothing matches “${search}”.` : 'No customers yet.'}</p>
        ) : null}
      </div>
      <p className="muted small keys">
        <kbd>j</kbd>/<kbd>k</kbd> or arrows to move, <kbd>Enter</kbd> to open, <kbd>/</kbd> to search
      </p>
    </section>
  )
}
