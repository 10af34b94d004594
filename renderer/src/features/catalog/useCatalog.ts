import { useMemo } from 'react'
import { useLiveQuery } from 'dexie-react-hooks'
import { useDb } from '../sync/engine-context'
import { buildCatalog, type Catalog } from './catalog-data'

/** The plans and calendars, live: a save (here or pulled from another desk) shows at once. */
export function useCatalog(): Catalog | undefined {
  const db = useDb()
  const rows = useLiveQuery(
    async () => ({
      plans: await db.rows('plans').toArray(),
      calendars: await db.rows('calendars').toArray(),
    }),
    [db],
  )
  return useMemo(
    () =>
      rows
        ? buildCatalog(rows.plans as Record<string, unknown>[], rows.calendars as Record<string, unknown>[])
        : undefined,
    [rows],
  )
}
