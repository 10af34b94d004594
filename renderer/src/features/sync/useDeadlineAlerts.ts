import { useEffect, useMemo, useRef } from 'react'
import { useLiveQuery } from 'dexie-react-hooks'
import { AT_RISK_MINUTES, responseCalendarId } from '@shared/policy'
import { calendarIndex, planIndex } from '../incidents/shared/catalog'
import { dueState } from '../incidents/shared/format'
import { RiskHorizon } from '../incidents/shared/risk'
import { useNow } from '../incidents/shared/useNow'
import { useEngine } from './engine-context'

/**
 * A desktop notification when one of my incidents becomes at risk or breaches, and the badge count of those.
 * Each incident is announced once per state, so a restart or a re-render never repeats a notification. "At risk"
 * is the rulebook's (business minutes on the response target's calendar), exactly as the queue shows it.
 */
export function useDeadlineAlerts(): void {
  const { db, desktop, session } = useEngine()
  const me = session.user.id
  const now = useNow(30_000)
  const mine = useLiveQuery(() => db.rows('incidents').where('assigneeId').equals(me).toArray(), [db, me])
  const subscriptionIds = useMemo(
    () => [...new Set((mine ?? []).flatMap((i) => (i.subscriptionId ? [i.subscriptionId] : [])))],
    [mine],
  )
  const subscriptions = useLiveQuery(
    () => db.rows('subscriptions').bulkGet(subscriptionIds),
    [db, subscriptionIds],
  )
  const planRows = useLiveQuery(() => db.rows('plans').toArray(), [db])
  const calendarRows = useLiveQuery(() => db.rows('calendars').toArray(), [db])
  const announced = useRef<Map<string, string> | null>(null)

  useEffect(() => {
    if (!mine || !subscriptions || !planRows || !calendarRows) return
    if (!announced.current) {
      try {
        announced.current = new Map(
          JSON.parse(localStorage.getItem(`caseload.announced:${me}`) ?? '[]') as [string, string][],
        )
      } catch {
        announced.current = new Map()
      }
    }
    const plans = planIndex(planRows as Record<string, unknown>[])
    const planOfSubscription = new Map(
      subscriptions.flatMap((s) => (s && typeof s.planId === 'string' ? [[s.id, s.planId] as const] : [])),
    )
    const risk = new RiskHorizon(now, calendarIndex(calendarRows as Record<string, unknown>[]))
    const seen = announced.current
    let count = 0
    for (const i of mine) {
      if (i.status === 'resolved' || i.status === 'closed') continue
      const paused = i.slaEvents?.some((e) => e.type === 'pause') && i.status === 'waiting-on-customer'
      const planId = i.subscriptionId ? planOfSubscription.get(i.subscriptionId) : undefined
      const plan = planId ? plans.get(planId) : undefined
      const calendarId = plan
        ? responseCalendarId(plan, i.severity, { extendedHours: i.extendedHours })
        : null
      const state = dueState(i.responseDueAt, now, {
        responded: i.respondedAt !== null,
        paused,
        atRiskUntil: risk.untilOn(calendarId),
      })
      if (state !== 'at-risk' && state !== 'breached') continue
      count++
      if (seen.get(i.id) === state) continue
      seen.set(i.id, state)
      void desktop.notify({
        title:
          state === 'breached'
            ? 'Response deadline breached'
            : `Response due within ${AT_RISK_MINUTES} business minutes`,
        body: i.subject,
      })
    }
    localStorage.setItem(`caseload.announced:${me}`, JSON.stringify([...seen]))
    void desktop.setBadgeCount(count)
  }, [mine, subscriptions, planRows, calendarRows, now, desktop, me])
}
