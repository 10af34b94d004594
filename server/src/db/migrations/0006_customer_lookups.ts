/**
 * `customerId` lookups (Store.query(table, 'customerId', id)) read the `customer_id` column, which SqlStore
 * writes from the same field on every put, through the `<table>_customer` index of 0001. The expression indexes
 * 0002 made for that field held the same values a second time: every insert of a contact, subscription or
 * support pack updated both, one random index page more per row in each push's commit.
 */
import { sql, type Migration } from 'kysely'
import type { DialectName, SchemaDb } from '../dialect'

/** the tables whose `customerId` expression index 0002 created */
export const customerIdIndexed = ['contacts', 'subscriptions', 'support_packs'] as const

export function customerLookups(dialect: DialectName): Migration {
  return {
    async up(db: SchemaDb) {
      if (dialect !== 'sqlite') return
      for (const table of customerIdIndexed)
        await sql`drop index if exists ${sql.id(`${table}_customerId`)}`.execute(db)
    },
  }
}
