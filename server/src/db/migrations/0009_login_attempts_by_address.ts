/**
 * The login throttle also counts attempts per address whatever the username (a spray of usernames from one
 * address) and per username whatever the address (one account guessed from many). login_failures_key serves
 * the username (and username + address) counts; this index serves the address count.
 */
import type { Migration } from 'kysely'
import type { SchemaDb } from '../dialect'

export const loginAttemptsByAddress: Migration = {
  async up(db: SchemaDb) {
    await db.schema.createIndex('login_failures_ip').on('login_failures').columns(['ip', 'at_ms']).execute()
  },
}
