import { useEffect, useMemo, useState } from 'react'
import { useLiveQuery } from 'dexie-react-hooks'
import type { Customer, License, Subscription } from '@shared/domain'
import type { IncidentEventRow, IncidentRow } from '@shared/mutations'
import { useDb } from '../../sync/engine-context'
import { planIndex } from '../shared/catalog'
import { buildQueueRows, columnOrder, commentMatches, sortableColumns, type QueueRow } from './model'

const modelTickMs = 5 * 60_000

/**
 * The queue's rows from Dexie live queries. Until the full table has been read, the first page by deadline is
 * shown (an index range, fast at any size), so the desk never opens on an empty screen.
 */
export function useQueueRows(now: number): { rows: QueueRow[]; complete: boolean } {
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
  const incidents = useLiveQuery(
    () => (readAll ? db.rows('incidents').toArray() : Promise.resolve(undefined)),
    [db, readAll],
  ) as IncidentRow[] | undefined
  const customers = useLiveQuery(() => db.rows('customers').toArray(), [db]) as Customer[] | undefined
  const licenses = useLiveQuery(() => db.rows('licenses').toArray(), [db]) as License[] | undefined
  const subscriptions = useLiveQuery(() => db.rows('subscriptions').toArray(), [db]) as
    Subscription[] | undefined
  const planRows = useLiveQuery(() => db.rows('plans').toArray(), [db])
  const plans = useMemo(() => planIndex((planRows ?? []) as Record<string, unknown>[]), [planRows])
  // escalation levels move in 48-hour steps: rebuilding the rows every five minutes is plenty
  const modelNow = Math.floor(now / modelTickMs) * modelTickMs
  const source = incidents ?? firstPage
  const rows = useMemo(
    () =>
      buildQueueRows({
        incidents: source ?? [],
        customers: customers ?? [],
        licenses: licenses ?? [],
        subscriptions: subscriptions ?? [],
        plans,
        now: modelNow,
      }),
    [source, customers, licenses, subscriptions, plans, modelNow],
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
  return { rows, complete: incidents !== undefined }
}

/** Incidents whose comments match the search: read only while there is a search. */
export function useCommentHits(search: string): Set<string> | undefined {
  const db = useDb()
  const active = search.trim() !== ''
  const comments = useLiveQuery(
    () =>
      active
        ? (db
            .rows('incidentEvents')
            .filter((e) => e.kind === 'comment' || e.kind === 'response')
            .toArray() as unknown as Promise<IncidentEventRow[]>)
        : Promise.resolve([] as IncidentEventRow[]),
    [db, active],
  )
  return useMemo(() => (comments ? commentMatches(comments, search) : undefined), [comments, search])
}
