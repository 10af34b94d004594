import { useEffect, useMemo, useRef } from 'react'
import { flexRender, getCoreRowModel, useReactTable, type Updater } from '@tanstack/react-table'
import { useVirtualizer } from '@tanstack/react-virtual'
import { navigate } from '../../../stores/route'
import { useUi, type SavedViewId } from '../../../stores/ui'
import { useEngine } from '../../sync/engine-context'
import { RiskHorizon } from '../shared/risk'
import { useNow } from '../shared/useNow'
import { ExportCsvButton } from '../../csv/ExportCsvButton'
import { useDirectory } from '../../directory/useDirectory'
import { queueColumns } from './columns'
import { queueCsvColumns } from './csv'
import './queue.css'
import { queryQueue, savedViews } from './model'
import { useCommentHits, useQueueRows } from './useQueueData'
import { extendTo, keepShown, selectAll, selectedInOrder, toggle } from './selection'
import { SelectionBar } from './SelectionBar'

const rowHeight = 44
/**
 * Rows are keyed by position (index modulo this, far more than ever fit on a screen), not by incident: a sort or
 * filter change refills the row elements on screen instead of unmounting and creating all of them, and a scroll
 * by one row still mounts only the one that comes into view.
 */
const rowKeySlots = 1024

export function isTyping(target: EventTarget | null): boolean {
  if (!(target instanceof HTMLElement)) return false
  return target.isContentEditable || ['INPUT', 'TEXTAREA', 'SELECT'].includes(target.tagName)
}

function apply<T>(updater: Updater<T>, old: T): T {
  return typeof updater === 'function' ? (updater as (o: T) => T)(old) : updater
}

/** The incident queue: saved views, search, sort and filter on every column, j/k/Enter, virtualised rows. */
export function Queue() {
  const { session } = useEngine()
  const me = session.user.id
  const now = useNow(30_000)
  const {
    view,
    search,
    sorting,
    columnFilters,
    selectedId,
    setView,
    setSearch,
    setSorting,
    setColumnFilters,
    select,
    selection,
    setSelection,
  } = useUi()
  const names = useDirectory()
  // the assignee column sorts by the names the directory gives (rebuilt when a fresher directory is stored)
  const { rows: all, complete, calendars } = useQueueRows(now, names.nameOf)
  const commentHits = useCommentHits(search)
  const minute = Math.floor(now / 60_000) * 60_000
  const rows = useMemo(
    () =>
      queryQueue(all, {
        view,
        me,
        now: minute,
        search,
        ...(commentHits ? { commentHits } : {}),
        filters: columnFilters,
        sorting,
        calendars,
      }),
    [all, view, me, minute, search, commentHits, columnFilters, sorting, calendars],
  )
  // the badges count "at risk" from the same minute as the filter, so a row never shows one and filters as the other
  const risk = useMemo(() => new RiskHorizon(minute, calendars), [minute, calendars])
  const columns = useMemo(() => queueColumns({ now, me, names, risk }), [now, me, names, risk])
  // the ids in the order shown: what Shift-click ranges and Ctrl/⌘ A select over
  const order = useMemo(() => rows.map((r) => r.id), [rows])
  // a filter, search or sync that takes rows away takes them out of the selection (once every row is read)
  useEffect(() => {
    if (!complete) return
    const current = useUi.getState().selection
    const kept = keepShown(current, order)
    if (kept !== current) useUi.getState().setSelection(kept)
  }, [order, complete])
  const tick = (id: string, range: boolean) => {
    const current = useUi.getState().selection
    setSelection(range ? extendTo(current, order, id) : toggle(current, id))
  }
  const csvColumns = useMemo(() => queueCsvColumns(me, names), [me, names])
  const scrollRef = useRef<HTMLDivElement>(null)
  // eslint-disable-next-line react-hooks/incompatible-library -- the virtualizer and table are read in this render only
  const virtualizer = useVirtualizer({
    count: rows.length,
    getScrollElement: () => scrollRef.current,
    estimateSize: () => rowHeight,
    overscan: 4,
  })
  const virtualItems = virtualizer.getVirtualItems()
  const windowStart = virtualItems[0]?.index ?? 0
  const windowEnd = (virtualItems[virtualItems.length - 1]?.index ?? -1) + 1
  // the table gets the rows on screen only: a row model of 100,000 rows would cost seconds per sort or filter
  const visible = useMemo(() => rows.slice(windowStart, windowEnd), [rows, windowStart, windowEnd])
  const table = useReactTable({
    data: visible,
    columns,
    state: { sorting, columnFilters },
    onSortingChange: (u) => setSorting(apply(u, useUi.getState().sorting)),
    onColumnFiltersChange: (u) => setColumnFilters(apply(u, useUi.getState().columnFilters)),
    // sorting and filtering run in queryQueue on precomputed orders: fast at 100,000 rows
    manualSorting: true,
    manualFiltering: true,
    enableMultiSort: false,
    getCoreRowModel: getCoreRowModel(),
    getRowId: (r) => r.id,
  })
  const tableRows = table.getRowModel().rows
  // the selected row is usually on screen: look there before scanning every row
  const selected = useMemo(() => {
    if (!selectedId) return rows[0]
    return visible.find((r) => r.id === selectedId) ?? rows.find((r) => r.id === selectedId) ?? rows[0]
  }, [rows, visible, selectedId])

  // j/k move, Enter opens: only when no field has the keyboard. Attached once; it reads the current rows.
  const current = useRef({ rows, order, select, virtualizer })
  useEffect(() => {
    current.current = { rows, order, select, virtualizer }
  }, [rows, order, select, virtualizer])
  useEffect(() => {
    function onKey(event: KeyboardEvent) {
      if (isTyping(event.target) || useUi.getState().overlay !== 'none') return
      const state = useUi.getState()
      if ((event.metaKey || event.ctrlKey) && !event.altKey && event.key.toLowerCase() === 'a') {
        // every row of the view as filtered, not the page's text
        state.setSelection(selectAll(current.current.order))
        event.preventDefault()
        return
      }
      if (event.metaKey || event.ctrlKey || event.altKey) return
      const { rows, select, virtualizer } = current.current
      const index = Math.max(
        0,
        rows.findIndex((r) => r.id === state.selectedId),
      )
      if (event.key === 'j' || event.key === 'ArrowDown') {
        const next = rows[Math.min(rows.length - 1, index + 1)]
        if (next) {
          select(next.id)
          virtualizer.scrollToIndex(rows.indexOf(next), { align: 'auto' })
        }
        event.preventDefault()
      } else if (event.key === 'k' || event.key === 'ArrowUp') {
        const prev = rows[Math.max(0, index - 1)]
        if (prev) {
          select(prev.id)
          virtualizer.scrollToIndex(rows.indexOf(prev), { align: 'auto' })
        }
        event.preventDefault()
      } else if (event.key === 'x') {
        const row = rows[index]
        if (row) state.setSelection(toggle(state.selection, row.id))
        event.preventDefault()
      } else if (event.key === 'Enter') {
        const row = rows[index]
        if (
          row &&
          !(event.target instanceof HTMLAnchorElement) &&
          !(event.target instanceof HTMLButtonElement)
        ) {
          select(row.id)
          navigate({ name: 'incident', id: row.id })
          event.preventDefault()
        }
      }
    }
    window.addEventListener('keydown', onKey)
    return () => window.removeEventListener('keydown', onKey)
  }, [])

  // the first column is the selection's checkboxes (not a table column: it neither sorts nor filters)
  const gridTemplate = [
    '32px',
    ...table.getAllLeafColumns().map((c) => c.columnDef.meta?.width ?? '1fr'),
  ].join(' ')
  const allTicked = rows.length > 0 && selection.ids.size === rows.length

  return (
    <section className="queue" aria-labelledby="queue-title">
      <div className="queue-toolbar">
        <h2 id="queue-title" className="queue-title">
          {savedViews.find((v) => v.id === view)?.label}
        </h2>
        <span className="muted" aria-live="polite" data-testid="queue-count">
          {complete ? `${rows.length.toLocaleString()} incidents` : 'Loading…'}
        </span>
        <span className="spacer" />
        <ExportCsvButton
          fileName={`queue-${view}`}
          columns={csvColumns}
          rows={() => rows}
          label="Export CSV"
        />
        <label className="search">
          <span className="visually-hidden">Search incidents</span>
          <input
            id="queue-search"
            type="search"
            placeholder="Search subject, description, comments  ( / )"
            value={search}
            onChange={(e) => setSearch(e.target.value)}
            onKeyDown={(e) => {
              if (e.key === 'Escape' || e.key === 'Enter') {
                e.preventDefault()
                ;(e.target as HTMLInputElement).blur()
              }
            }}
          />
        </label>
      </div>
      <nav className="view-tabs" aria-label="Saved views">
        {savedViews.map((v) => (
          <button
            key={v.id}
            type="button"
            className={`tab ${v.id === view ? 'active' : ''}`}
            aria-pressed={v.id === view}
            onClick={() => setView(v.id as SavedViewId)}
          >
            {v.label}
          </button>
        ))}
      </nav>
      <SelectionBar ids={selectedInOrder(selection, order)} onClear={() => setSelection(selectAll([]))} />
      <div
        className="grid"
        role="grid"
        aria-label="Incident queue"
        aria-multiselectable="true"
        aria-rowcount={rows.length + 2}
        aria-colcount={columns.length + 1}
        style={{ ['--queue-cols' as string]: gridTemplate }}
      >
        <div role="rowgroup" className="grid-head">
          {table.getHeaderGroups().map((group) => (
            <div role="row" aria-rowindex={1} className="grid-row header" key={group.id}>
              <div role="columnheader" className="tick">
                <input
                  type="checkbox"
                  aria-label="Select every incident shown"
                  checked={allTicked}
                  ref={(el) => {
                    if (el) el.indeterminate = selection.ids.size > 0 && !allTicked
                  }}
                  onChange={() => setSelection(selectAll(allTicked ? [] : order))}
                />
              </div>
              {group.headers.map((header) => {
                const sorted = header.column.getIsSorted()
                const label = header.column.columnDef.meta?.label ?? header.id
                return (
                  <div
                    role="columnheader"
                    key={header.id}
                    aria-sort={sorted === 'asc' ? 'ascending' : sorted === 'desc' ? 'descending' : 'none'}
                  >
                    <button
                      type="button"
                      className="sort"
                      onClick={header.column.getToggleSortingHandler()}
                      aria-label={`Sort by ${label}`}
                    >
                      {flexRender(header.column.columnDef.header, header.getContext())}
                      <span aria-hidden="true">
                        {sorted === 'asc' ? ' ↑' : sorted === 'desc' ? ' ↓' : ''}
                      </span>
                    </button>
                  </div>
                )
              })}
            </div>
          ))}
          <div role="row" aria-rowindex={2} className="grid-row filters">
            <div role="gridcell" />
            {table.getAllLeafColumns().map((column) => {
              const meta = column.columnDef.meta
              const value = (column.getFilterValue() as string | undefined) ?? ''
              const label = `Filter ${meta?.label ?? column.id}`
              return (
                <div role="gridcell" key={column.id}>
                  {meta?.filter.kind === 'select' ? (
                    <select
                      aria-label={label}
                      value={value}
                      onChange={(e) => column.setFilterValue(e.target.value || undefined)}
                    >
                      <option value="">All</option>
                      {meta.filter.options.map((o) => (
                        <option key={o.value} value={o.value}>
                          {o.label}
                        </option>
                      ))}
                    </select>
                  ) : (
                    <input
                      type="search"
                      aria-label={label}
                      placeholder="Filter"
                      value={value}
                      onChange={(e) => column.setFilterValue(e.target.value || undefined)}
                    />
                  )}
                </div>
              )
            })}
          </div>
        </div>
        <div
          ref={scrollRef}
          role="rowgroup"
          className="grid-body"
          tabIndex={0}
          aria-label="Incidents"
          aria-activedescendant={selected ? `row-${selected.id}` : undefined}
        >
          {rows.length === 0 ? (
            <p className="empty">
              {!complete
                ? 'Loading your incidents…'
                : search
                  ? `Nothing matches “${search}”.`
                  : 'No incidents in this view.'}
            </p>
          ) : null}
          <div style={{ height: virtualizer.getTotalSize(), position: 'relative' }}>
            {virtualItems.map((item) => {
              const row = tableRows[item.index - windowStart]
              if (!row) return null
              const isSelected = row.id === selected?.id
              const isTicked = selection.ids.has(row.id)
              return (
                <div
                  role="row"
                  id={`row-${row.id}`}
                  key={item.index % rowKeySlots}
                  aria-rowindex={item.index + 3}
                  aria-selected={isSelected}
                  data-testid="queue-row"
                  data-ticked={isTicked}
                  className={`grid-row body ${isSelected ? 'selected' : ''} ${isTicked ? 'ticked' : ''}`}
                  style={{ transform: `translateY(${item.start}px)`, height: rowHeight }}
                  onClick={(e) => {
                    // Shift-click ticks a range, Ctrl/⌘-click one more row; a plain click only highlights
                    if (e.shiftKey) tick(row.id, true)
                    else if (e.ctrlKey || e.metaKey) tick(row.id, false)
                    select(row.id)
                  }}
                  onDoubleClick={() => navigate({ name: 'incident', id: row.id })}
                >
                  <div role="gridcell" className="tick">
                    <input
                      type="checkbox"
                      tabIndex={-1}
                      aria-label={`Select ${row.original.short}`}
                      checked={isTicked}
                      onClick={(e) => {
                        e.stopPropagation()
                        tick(row.id, e.shiftKey)
                        select(row.id)
                      }}
                      onChange={() => undefined}
                    />
                  </div>
                  {row.getVisibleCells().map((cell) => (
                    <div role="gridcell" key={cell.column.id}>
                      {flexRender(cell.column.columnDef.cell, cell.getContext())}
                    </div>
                  ))}
                </div>
              )
            })}
          </div>
        </div>
      </div>
    </section>
  )
}
