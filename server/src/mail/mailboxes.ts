/**
 * The mailbox store: a team's address with its IMAP (in) and SMTP (out) servers. Secrets are sealed before they
 * are written and opened only where a connection is made; `MailboxView`, what any API or the CLI returns, has
 * none of them (only whether one is set).
 */
import { randomUUID } from 'node:crypto'
import type { MailboxInput } from '@shared/protocol/mail-admin'
import type { Db } from '../db/connect'
import type { MailboxesTable } from '../db/schema'
import type { SecretBox } from './secrets'

// the input schema is shared with the app's mailbox form, so both name the same fields
export { mailboxInputSchema, type MailboxInput } from '@shared/protocol/mail-admin'

/** What leaves the server about a mailbox: never a secret. */
export interface MailboxView {
  id: string
  teamId: string
  address: string
  displayName: string | null
  imap: { host: string; port: number; tls: boolean; user: string; passwordSet: boolean }
  smtp: { host: string; port: number; tls: boolean; user: string | null; passwordSet: boolean }
  createdAt: string
}

/** A mailbox with its secrets opened: only for the fetcher and the sender, never serialised. */
export interface MailboxConnection {
  id: string
  teamId: string
  address: string
  displayName: string | null
  imap: { host: string; port: number; tls: boolean; user: string; password: string }
  smtp: { host: string; port: number; tls: boolean; user: string | null; password: string | null }
}

/** What a view and a connection both say of a mailbox: only fields that are no secret. */
function openFieldsOf(row: MailboxesTable) {
  return {
    id: row.id,
    teamId: row.team_id,
    address: row.address,
    displayName: row.display_name,
    imap: { host: row.imap_host, port: row.imap_port, tls: row.imap_tls === 1, user: row.imap_user },
    smtp: { host: row.smtp_host, port: row.smtp_port, tls: row.smtp_tls === 1, user: row.smtp_user },
  }
}

export function viewOf(row: MailboxesTable): MailboxView {
  const open = openFieldsOf(row)
  return {
    ...open,
    imap: { ...open.imap, passwordSet: row.imap_secret.length > 0 },
    smtp: { ...open.smtp, passwordSet: row.smtp_secret !== null },
    createdAt: row.created_at,
  }
}

export function connectionOf(row: MailboxesTable, box: SecretBox): MailboxConnection {
  const open = openFieldsOf(row)
  return {
    ...open,
    imap: { ...open.imap, password: box.open(row.imap_secret) },
    smtp: { ...open.smtp, password: row.smtp_secret === null ? null : box.open(row.smtp_secret) },
  }
}

export class MailboxError extends Error {
  constructor(
    message: string,
    readonly field: string,
  ) {
    super(message)
    this.name = 'MailboxError'
  }
}

export async function addMailbox(
  db: Db,
  box: SecretBox,
  input: MailboxInput,
  now: Date,
): Promise<MailboxView> {
  const team = await db.write
    .selectFrom('teams')
    .select('id')
    .where('id', '=', input.teamId)
    .executeTakeFirst()
  if (!team) throw new MailboxError(`teamId: no team ${input.teamId}`, 'teamId')
  const taken = await db.write
    .selectFrom('mailboxes')
    .select('id')
    .where('address', '=', input.address)
    .executeTakeFirst()
  if (taken) throw new MailboxError(`address: ${input.address} is already a mailbox`, 'address')
  const row: MailboxesTable = {
    id: randomUUID(),
    team_id: input.teamId,
    address: input.address,
    display_name: input.displayName ?? null,
    imap_host: input.imap.host,
    imap_port: input.imap.port,
    imap_tls: input.imap.tls ? 1 : 0,
    imap_user: input.imap.user,
    imap_secret: box.seal(input.imap.password),
    smtp_host: input.smtp.host,
    smtp_port: input.smtp.port,
    smtp_tls: input.smtp.tls ? 1 : 0,
    smtp_user: input.smtp.user ?? null,
    smtp_secret: input.smtp.password ? box.seal(input.smtp.password) : null,
    created_at: now.toISOString(),
  }
  await db.write.insertInto('mailboxes').values(row).execute()
  return viewOf(row)
}

export async function listMailboxes(db: Db): Promise<MailboxView[]> {
  const rows = await db.read.selectFrom('mailboxes').selectAll().orderBy('address').execute()
  return rows.map(viewOf)
}

/** Removes the mailbox and its cursor; mail already received stays on its incidents. */
export async function removeMailbox(db: Db, idOrAddress: string): Promise<boolean> {
  return db.write.transaction().execute(async (trx) => {
    const row = await trx
      .selectFrom('mailboxes')
      .select('id')
      .where((eb) => eb.or([eb('id', '=', idOrAddress), eb('address', '=', idOrAddress.toLowerCase())]))
      .executeTakeFirst()
    if (!row) return false
    await trx.deleteFrom('mail_cursors').where('mailbox_id', '=', row.id).execute()
    await trx.deleteFrom('mailboxes').where('id', '=', row.id).execute()
    return true
  })
}

export async function mailboxConnections(db: Db, box: SecretBox): Promise<MailboxConnection[]> {
  const rows = await db.read.selectFrom('mailboxes').selectAll().execute()
  return rows.map((r) => connectionOf(r, box))
}

export async function mailboxConnection(
  db: Db,
  box: SecretBox,
  id: string,
): Promise<MailboxConnection | null> {
  const row = await db.read.selectFrom('mailboxes').selectAll().where('id', '=', id).executeTakeFirst()
  return row ? connectionOf(row, box) : null
}
