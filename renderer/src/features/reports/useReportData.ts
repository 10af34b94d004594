import { useLiveQuery } from 'dexie-react-hooks'
import type { CaseloadDb } from '../../data'
import { useDb } from '../sync/engine-context'
import { loadCustomers, loadSlaRows, loadStatementRows, loadWorkloadRows } from './load'

/** Live: a time entry logged (online or not) re-renders the reports at once. */
export function useCustomers() {
  const db = useDb()
  return useLiveQuery(() => loadCustomers(db), [db])
}

/**
 * The live rows read for these arguments, undefined until they are read: useLiveQuery keeps showing the last
 * result while the next one is read, and figures computed from another period's rows would be wrong ones.
 */
function useLiveRows<T>(db: CaseloadDb, args: readonly unknown[], read: () => Promise<T>): T | undefined {
  const id = JSON.stringify([db.name, ...args])
  const result = useLiveQuery(() => read().then((rows) => ({ id, rows })), [db, ...args])
  return result?.id === id ? result.rows : undefined
}

/** null when there is nothing to read (no customer, a bad period) or no such customer */
export function useStatementRows(customerId: string, from: string, to: string, valid: boolean) {
  const db = useDb()
  return useLiveRows(db, [customerId, from, to, valid], () =>
    customerId && valid ? loadStatementRows(db, customerId, { from, to }) : Promise.resolve(null),
  )
}

export function useSlaRows(from: string, to: string, valid: boolean) {
  const db = useDb()
  return useLiveRows(db, [from, to, valid], () => (valid ? loadSlaRows(db, from, to) : Promise.resolve(null)))
}

export function useWorkloadRows(start: string | null, end: string | null) {
  const db = useDb()
  return useLiveRows(db, [start, end], () =>
    start && end ? loadWorkloadRows(db, start, end) : Promise.resolve(null),
  )
}
