/**
 * Kysely's view of the database. Timestamps are ISO-8601 strings (TEXT on both dialects: one SQL, and they sort).
 * Booleans are 0/1 integers for the same reason. `data` is the row's JSON (TEXT on SQLite, JSONB on PostgreSQL);
 * the mutators own the shapes, the server only promotes the columns it needs for scope and ordering.
 */
import type { Generated } from 'kysely'
import type { SqlEntityTable } from './tables'

export interface MetaTable {
  id: number
  epoch: string
  /** the global gap-free version counter (design/sync.md): advanced once per writing mutation */
  version: number
}

export interface UsersTable {
  id: string
  username: string
  password_hash: string
  role: 'admin' | 'engineer'
  disabled: number
  created_at: string
}

export interface TeamsTable {
  id: string
  name: string
  created_at: string
}

export interface UserTeamsTable {
  user_id: string
  team_id: string
}

/** One login = one session = one refresh-token family. Revoking it ends every token of the family. */
export interface SessionsTable {
  id: string
  user_id: string
  created_at: string
  last_used_at: string
  revoked_at: string | null
  revoked_reason: string | null
  client_info: string | null
}

/** Access and refresh tokens, stored as SHA-256 of the opaque token (a leaked table gives no usable token). */
export interface TokensTable {
  hash: string
  session_id: string
  kind: 'access' | 'refresh'
  expires_at: string
  /** refresh tokens only: when it was rotated; presenting it again is reuse */
  spent_at: string | null
  created_at: string
}

export interface ClientsTable {
  client_id: string
  user_id: string
  last_mutation_id: number
  created_at: string
  updated_at: string
}

export interface MutationResultsTable {
  client_id: string
  mid: number
  result: string
}

export interface RejectedMutationsTable {
  client_id: string
  mid: number
  user_id: string
  name: string
  mv: number
  args: string
  at: string
  code: string
  message: string
  field: string | null
  created_at: string
}

export interface ConflictsTable {
  id: Generated<number>
  version: number
  client_id: string
  mid: number
  user_id: string
  table_name: string
  row_id: string
  field: string | null
  server_value: string | null
  client_value: string | null
  base_version: number | null
  created_at: string
  /** the row's customer (scope), null for organisation-wide rows */
  customer_id: string | null
}

export interface AuditLogTable {
  id: Generated<number>
  at: string
  kind: 'mutation' | 'auth' | 'admin'
  action: string
  user_id: string | null
  username: string | null
  client_id: string | null
  mid: number | null
  mutation: string | null
  detail: string | null
  ip: string | null
}

/** A customer moved from one team to another at `version`: the old team's members get purges for its rows. */
export interface ScopeMovesTable {
  version: number
  customer_id: string
  from_team: string | null
  to_team: string | null
}

/** A user joined (added = 1) or left (0) a team at `version`. */
export interface MembershipChangesTable {
  version: number
  user_id: string
  team_id: string
  added: number
}

/** one failed sign-in (auth/rate-limit.ts) */
export interface LoginFailuresTable {
  username: string
  ip: string
  at_ms: number
}

/** A team's mailbox (server/src/mail): secrets are AES-GCM ciphertext (mail/secrets.ts), never sent to clients. */
export interface MailboxesTable {
  id: string
  team_id: string
  address: string
  display_name: string | null
  imap_host: string
  imap_port: number
  imap_tls: number
  imap_user: string
  imap_secret: string
  smtp_host: string
  smtp_port: number
  smtp_tls: number
  smtp_user: string | null
  smtp_secret: string | null
  created_at: string
}

/** How far the IMAP fetcher has read a mailbox (UIDs are only meaningful under one UIDVALIDITY). */
export interface MailCursorsTable {
  mailbox_id: string
  uid_validity: string
  last_uid: number
}

/** Every Message-ID received or sent: a mail fetched twice is one entry; replies thread by these. */
export interface MailMessagesTable {
  message_id: string
  mailbox_id: string | null
  direction: 'in' | 'out'
  disposition: string
  incident_id: string | null
  event_id: string | null
  created_at: string
}

/** Mail from a sender who is no contact of the mailbox's team: kept for an engineer to attach to a customer. */
export interface MailUnmatchedTable {
  id: string
  team_id: string
  mailbox_id: string
  message_id: string
  from_address: string
  from_name: string | null
  subject: string
  text: string
  html: string | null
  received_at: string
  incident_id: string | null
  attached_at: string | null
  attached_by: string | null
  /** JSON: the mail's attachments, stored as content but not yet anyone's (mail/attachments.ts); 0017 */
  attachments: string | null
}

export type OutboxState = 'queued' | 'sending' | 'sent' | 'failed'

/** A reply to a customer waiting to be sent, written in the push transaction of its comment. */
export interface MailOutboxTable {
  event_id: string
  mailbox_id: string
  incident_id: string
  customer_id: string
  to_address: string
  subject: string
  body: string
  message_id: string
  in_reply_to: string | null
  refs: string | null
  state: OutboxState
  attempts: number
  next_attempt_at: string
  claimed_until: string | null
  last_error: string | null
  queued_at: string
  queued_ms: number
  sent_at: string | null
  /** JSON array of the comment's attachment ids, sent with the mail (0017) */
  attachment_ids: string | null
}

/** one uploaded attachment (server/src/attachments); its bytes are `<data dir>/attachments/<sha256>` */
export interface AttachmentsTable {
  id: string
  sha256: string
  size: number
  media_type: string
  file_name: string
  customer_id: string
  uploaded_by: string
  created_at: string
}

export interface EntityTable {
  id: string
  version: number
  deleted: number
  /** the customer this row belongs to (scope, P6); null for organisation-wide rows (plans, calendars, KB) */
  customer_id: string | null
  data: string
}

export interface CustomersTable extends EntityTable {
  team_id: string | null
}

export type EntityTables = { [K in Exclude<SqlEntityTable, 'customers'>]: EntityTable } & {
  customers: CustomersTable
}

export interface Database extends EntityTables {
  meta: MetaTable
  users: UsersTable
  teams: TeamsTable
  user_teams: UserTeamsTable
  sessions: SessionsTable
  tokens: TokensTable
  clients: ClientsTable
  mutation_results: MutationResultsTable
  rejected_mutations: RejectedMutationsTable
  conflicts: ConflictsTable
  audit_log: AuditLogTable
  scope_moves: ScopeMovesTable
  membership_changes: MembershipChangesTable
  login_failures: LoginFailuresTable
  mailboxes: MailboxesTable
  mail_cursors: MailCursorsTable
  mail_messages: MailMessagesTable
  mail_unmatched: MailUnmatchedTable
  mail_outbox: MailOutboxTable
  attachments: AttachmentsTable
}
