/**
 * Least privilege on PostgreSQL: the server migrates as the owner role (DATABASE_OWNER_URL) and serves as the
 * app role (DATABASE_URL), which may read and write the tables but only INSERT and SELECT the audit log.
 * Run after every migration so new tables are covered. When both URLs are one role (a single-role install),
 * there is nothing to grant; the audit log is then protected by its triggers alone.
 */
import { sql } from 'kysely'
import type { SchemaDb } from './dialect'

export async function grantAppRole(owner: SchemaDb, appRole: string): Promise<void> {
  const ownerRole = (await sql<{ r: string }>`select current_user as r`.execute(owner)).rows[0]?.r
  if (!ownerRole || ownerRole === appRole) return
  const role = sql.id(appRole)
  await sql`grant usage on schema public to ${role}`.execute(owner)
  await sql`grant select, insert, update, delete on all tables in schema public to ${role}`.execute(owner)
  await sql`grant usage, select on all sequences in schema public to ${role}`.execute(owner)
  await sql`revoke update, delete, truncate on audit_log from ${role}`.execute(owner)
  // the migration bookkeeping is the owner's business
  await sql`revoke insert, update, delete on kysely_migration, kysely_migration_lock from ${role}`.execute(
    owner,
  )
}
