/**
 * Versioned migrations, run at start (and by every CLI command) before anything else touches the database.
 * Kysely's Migrator records them in kysely_migration and takes a lock, so two processes starting together on
 * one PostgreSQL run each migration once.
 */
import { Migrator, type Migration, type MigrationProvider } from 'kysely'
import type { DialectName, SchemaDb } from './dialect'
import { initial } from './migrations/0001_initial'
import { sqliteQueryIndexes } from './migrations/0002_query_indexes'
import { conflictScope } from './migrations/0003_conflict_scope'
import { membershipChanges } from './migrations/0004_membership_changes'
import { scopeMovesKey } from './migrations/0005_scope_moves_key'
import { customerLookups } from './migrations/0006_customer_lookups'
import { loginFailures } from './migrations/0007_login_failures'
import { pgLookupIndexes } from './migrations/0008_pg_lookup_indexes'
import { loginAttemptsByAddress } from './migrations/0009_login_attempts_by_address'
import { mailTables } from './migrations/0010_mail'
import { attachments } from './migrations/0015_attachments'
import { incidentTokens } from './migrations/0016_incident_tokens'
import { mailAttachments } from './migrations/0017_mail_attachments'
import { incidentOpenedAt } from './migrations/0018_incident_opened_at'

function migrations(dialect: DialectName): Record<string, Migration> {
  // Names sort in the order they run; never rename or edit one that has shipped, add the next.
  return {
    '0001_initial': initial(dialect),
    '0002_query_indexes': sqliteQueryIndexes(dialect),
    '0003_conflict_scope': conflictScope,
    '0004_membership_changes': membershipChanges,
    '0005_scope_moves_key': scopeMovesKey,
    '0006_customer_lookups': customerLookups(dialect),
    '0007_login_failures': loginFailures,
    '0008_pg_lookup_indexes': pgLookupIndexes(dialect),
    '0009_login_attempts_by_address': loginAttemptsByAddress,
    '0010_mail': mailTables(dialect),
    // 0011..0014 were left for work that landed beside these; the next migration is 0016
    '0015_attachments': attachments,
    '0016_incident_tokens': incidentTokens,
    '0017_mail_attachments': mailAttachments,
    '0018_incident_opened_at': incidentOpenedAt(dialect),
  }
}

export async function migrateToLatest(db: SchemaDb, dialect: DialectName): Promise<void> {
  const provider: MigrationProvider = { getMigrations: async () => migrations(dialect) }
  const migrator = new Migrator({ db, provider })
  const { error, results } = await migrator.migrateToLatest()
  const failed = results?.find((r) => r.status === 'Error')
  if (error || failed) {
    const cause = error instanceof Error ? error.message : String(error)
    throw new Error(`migration ${failed?.migrationName ?? ''} failed: ${cause}`)
  }
}
