/**
 * Attachments on mail (server/src/mail/attachments.ts). Unmatched mail keeps its attachments' stored content
 * and names (JSON) until someone attaches it to a customer, when they become that customer's attachments; a
 * reply in the outbox names the comment's attachments, which are sent with it.
 */
import type { Migration } from 'kysely'
import type { SchemaDb } from '../dialect'

export const mailAttachments: Migration = {
  async up(db: SchemaDb) {
    await db.schema.alterTable('mail_unmatched').addColumn('attachments', 'text').execute()
    await db.schema.alterTable('mail_outbox').addColumn('attachment_ids', 'text').execute()
  },
}
