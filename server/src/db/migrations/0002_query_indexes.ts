/**
 * SQLite has no index that serves "any JSON field equals x" (PostgreSQL's GIN in 0001 does), so the fields the
 * mutators look rows up by get expression indexes. The expression must match the one SqlStore.query writes
 * (`json_extract(data, '$.field')` with the path as a literal) or SQLite will not use it.
 */
import { sql, type Migration } from 'kysely'
import type { DialectName, SchemaDb } from '../dialect'

// table -> the fields shared/mutations looks rows up by (Store.query). A new lookup field is a new migration;
// test/server/query-indexes.test.ts fails when a mutator queries a field that has no index here.
const indexed: Record<string, string[]> = {
  contacts: ['customerId'],
  installations: ['licenseId'],
  subscriptions: ['customerId', 'licenseId'],
  incidents: ['subscriptionId'],
  time_entries: ['incidentId', 'supportPackId'],
  support_packs: ['customerId'],
  anomaly_reports: ['incidentId'],
  cost_estimates: ['anomalyId'],
  remote_access_agreements: ['incidentId'],
}

export function sqliteQueryIndexes(dialect: DialectName): Migration {
  return {
    async up(db: SchemaDb) {
      if (dialect !== 'sqlite') return
      for (const [table, fields] of Object.entries(indexed)) {
        for (const field of fields) {
          await sql`create index ${sql.id(`${table}_${field}`)} on ${sql.table(table)} (json_extract(data, ${sql.lit(`$.${field}`)}))`.execute(
            db,
          )
        }
      }
    },
  }
}
