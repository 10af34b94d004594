/** The rows the anomaly screens read, live from the local database (they work offline). */
import { useMemo } from 'react'
import { useLiveQuery } from 'dexie-react-hooks'
import type { Customer, License } from '@shared/domain'
import type { AnomalyRow, EstimateRow, IncidentRow } from '@shared/mutations'
import { liveRow, liveRows } from '../../data'
import { useDb } from '../sync/engine-context'
import { calendarIndex, planIndex } from '../incidents/shared/catalog'
import { maintenanceState, type MaintenanceState } from './model'

type Versioned<T> = T & { version: number; deleted?: boolean }

export interface AnomalyListRow {
  anomaly: Versioned<AnomalyRow>
  customer: Customer | undefined
  license: License | undefined
}

/** Every anomaly with its customer and license, newest first. */
export function useAnomalyList(): AnomalyListRow[] | undefined {
  const db = useDb()
  return useLiveQuery(async () => {
    const anomalies = await liveRows(db, 'anomalyReports')
    const customers = new Map((await db.rows('customers').toArray()).map((c) => [c.id, c]))
    const licenses = new Map((await db.rows('licenses').toArray()).map((l) => [l.id, l]))
    return anomalies
      .map((anomaly) => ({
        anomaly,
        customer: customers.get(anomaly.customerId),
        license: licenses.get(anomaly.licenseId),
      }))
      .sort((a, b) => (a.anomaly.id < b.anomaly.id ? 1 : -1))
  }, [db])
}

export interface AnomalyData {
  anomaly: Versioned<AnomalyRow>
  customer: Customer | undefined
  license: License | undefined
  incident: IncidentRow | undefined
  estimates: Versioned<EstimateRow>[]
  maintenance: MaintenanceState
}

export function useAnomalyData(id: string): AnomalyData | null | undefined {
  const db = useDb()
  const planRows = useLiveQuery(() => db.rows('plans').toArray(), [db])
  const calendarRows = useLiveQuery(() => db.rows('calendars').toArray(), [db])
  const plans = useMemo(() => planIndex((planRows ?? []) as Record<string, unknown>[]), [planRows])
  const calendars = useMemo(
    () => calendarIndex((calendarRows ?? []) as Record<string, unknown>[]),
    [calendarRows],
  )
  const rows = useLiveQuery(async () => {
    const anomaly = await liveRow(db, 'anomalyReports', id)
    if (!anomaly) return null
    const license = await db.rows('licenses').get(anomaly.licenseId)
    return {
      anomaly,
      license,
      customer: await db.rows('customers').get(anomaly.customerId),
      incident: anomaly.incidentId ? await db.rows('incidents').get(anomaly.incidentId) : undefined,
      estimates: await liveRows(db, 'costEstimates', (t) => t.where('anomalyId').equals(id)),
      subscriptions: await liveRows(db, 'subscriptions', (t) =>
        t.where('licenseId').equals(anomaly.licenseId),
      ),
    }
  }, [db, id])
  return useMemo(() => {
    if (!rows) return rows
    const { subscriptions, ...rest } = rows
    const maintenance = rows.license
      ? maintenanceState(rows.license, subscriptions, plans, calendars, new Date().toISOString())
      : { hasMaintenance: false, inWarranty: false }
    return { ...rest, maintenance }
  }, [rows, plans, calendars])
}
