import { useEffect, useMemo, useState } from 'react'
import { Dexie } from 'dexie'
import { useLiveQuery } from 'dexie-react-hooks'
import type { Calendar, Customer, License, Subscription } from '@shared/domain'
import type { IncidentEventRow, IncidentRow } from '@shared/mutations'
import { useDb } from '../../sync/engine-context'
import { calendarIndex, planIndex } from '../shared/catalog'
import type { CaseloadDb } from '../../../data/db/database'
import { incidentChangeOf, IncidentMirror, type KeyRanges } from './incident-mirror'
import { columnOrder, commentMatches, QueueRowsBuilder, sortableColumns, type QueueRow } from './model'

const modelTickMs = 5 * 60_000

/**
 * The queue's rows from Dexie live queries. Until the full table has been read, the first page by deadline is
 * shown (an index range, fast at any size), so the desk never opens on an empty screen.
 */
export function useQueueRows(
  now: number,
  nameOf?: (userId: string) => string,
): {
  rows: QueueRow[]
  complete: boolean
  /** the organisation's calendars, for "at risk" on their business hours */
  calendars: Record<string, Calendar>
} {
  const db = useDb()
  const firstPage = useLiveQuery(
    () => db.rows('incidents').orderBy('responseDueAt').limit(100).toArray(),
    [db],
  ) as IncidentRow[] | undefined
  // the whole table is read once the first page is on screen: reading 100,000 rows blocks the page for a while,
  // and the engineer should see their most urgent incidents before that, not after
  const [readAll, setReadAll] = useState(false)
  useEffect(() => {
    if (firstPage === undefined || readAll) return
    const timer = setTimeout(() => requestAnimationFrame(() => setReadAll(true)), 0)
    return () => clearTimeout(timer)
  }, [firstPage, readAll])
  const incidents = useIncidentMirror(db, readAll)
  const customers = useLiveQuery(() => db.rows('customers').toArray(), [db]) as Customer[] | undefined
  const licenses = useLiveQuery(() => db.rows('licenses').toArray(), [db]) as License[] | undefined
  const subscriptions = useLiveQuery(() => db.rows('subscriptions').toArray(), [db]) as
    Subscription[] | undefined
  const planRows = useLiveQuery(() => db.rows('plans').toArray(), [db])
  const plans = useMemo(() => planIndex((planRows ?? []) as Record<string, unknown>[]), [planRows])
  const calendarRows = useLiveQuery(() => db.rows('calendars').toArray(), [db])
  const calendars = useMemo(
    () => calendarIndex((calendarRows ?? []) as Record<string, unknown>[]),
    [calendarRows],
  )
  // escalation levels move in 48-hour steps: rebuilding the rows every five minutes is plenty
  const modelNow = Math.floor(now / modelTickMs) * modelTickMs
  const source = incidents ?? firstPage
  // rows are rebuilt only for the incidents a write changed, and the sort and filter caches carried over
  const [builder] = useState(() => new QueueRowsBuilder())
  const rows = useMemo(
    () =>
      builder.build({
        incidents: source ?? [],
        customers: customers ?? [],
        licenses: licenses ?? [],
        subscriptions: subscriptions ?? [],
        plans,
        now: modelNow,
        ...(nameOf ? { nameOf } : {}),
      }),
    [builder, source, customers, licenses, subscriptions, plans, modelNow, nameOf],
  )
  // each column's sort order is computed once per rows array; do it while the engineer reads, not on their click
  useEffect(() => {
    if (incidents === undefined || rows.length < 2_000) return
    const pending = [...sortableColumns]
    let handle = 0
    const idle = (fn: () => void) =>
      typeof requestIdleCallback === 'function' ? requestIdleCallback(fn) : window.setTimeout(fn, 50)
    const cancel = (h: number) =>
      typeof cancelIdleCallback === 'function' ? cancelIdleCallback(h) : window.clearTimeout(h)
    const next = () => {
      const id = pending.shift()
      if (!id) return
      columnOrder(rows, id)
      handle = idle(next)
    }
    handle = idle(next)
    return () => cancel(handle)
  }, [rows, incidents])
  return { rows, complete: incidents !== undefined, calendars }
}

/** Incidents whose comments match the search: read only while there is a search. */
export function useCommentHits(search: string): Set<string> | undefined {
  const db = useDb()
  const active = search.trim() !== ''
  const comments = useLiveQuery(
    () =>
      active
        ? db
            .rows('incidentEvents')
            .filter((e) => e.kind === 'comment' || e.kind === 'response')
            .toArray()
        : Promise.resolve([] as IncidentEventRow[]),
    [db, active],
  )
  return useMemo(() => (comments ? commentMatches(comments, search) : undefined), [comments, search])
}

/**
 * Every incident, read once and then kept current from Dexie's change notifications (IncidentMirror): an edit
 * reads the rows it wrote, not the 100,000 others, and a bootstrap's bulk pages re-read the table at a throttled
 * pace instead of after every page.
 */
function useIncidentMirror(db: CaseloadDb, enabled: boolean): IncidentRow[] | undefined {
  // the rows remember their database: another user's database never shows the previous one's incidents
  const [incidents, setIncidents] = useState<{ db: CaseloadDb; rows: IncidentRow[] } | null>(null)
  useEffect(() => {
    if (!enabled) return
    const table = db.rows('incidents')
    const mirror = new IncidentMirror({
      readAll: () => table.toArray(),
      readMany: (ids) => table.bulkGet(ids),
      publish: (rows) => setIncidents({ db, rows }),
      onError: (error) => console.error('queue: reading incidents failed', error),
      now: () => performance.now(),
      setTimeout: (fn, ms) => window.setTimeout(fn, ms),
      clearTimeout: (handle) => window.clearTimeout(handle as number),
    })
    const listener = (parts: Readonly<Record<string, KeyRanges | undefined>>) => {
      const change = incidentChangeOf(parts, db.name)
      if (change) mirror.changed(change)
    }
    Dexie.on.storagemutated.subscribe(listener)
    mirror.start()
    return () => {
      Dexie.on.storagemutated.unsubscribe(listener)
      mirror.stop()
    }
  }, [db, enabled])
  return enabled && incidents?.db === db ? incidents.rows : undefined
}
