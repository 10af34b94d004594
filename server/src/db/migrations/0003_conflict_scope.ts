/**
 * Conflicts are shown to every engineer who may see the row (P3: "visible to both engineers"), so each one
 * records the customer its row belongs to, the same scope key as the synced tables.
 */
import type { Migration } from 'kysely'
import type { SchemaDb } from '../dialect'

export const conflictScope: Migration = {
  async up(db: SchemaDb) {
    await db.schema.alterTable('conflicts').addColumn('customer_id', 'text').execute()
    await db.schema.createIndex('conflicts_customer').on('conflicts').columns(['customer_id', 'id']).execute()
  },
}
