/**
 * scope_moves was keyed by version alone, which allows one customer move per mutation; a mutation that moves
 * several customers (a team merge) needs (version, customer_id). Rebuilt, since SQLite can't alter a key.
 */
import type { Migration } from 'kysely'
import type { SchemaDb } from '../dialect'

export const scopeMovesKey: Migration = {
  async up(db: SchemaDb) {
    await db.schema
      .createTable('scope_moves_v2')
      .addColumn('version', 'bigint', (c) => c.notNull())
      .addColumn('customer_id', 'text', (c) => c.notNull())
      .addColumn('from_team', 'text')
      .addColumn('to_team', 'text')
      .addPrimaryKeyConstraint('scope_moves_v2_pk', ['version', 'customer_id'])
      .execute()
    await db
      .insertInto('scope_moves_v2')
      .columns(['version', 'customer_id', 'from_team', 'to_team'])
      .expression(db.selectFrom('scope_moves').select(['version', 'customer_id', 'from_team', 'to_team']))
      .execute()
    await db.schema.dropTable('scope_moves').execute()
    await db.schema.alterTable('scope_moves_v2').renameTo('scope_moves').execute()
  },
}
