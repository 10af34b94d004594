/**
 * The email channel (server/src/mail): mailboxes per team with their secrets encrypted at rest, the IMAP cursor
 * per mailbox, every Message-ID seen or sent (dedupe and threading), mail from unknown senders, and the durable
 * outbox of replies to customers. None of these tables is synced: clients see mail only as incident events and
 * through the admin-only and team-scoped mail API.
 */
import { sql, type Migration } from 'kysely'
import type { DialectName, SchemaDb } from '../dialect'

export function mailTables(dialect: DialectName): Migration {
  return {
    async up(db: SchemaDb) {
      await db.schema
        .createTable('mailboxes')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('team_id', 'text', (c) => c.notNull().references('teams.id'))
        /** lower-cased; one team may have several, an address belongs to one team */
        .addColumn('address', 'text', (c) => c.notNull().unique())
        .addColumn('display_name', 'text')
        .addColumn('imap_host', 'text', (c) => c.notNull())
        .addColumn('imap_port', 'integer', (c) => c.notNull())
        .addColumn('imap_tls', 'integer', (c) => c.notNull())
        .addColumn('imap_user', 'text', (c) => c.notNull())
        /** AES-256-GCM, mail/secrets.ts; never returned by any API */
        .addColumn('imap_secret', 'text', (c) => c.notNull())
        .addColumn('smtp_host', 'text', (c) => c.notNull())
        .addColumn('smtp_port', 'integer', (c) => c.notNull())
        .addColumn('smtp_tls', 'integer', (c) => c.notNull())
        .addColumn('smtp_user', 'text')
        .addColumn('smtp_secret', 'text')
        .addColumn('created_at', 'text', (c) => c.notNull())
        .execute()
      await db.schema.createIndex('mailboxes_team').on('mailboxes').column('team_id').execute()

      await db.schema
        .createTable('mail_cursors')
        .addColumn('mailbox_id', 'text', (c) => c.primaryKey().references('mailboxes.id').onDelete('cascade'))
        .addColumn('uid_validity', 'text', (c) => c.notNull())
        .addColumn('last_uid', 'bigint', (c) => c.notNull())
        .execute()

      await db.schema
        .createTable('mail_messages')
        /** without the angle brackets, as written (Message-IDs are compared exactly) */
        .addColumn('message_id', 'text', (c) => c.primaryKey())
        .addColumn('mailbox_id', 'text')
        .addColumn('direction', 'text', (c) => c.notNull().check(sql`direction in ('in', 'out')`))
        /** what became of it: incident, reply, auto-reply, bounce, unmatched, outbound */
        .addColumn('disposition', 'text', (c) => c.notNull())
        .addColumn('incident_id', 'text')
        .addColumn('event_id', 'text')
        .addColumn('created_at', 'text', (c) => c.notNull())
        .execute()
      await db.schema
        .createIndex('mail_messages_incident')
        .on('mail_messages')
        .column('incident_id')
        .execute()

      await db.schema
        .createTable('mail_unmatched')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('team_id', 'text', (c) => c.notNull())
        .addColumn('mailbox_id', 'text', (c) => c.notNull())
        .addColumn('message_id', 'text', (c) => c.notNull().unique())
        .addColumn('from_address', 'text', (c) => c.notNull())
        .addColumn('from_name', 'text')
        .addColumn('subject', 'text', (c) => c.notNull())
        .addColumn('text', 'text', (c) => c.notNull())
        /** sanitised (mail/parse.ts) */
        .addColumn('html', 'text')
        .addColumn('received_at', 'text', (c) => c.notNull())
        .addColumn('incident_id', 'text')
        .addColumn('attached_at', 'text')
        .addColumn('attached_by', 'text')
        .execute()
      await db.schema.createIndex('mail_unmatched_team').on('mail_unmatched').column('team_id').execute()

      await db.schema
        .createTable('mail_outbox')
        /** the comment's incident event: one mail per answer, whatever retries or duplicate pushes */
        .addColumn('event_id', 'text', (c) => c.primaryKey())
        .addColumn('mailbox_id', 'text', (c) => c.notNull())
        .addColumn('incident_id', 'text', (c) => c.notNull())
        .addColumn('customer_id', 'text', (c) => c.notNull())
        .addColumn('to_address', 'text', (c) => c.notNull())
        .addColumn('subject', 'text', (c) => c.notNull())
        .addColumn('body', 'text', (c) => c.notNull())
        .addColumn('message_id', 'text', (c) => c.notNull())
        .addColumn('in_reply_to', 'text')
        .addColumn('refs', 'text')
        .addColumn('state', 'text', (c) =>
          c.notNull().check(sql`state in ('queued', 'sending', 'sent', 'failed')`),
        )
        .addColumn('attempts', 'integer', (c) => c.notNull().defaultTo(0))
        .addColumn('next_attempt_at', 'text', (c) => c.notNull())
        /** a claim by a sender; a claim that lapsed (the process died) is taken again */
        .addColumn('claimed_until', 'text')
        .addColumn('last_error', 'text')
        .addColumn('queued_at', 'text', (c) => c.notNull())
        /** the push that queued it, for the push-to-accept latency */
        .addColumn('queued_ms', 'bigint', (c) => c.notNull())
        .addColumn('sent_at', 'text')
        .execute()
      await db.schema
        .createIndex('mail_outbox_due')
        .on('mail_outbox')
        .columns(['state', 'next_attempt_at'])
        .execute()

      // inbound mail finds its sender among the contacts by address, case-insensitively
      if (dialect === 'postgres') {
        await sql`create index contacts_email on contacts ((lower(data ->> 'email')))`.execute(db)
      } else {
        await sql`create index contacts_email on contacts (lower(json_extract(data, '$.email')))`.execute(db)
      }
    },
  }
}
