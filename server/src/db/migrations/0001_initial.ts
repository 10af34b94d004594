/**
 * The first schema. Written with Kysely's schema builder so one migration serves both dialects; the few
 * differences (JSON column type, identity columns, triggers) are chosen by `dialect`.
 */
import { randomUUID } from 'node:crypto'
import { sql, type Migration } from 'kysely'
import type { DialectName, SchemaDb } from '../dialect'
import { sqlEntityTables } from '../tables'

export function initial(dialect: DialectName): Migration {
  const json = dialect === 'postgres' ? sql`jsonb` : sql`text`
  return {
    async up(db: SchemaDb) {
      await db.schema
        .createTable('meta')
        .addColumn('id', 'integer', (c) => c.primaryKey())
        .addColumn('epoch', 'text', (c) => c.notNull())
        .addColumn('version', 'bigint', (c) => c.notNull())
        .execute()
      await db.insertInto('meta').values({ id: 1, epoch: randomUUID(), version: 0 }).execute()

      await db.schema
        .createTable('users')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('username', 'text', (c) => c.notNull().unique())
        .addColumn('password_hash', 'text', (c) => c.notNull())
        .addColumn('role', 'text', (c) => c.notNull().check(sql`role in ('admin', 'engineer')`))
        .addColumn('disabled', 'integer', (c) => c.notNull().defaultTo(0))
        .addColumn('created_at', 'text', (c) => c.notNull())
        .execute()
      await db.schema
        .createTable('teams')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('name', 'text', (c) => c.notNull().unique())
        .addColumn('created_at', 'text', (c) => c.notNull())
        .execute()
      await db.schema
        .createTable('user_teams')
        .addColumn('user_id', 'text', (c) => c.notNull().references('users.id'))
        .addColumn('team_id', 'text', (c) => c.notNull().references('teams.id'))
        .addPrimaryKeyConstraint('user_teams_pk', ['user_id', 'team_id'])
        .execute()

      await db.schema
        .createTable('sessions')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('user_id', 'text', (c) => c.notNull().references('users.id'))
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addColumn('last_used_at', 'text', (c) => c.notNull())
        .addColumn('revoked_at', 'text')
        .addColumn('revoked_reason', 'text')
        .addColumn('client_info', 'text')
        .execute()
      await db.schema.createIndex('sessions_user').on('sessions').column('user_id').execute()
      await db.schema
        .createTable('tokens')
        .addColumn('hash', 'text', (c) => c.primaryKey())
        .addColumn('session_id', 'text', (c) => c.notNull().references('sessions.id'))
        .addColumn('kind', 'text', (c) => c.notNull().check(sql`kind in ('access', 'refresh')`))
        .addColumn('expires_at', 'text', (c) => c.notNull())
        .addColumn('spent_at', 'text')
        .addColumn('created_at', 'text', (c) => c.notNull())
        .execute()
      await db.schema.createIndex('tokens_session').on('tokens').column('session_id').execute()

      await db.schema
        .createTable('clients')
        .addColumn('client_id', 'text', (c) => c.primaryKey())
        .addColumn('user_id', 'text', (c) => c.notNull().references('users.id'))
        .addColumn('last_mutation_id', 'bigint', (c) => c.notNull())
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addColumn('updated_at', 'text', (c) => c.notNull())
        .execute()
      await db.schema
        .createTable('mutation_results')
        .addColumn('client_id', 'text', (c) => c.notNull())
        .addColumn('mid', 'bigint', (c) => c.notNull())
        .addColumn('result', 'text', (c) => c.notNull())
        .addPrimaryKeyConstraint('mutation_results_pk', ['client_id', 'mid'])
        .execute()
      await db.schema
        .createTable('rejected_mutations')
        .addColumn('client_id', 'text', (c) => c.notNull())
        .addColumn('mid', 'bigint', (c) => c.notNull())
        .addColumn('user_id', 'text', (c) => c.notNull())
        .addColumn('name', 'text', (c) => c.notNull())
        .addColumn('mv', 'integer', (c) => c.notNull())
        .addColumn('args', 'text', (c) => c.notNull())
        .addColumn('at', 'text', (c) => c.notNull())
        .addColumn('code', 'text', (c) => c.notNull())
        .addColumn('message', 'text', (c) => c.notNull())
        .addColumn('field', 'text')
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addPrimaryKeyConstraint('rejected_mutations_pk', ['client_id', 'mid'])
        .execute()

      const serial = (table: string) =>
        db.schema
          .createTable(table)
          .addColumn('id', dialect === 'postgres' ? 'bigint' : 'integer', (c) =>
            dialect === 'postgres'
              ? c.primaryKey().generatedAlwaysAsIdentity()
              : c.primaryKey().autoIncrement(),
          )
      await serial('conflicts')
        .addColumn('version', 'bigint', (c) => c.notNull())
        .addColumn('client_id', 'text', (c) => c.notNull())
        .addColumn('mid', 'bigint', (c) => c.notNull())
        .addColumn('user_id', 'text', (c) => c.notNull())
        .addColumn('table_name', 'text', (c) => c.notNull())
        .addColumn('row_id', 'text', (c) => c.notNull())
        .addColumn('field', 'text')
        .addColumn('server_value', 'text')
        .addColumn('client_value', 'text')
        .addColumn('base_version', 'bigint')
        .addColumn('created_at', 'text', (c) => c.notNull())
        .execute()
      await db.schema.createIndex('conflicts_row').on('conflicts').columns(['table_name', 'row_id']).execute()

      await serial('audit_log')
        .addColumn('at', 'text', (c) => c.notNull())
        .addColumn('kind', 'text', (c) => c.notNull())
        .addColumn('action', 'text', (c) => c.notNull())
        .addColumn('user_id', 'text')
        .addColumn('username', 'text')
        .addColumn('client_id', 'text')
        .addColumn('mid', 'bigint')
        .addColumn('mutation', 'text')
        .addColumn('detail', 'text')
        .addColumn('ip', 'text')
        .execute()
      // Append-only for everyone, owner included; on PostgreSQL the app role also lacks the privilege (grants.ts).
      if (dialect === 'postgres') {
        await sql`create function audit_log_append_only() returns trigger language plpgsql as $$
          begin raise exception 'audit_log is append-only'; end $$`.execute(db)
        await sql`create trigger audit_log_no_update before update or delete on audit_log
          for each statement execute function audit_log_append_only()`.execute(db)
      } else {
        await sql`create trigger audit_log_no_update before update on audit_log
          begin select raise(abort, 'audit_log is append-only'); end`.execute(db)
        await sql`create trigger audit_log_no_delete before delete on audit_log
          begin select raise(abort, 'audit_log is append-only'); end`.execute(db)
      }

      await db.schema
        .createTable('scope_moves')
        .addColumn('version', 'bigint', (c) => c.primaryKey())
        .addColumn('customer_id', 'text', (c) => c.notNull())
        .addColumn('from_team', 'text')
        .addColumn('to_team', 'text')
        .execute()

      for (const table of sqlEntityTables) {
        let create = db.schema
          .createTable(table)
          .addColumn('id', 'text', (c) => c.primaryKey())
          .addColumn('version', 'bigint', (c) => c.notNull())
          .addColumn('deleted', 'integer', (c) => c.notNull().defaultTo(0))
          .addColumn('customer_id', 'text')
          .addColumn('data', json, (c) => c.notNull())
        if (table === 'customers') create = create.addColumn('team_id', 'text')
        await create.execute()
        // pull: rows after a cursor in version order; scope: rows of a customer
        await db.schema.createIndex(`${table}_version`).on(table).column('version').execute()
        await db.schema
          .createIndex(`${table}_customer`)
          .on(table)
          .columns(['customer_id', 'version'])
          .execute()
        if (dialect === 'postgres') {
          // Store.query(field = value) becomes `data @> {field: value}`: one GIN index serves every field.
          await sql`create index ${sql.id(`${table}_data`)} on ${sql.table(table)} using gin (data jsonb_path_ops)`.execute(
            db,
          )
        }
      }
      await db.schema.createIndex('customers_team').on('customers').column('team_id').execute()
    },
  }
}
