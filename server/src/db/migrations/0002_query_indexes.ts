/**
 * SQLite has no index that serves "any JSON field equals x" (PostgreSQL's GIN in 0001 does), so the fields the
 * mutators look rows up by get expression indexes. The expression must match the one SqlStore.query writes
 * (`json_extract(data, '$.field')` with the path as a literal) or SQLite will not use it.
 */
import { sql, type Migration } from 'kysely'
import type { DialectName, SchemaDb } from '../dialect'

// table -> fields looked up by Store.query (foreign keys of the domain). A new lookup field is a new migration.
const indexed: Record<string, string[]> = {
  contacts: ['customerId'],
  licenses: ['customerId'],
  installations: ['licenseId', 'customerId'],
  subscriptions: ['customerId', 'licenseId'],
  incidents: ['customerId', 'subscriptionId', 'contactId', 'licenseId'],
  incident_events: ['incidentId'],
  time_entries: ['incidentId', 'supportPackId'],
  support_packs: ['customerId'],
  anomaly_reports: ['customerId', 'incidentId'],
  cost_estimates: ['anomalyReportId', 'incidentId'],
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
