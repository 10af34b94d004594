import { useLiveQuery } from 'dexie-react-hooks'
import type { Customer, License, Subscription, SupportPack } from '@shared/domain'
import type { ContactRow, IncidentRow, TimeEntryRow } from '@shared/mutations'
import { liveRow, liveRows, pendingRowKeys } from '../../data'
import { useDb } from '../sync/engine-context'
import { byName } from './list-model'

type Versioned<T> = T & { version: number; deleted?: boolean }

export interface CustomerData {
  customer: Versioned<Customer>
  contacts: Versioned<ContactRow>[]
  subscriptions: Versioned<Subscription>[]
  licenses: License[]
  packs: SupportPack[]
  /** the time entries drawn from the customer's packs */
  packEntries: TimeEntryRow[]
  incidents: Pick<IncidentRow, 'id' | 'subject' | 'status' | 'openedAt' | 'severity'>[]
  plans: Record<string, unknown>[]
  calendars: Record<string, unknown>[]
  /** row keys (`rowKey`) of rows written by changes the server has not answered yet */
  pending: Set<string>
}

/** Everything the customer page shows, in one live query: any change to any of it re-renders the page. */
export function useCustomerData(id: string): CustomerData | null | undefined {
  const db = useDb()
  return useLiveQuery(async () => {
    const customer = await liveRow(db, 'customers', id)
    if (!customer) return null
    const byCustomer = <T extends 'contacts' | 'subscriptions' | 'licenses' | 'supportPacks' | 'incidents'>(
      table: T,
    ) => liveRows(db, table, (t) => t.where('customerId').equals(id))
    const packs = await byCustomer('supportPacks')
    const packEntries = await liveRows(db, 'timeEntries', (t) =>
      t.where('supportPackId').anyOf(packs.map((p) => p.id)),
    )
    return {
      customer,
      contacts: (await byCustomer('contacts')).sort(
        (a, b) => byName(a.name, b.name) || (a.id < b.id ? -1 : 1),
      ),
      subscriptions: (await byCustomer('subscriptions')).sort((a, b) =>
        a.start < b.start ? 1 : a.start > b.start ? -1 : a.id < b.id ? -1 : 1,
      ),
      licenses: await byCustomer('licenses'),
      packs,
      packEntries,
      incidents: (await byCustomer('incidents'))
        .map((i) => ({
          id: i.id,
          subject: i.subject,
          status: i.status,
          openedAt: i.openedAt,
          severity: i.severity,
        }))
        .sort((a, b) => (a.openedAt < b.openedAt ? 1 : -1)),
      plans: (await db.rows('plans').toArray()) as Record<string, unknown>[],
      calendars: (await db.rows('calendars').toArray()) as Record<string, unknown>[],
      pending: await pendingRowKeys(db),
    }
  }, [db, id])
}
