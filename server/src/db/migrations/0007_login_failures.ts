/**
 * Failed sign-ins, kept in the database so that every server process on one database counts the same ones: a
 * login throttle per process would let a guesser spread attempts over the processes behind a load balancer.
 */
import type { Migration } from 'kysely'
import type { SchemaDb } from '../dialect'

export const loginFailures: Migration = {
  async up(db: SchemaDb) {
    await db.schema
      .createTable('login_failures')
      /** lower-cased: the throttle counts a username whatever its case */
      .addColumn('username', 'text', (c) => c.notNull())
      .addColumn('ip', 'text', (c) => c.notNull())
      .addColumn('at_ms', 'bigint', (c) => c.notNull())
      .execute()
    await db.schema
      .createIndex('login_failures_key')
      .on('login_failures')
      .columns(['username', 'ip', 'at_ms'])
      .execute()
    // pruning old failures of every key
    await db.schema.createIndex('login_failures_at').on('login_failures').column('at_ms').execute()
  },
}
