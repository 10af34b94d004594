/**
 * Attachment metadata (server/src/attachments). The bytes live outside the database, content-addressed under
 * `<data dir>/attachments/`; a row names them by SHA-256, so the same content uploaded twice is stored once.
 * Not a synced table: clients learn of attachments through the timeline events that reference them, and every
 * download is re-authorised by the customer's current team.
 */
import type { Migration } from 'kysely'
import type { SchemaDb } from '../dialect'

export const attachments: Migration = {
  async up(db: SchemaDb) {
    await db.schema
      .createTable('attachments')
      /** the client's UUIDv7, so an upload retried after a lost answer names the same row */
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('sha256', 'text', (c) => c.notNull())
      .addColumn('size', 'bigint', (c) => c.notNull())
      .addColumn('media_type', 'text', (c) => c.notNull())
      .addColumn('file_name', 'text', (c) => c.notNull())
      .addColumn('customer_id', 'text', (c) => c.notNull())
      .addColumn('uploaded_by', 'text', (c) => c.notNull())
      .addColumn('created_at', 'text', (c) => c.notNull())
      .execute()
    // which rows still need a content file (a future clean-up of unreferenced content)
    await db.schema.createIndex('attachments_sha256').on('attachments').column('sha256').execute()
  },
}
