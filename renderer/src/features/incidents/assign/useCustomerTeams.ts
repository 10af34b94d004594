import { useLiveQuery } from 'dexie-react-hooks'
import type { CaseloadDb } from '../../../data'
import { useDb } from '../../sync/engine-context'

/**
 * The teams owning the customers of incidents `ids` (each team once; null for an incident or customer not
 * known here): an assignee has to be valid for every one of them (Names.assignableFor).
 */
export async function customerTeamsOf(db: CaseloadDb, ids: readonly string[]): Promise<(string | null)[]> {
  const incidents = await db.rows('incidents').bulkGet([...ids])
  const customerIds = [...new Set(incidents.map((i) => i?.customerId ?? null))]
  const known = customerIds.filter((c): c is string => c !== null)
  const customers = new Map(
    (await db.rows('customers').bulkGet(known)).flatMap((c) => (c ? [[c.id, c] as const] : [])),
  )
  const teams = customerIds.map((c) => (c === null ? null : (customers.get(c)?.teamId ?? null)))
  return [...new Set(teams)]
}

const none: (string | null)[] = []

/** customerTeamsOf, kept current; empty until read (the picker then offers everyone for a moment) */
export function useCustomerTeams(ids: readonly string[]): readonly (string | null)[] {
  const db = useDb()
  const key = ids.join(',')
  // `key` stands for the ids' contents (a new array each render)
  return useLiveQuery(() => customerTeamsOf(db, ids), [db, key]) ?? none
}
