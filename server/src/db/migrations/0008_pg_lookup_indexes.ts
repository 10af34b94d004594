/**
 * PostgreSQL: B-tree indexes on the JSON fields the mutators look rows up by (Store.query), the counterpart of
 * SQLite's expression indexes of 0002. The GIN index of 0001 can serve `data @> {field: value}`, but the planner
 * rarely takes it: it cannot estimate containment, and rows inserted since the last vacuum sit in the GIN's
 * pending list, which it counts as scanned on every lookup. On a table that grew in one go (a demo load, a busy
 * day) every lookup read the whole table: an incident opened among 3,000 took 1.4 ms for its `subscriptionId`
 * lookup alone, growing with the table. SqlStore.query compares `data -> 'field'` (the indexed expression,
 * equal to containment for a scalar value) on exactly these fields.
 * `customerId` is not here: those lookups read the `customer_id` column and its index (see 0006).
 */
import { sql, type Migration } from 'kysely'
import type { DialectName, SchemaDb } from '../dialect'

/** table -> the fields with a B-tree on `data -> 'field'` (PostgreSQL) */
export const pgLookupFields: Readonly<Record<string, readonly string[]>> = {
  installations: ['licenseId'],
  subscriptions: ['licenseId'],
  incidents: ['subscriptionId'],
  time_entries: ['incidentId', 'supportPackId'],
  anomaly_reports: ['incidentId'],
  cost_estimates: ['anomalyId'],
  remote_access_agreements: ['incidentId'],
}

export function pgLookupIndexes(dialect: DialectName): Migration {
  return {
    async up(db: SchemaDb) {
      if (dialect !== 'postgres') return
      for (const [table, fields] of Object.entries(pgLookupFields)) {
        for (const field of fields) {
          await sql`create index ${sql.id(`${table}_${field}`)} on ${sql.table(table)} ((data -> ${sql.lit(field)}))`.execute(
            db,
          )
        }
      }
    },
  }
}
