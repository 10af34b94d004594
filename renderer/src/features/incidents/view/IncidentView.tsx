import { useMemo } from 'react'
import { NotFoundPage } from '../../../ui/NotFoundPage'
import { useLiveQuery } from 'dexie-react-hooks'
import { useDb } from '../../sync/engine-context'
import { planIndex } from '../shared/catalog'
import { useNow } from '../shared/useNow'
import { IncidentHeader } from './IncidentHeader'
import { Anomalies, Knowledge, RemoteAccess, ResolvePanel } from './SidePanels'
import { TimeEntries } from './TimeEntries'
import { Timeline } from './Timeline'
import { useIncidentData } from './useIncidentData'

export function IncidentView({ id }: { id: string }) {
  const db = useDb()
  const data = useIncidentData(id)
  const now = useNow(30_000)
  const planRows = useLiveQuery(() => db.rows('plans').toArray(), [db])
  const plans = useMemo(() => planIndex((planRows ?? []) as Record<string, unknown>[]), [planRows])
  const siblings = useLiveQuery(
    async () =>
      data
        ? (await db.rows('incidents').where('customerId').equals(data.incident.customerId).toArray())
            .filter((i) => i.id !== id)
            .map((i) => ({ id: i.id, subject: i.subject }))
        : [],
    [db, data?.incident.customerId, id],
  )
  if (data === undefined) return <p className="page muted">Opening the incident…</p>
  if (data === null)
    return <NotFoundPage title="Incident not found" backHref="#/queue" backLabel="Back to the queue" />
  const plan = data.subscription ? plans.get(data.subscription.planId) : undefined
  return (
    <article className="page incident" aria-labelledby="incident-title">
      <a href="#/queue" className="back">
        ← Queue <kbd>Esc</kbd>
      </a>
      <IncidentHeader data={data} plan={plan} now={now} />
      <div className="incident-grid">
        <div className="col">
          <Timeline data={data} />
          <TimeEntries data={data} />
        </div>
        <div className="col">
          <RemoteAccess data={data} />
          <ResolvePanel data={data} siblings={siblings ?? []} />
          <Anomalies data={data} />
          <Knowledge data={data} />
        </div>
      </div>
    </article>
  )
}
