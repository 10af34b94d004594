/**
 * A user who joins or leaves a team changes what they may see. Joining re-stamps the team's rows (they arrive
 * as added rows through the ordinary pull); leaving is recorded here, at a version, so that the user's next
 * pull purges the team's rows.
 */
import type { Migration } from 'kysely'
import type { SchemaDb } from '../dialect'

export const membershipChanges: Migration = {
  async up(db: SchemaDb) {
    await db.schema
      .createTable('membership_changes')
      .addColumn('version', 'bigint', (c) => c.notNull())
      .addColumn('user_id', 'text', (c) => c.notNull())
      .addColumn('team_id', 'text', (c) => c.notNull())
      .addColumn('added', 'integer', (c) => c.notNull())
      .addPrimaryKeyConstraint('membership_changes_pk', ['user_id', 'version', 'team_id'])
      .execute()
  },
}
