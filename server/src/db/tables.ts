/**
 * The synced tables of shared/mutations and their SQL names. The wire uses camelCase names
 * (design/sync.md `changes[].table`); SQL uses snake_case so both dialects accept them unquoted.
 */
import { syncedTables, type TableName } from '@shared/mutations/store'

export { syncedTables, type TableName }

export type SqlEntityTable =
  | 'customers'
  | 'contacts'
  | 'licenses'
  | 'installations'
  | 'subscriptions'
  | 'incidents'
  | 'incident_events'
  | 'time_entries'
  | 'support_packs'
  | 'anomaly_reports'
  | 'cost_estimates'
  | 'remote_access_agreements'
  | 'kb_articles'
  | 'plans'
  | 'calendars'

export function sqlTable(table: TableName): SqlEntityTable {
  return table.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`) as SqlEntityTable
}

export const sqlEntityTables: readonly SqlEntityTable[] = syncedTables.map(sqlTable)

const wireBySql = new Map<string, TableName>(syncedTables.map((t) => [sqlTable(t), t]))
export function wireTable(table: string): TableName {
  const wire = wireBySql.get(table)
  if (!wire) throw new Error(`unknown synced table ${table}`)
  return wire
}
