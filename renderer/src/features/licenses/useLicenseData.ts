import { useLiveQuery } from 'dexie-react-hooks'
import type { Customer, Installation, License, Subscription } from '@shared/domain'
import { liveRow, liveRows, pendingRowKeys } from '../../data'
import { useDb } from '../sync/engine-context'
import { planIndex } from '../incidents/shared/catalog'

type Live<T> = T & { version: number; deleted?: boolean }

/** Every license with its customer's name and its installations, live. */
export function useLicenseList():
  | { licenses: License[]; customerNames: Map<string, string>; installations: Map<string, Installation[]> }
  | undefined {
  const db = useDb()
  return useLiveQuery(async () => {
    const licenses = await liveRows(db, 'licenses')
    const customers = await liveRows(db, 'customers')
    const installations = await liveRows(db, 'installations')
    const byLicense = new Map<string, Installation[]>()
    for (const i of installations) byLicense.set(i.licenseId, [...(byLicense.get(i.licenseId) ?? []), i])
    return {
      licenses,
      customerNames: new Map(customers.map((c) => [c.id, c.name])),
      installations: byLicense,
    }
  }, [db])
}

export interface LicenseData {
  license: Live<License>
  customer: Customer | undefined
  customers: Customer[]
  installations: Installation[]
  subscriptions: Subscription[]
  planLabels: Map<string, string>
  /** the editions seen for this product (for the quote's suggestions) */
  editions: string[]
  /** row keys (`rowKey`) of rows written by changes the server has not answered yet */
  pending: Set<string>
}

/** One license and what its screen shows; null when there is no such license here. */
export function useLicenseData(id: string): LicenseData | null | undefined {
  const db = useDb()
  return useLiveQuery(async () => {
    const license = await liveRow(db, 'licenses', id)
    if (!license) return null
    const customers = (await liveRows(db, 'customers')).sort((a, b) => a.name.localeCompare(b.name))
    const byLicense = <T extends 'installations' | 'subscriptions'>(table: T) =>
      liveRows(db, table, (t) => t.where('licenseId').equals(id))
    const installations = await byLicense('installations')
    const subscriptions = await byLicense('subscriptions')
    const sameProduct = (await liveRows(db, 'licenses')).filter((l) => l.product === license.product)
    const plans = planIndex(await db.rows('plans').toArray())
    return {
      license,
      customer: customers.find((c) => c.id === license.customerId),
      customers,
      installations,
      subscriptions,
      planLabels: new Map([...plans.values()].map((p) => [p.id, p.label])),
      editions: [...new Set(sameProduct.map((l) => l.edition))].sort(),
      pending: await pendingRowKeys(db),
    }
  }, [db, id])
}
