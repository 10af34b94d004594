import { useEffect, useRef } from 'react'
import { useLiveQuery } from 'dexie-react-hooks'
import { dueState } from '../incidents/shared/format'
import { useNow } from '../incidents/shared/useNow'
import { useEngine } from './engine-context'

/**
 * A desktop notification when one of my incidents becomes at risk or breaches, and the badge count of those.
 * Each incident is announced once per state, so a restart or a re-render never repeats a notification.
 */
export function useDeadlineAlerts(): void {
  const { db, desktop, session } = useEngine()
  const me = session.user.id
  const now = useNow(30_000)
  const mine = useLiveQuery(() => db.rows('incidents').where('assigneeId').equals(me).toArray(), [db, me])
  const announced = useRef<Map<string, string> | null>(null)

  useEffect(() => {
    if (!mine) return
    if (!announced.current) {
      try {
        announced.current = new Map(
          JSON.parse(localStorage.getItem(`caseload.announced:${me}`) ?? '[]') as [string, string][],
        )
      } catch {
        announced.current = new Map()
      }
    }
    const seen = announced.current
    let count = 0
    for (const i of mine) {
      if (i.status === 'resolved' || i.status === 'closed') continue
      const paused = i.slaEvents?.some((e) => e.type === 'pause') && i.status === 'waiting-on-customer'
      const state = dueState(i.responseDueAt, now, { responded: i.respondedAt !== null, paused })
      if (state !== 'at-risk' && state !== 'breached') continue
      count++
      if (seen.get(i.id) === state) continue
      seen.set(i.id, state)
      void desktop.notify({
        title: state === 'breached' ? 'Response deadline breached' : 'Response due within the hour',
        body: i.subject,
      })
    }
    localStorage.setItem(`caseload.announced:${me}`, JSON.stringify([...seen]))
    void desktop.setBadgeCount(count)
  }, [mine, now, desktop, me])
}
