import { useLiveQuery } from 'dexie-react-hooks'
import type {
  AnomalyReport,
  Calendar,
  Contact,
  Customer,
  License,
  SupportPack,
  Subscription,
} from '@shared/domain'
import type {
  AgreementRow,
  IncidentEventRow,
  IncidentRow,
  KbArticleRow,
  TimeEntryRow,
} from '@shared/mutations'
import { rowKey } from '@shared/protocol'
import { liveRows, pendingRowKeys, withoutTombstones } from '../../../data'
import { useDb } from '../../sync/engine-context'
import { calendarIndex } from '../shared/catalog'

export interface IncidentData {
  incident: IncidentRow & { version: number }
  customer: Customer | undefined
  contact: Contact | undefined
  license: License | undefined
  subscription: Subscription | undefined
  events: (IncidentEventRow & { version: number })[]
  entries: (TimeEntryRow & { version: number })[]
  packs: SupportPack[]
  /** every billable entry of the customer's packs, for their balances */
  packEntries: TimeEntryRow[]
  agreements: (AgreementRow & { version: number })[]
  anomalies: AnomalyReport[]
  articles: KbArticleRow[]
  /** the organisation's calendars: the SLA clock and "at risk" count on the plan's own business hours */
  calendars: Record<string, Calendar>
  /** row keys (`rowKey`) of rows written by changes the server has not answered yet */
  pending: Set<string>
  /** row key (`rowKey`) → the server's reason, for rows of refused changes */
  rejected: Map<string, string>
}

/** Everything the incident view shows, in one live query: any change to any of it re-renders the view. */
export function useIncidentData(id: string): IncidentData | null | undefined {
  const db = useDb()
  return useLiveQuery(async () => {
    const incident = await db.rows('incidents').get(id)
    if (!incident) return null
    const packs = await db.rows('supportPacks').where('customerId').equals(incident.customerId).toArray()
    const packEntries = await liveRows(db, 'timeEntries', (t) =>
      t.where('supportPackId').anyOf(packs.map((p) => p.id)),
    )
    const refused = await db.rejected.toArray()
    const pending = await pendingRowKeys(db)
    const rejected = new Map(
      refused.flatMap((r) => r.writes.map((w) => [rowKey(w.table, w.id), r.error.message] as const)),
    )
    return {
      incident,
      customer: await db.rows('customers').get(incident.customerId),
      contact: await db.rows('contacts').get(incident.contactId),
      license: incident.licenseId ? await db.rows('licenses').get(incident.licenseId) : undefined,
      subscription: incident.subscriptionId
        ? await db.rows('subscriptions').get(incident.subscriptionId)
        : undefined,
      events: (await db.rows('incidentEvents').where('incidentId').equals(id).toArray()).sort((a, b) =>
        a.at < b.at ? -1 : a.at > b.at ? 1 : a.id < b.id ? -1 : 1,
      ),
      entries: (await liveRows(db, 'timeEntries', (t) => t.where('incidentId').equals(id))).sort((a, b) =>
        a.startedAt < b.startedAt ? 1 : -1,
      ),
      packs: withoutTombstones(packs),
      packEntries,
      agreements: await db.rows('remoteAccessAgreements').where('incidentId').equals(id).toArray(),
      anomalies: await db.rows('anomalyReports').where('incidentId').equals(id).toArray(),
      articles: await db.rows('kbArticles').toArray(),
      calendars: calendarIndex(await db.rows('calendars').toArray()),
      pending,
      rejected,
    }
  }, [db, id])
}
