import { useLiveQuery } from 'dexie-react-hooks'
import { useDb } from '../sync/engine-context'
import { loadCustomers, loadSlaRows, loadStatementRows, loadWorkloadRows } from './load'

/** Live: a time entry logged (online or not) re-renders the reports at once. */
export function useCustomers() {
  const db = useDb()
  return useLiveQuery(() => loadCustomers(db), [db])
}

/** undefined while reading; null when there is nothing to read (no customer, a bad period) or no such customer */
export function useStatementRows(customerId: string, from: string, to: string, valid: boolean) {
  const db = useDb()
  return useLiveQuery(
    () => (customerId && valid ? loadStatementRows(db, customerId, { from, to }) : Promise.resolve(null)),
    [db, customerId, from, to, valid],
  )
}

export function useSlaRows(from: string, to: string, valid: boolean) {
  const db = useDb()
  return useLiveQuery(
    () => (valid ? loadSlaRows(db, from, to) : Promise.resolve(null)),
    [db, from, to, valid],
  )
}

export function useWorkloadRows(start: string | null, end: string | null) {
  const db = useDb()
  return useLiveQuery(
    () => (start && end ? loadWorkloadRows(db, start, end) : Promise.resolve(null)),
    [db, start, end],
  )
}
