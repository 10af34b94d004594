/**
 * One inbound mail, from raw bytes to its place in Caseload, decided in this order:
 *  1. Message-ID seen before (in or out): nothing to do (a mail fetched twice is one entry);
 *  2. written by a machine (classify.ts: auto-reply, bounce): recorded, never an incident, never answered;
 *  3. a reply: In-Reply-To / References against the Message-IDs we stored, then the ticket token in the subject
 *     — on an incident of the mailbox's team, from a contact of that incident's customer, not closed — becomes
 *     a `mail-in` event (mail.receive, which ends a wait on the customer);
 *  4. from a contact of one of the team's customers: `incident.open` (entitlement, allowance and deadline decided
 *     as for any incident; a contact who is not named gets D-5's flag and its "add named contact" action);
 *  5. anyone else: the team's Unmatched mail, for an engineer to attach to a customer.
 * Each outcome commits in one transaction with its mail_messages row, so a crash between fetch and commit is
 * retried by the next fetch, and a retry after a commit is step 1.
 */
import { createHash } from 'node:crypto'
import { sql, type Transaction } from 'kysely'
import { derivedId } from '@shared/mutations/ids'
import { serverMutators, tokenInSubject } from '@shared/mutations/mail'
import type { MutationCall } from '@shared/mutations/types'
import type { Principal } from '../auth/principal'
import type { Db } from '../db/connect'
import type { Database, MailMessagesTable } from '../db/schema'
import { applyAllOrNothing } from '../sync/apply-trusted'
import type { PokeBus } from '../sync/poke-bus'
import {
  keepMailAttachments,
  receiveAttachmentArgs,
  recordMailAttachments,
  serialiseKept,
  type MailStorage,
} from './attachments'
import { classifyMail } from './classify'
import { contactsByAddress, incidentById, incidentByToken, licenseForMail } from './lookup'
import { parseMail, type ParsedInbound } from './parse'

export interface MailboxRef {
  id: string
  teamId: string
  address: string
}

export type InboundDisposition =
  'duplicate' | 'own' | 'auto-reply' | 'bounce' | 'reply' | 'incident' | 'unmatched'

export interface InboundOutcome {
  disposition: InboundDisposition
  messageId: string
  incidentId?: string
  /** incident.open's flags (not-entitled, over-allowance, …) */
  flags?: string[]
}

export interface InboundDeps extends MailStorage {
  db: Db
  now: () => Date
  /** SQLite: pokes after commit (on PostgreSQL the trusted path NOTIFYs) */
  bus?: PokeBus
}

/** The identity mail is applied as: not a user (nobody signs in as it); the audit log names the mailbox. */
export function mailPrincipal(mailbox: MailboxRef): Principal {
  return {
    userId: `mail:${mailbox.id}`,
    username: `mail:${mailbox.address}`,
    role: 'admin',
    teamIds: [mailbox.teamId],
    sessionId: `mail:${mailbox.id}`,
  }
}

async function recordMessage(
  trx: Transaction<Database> | Db['write'],
  row: MailMessagesTable,
): Promise<void> {
  await trx
    .insertInto('mail_messages')
    .values(row)
    .onConflict((oc) => oc.column('message_id').doNothing())
    .execute()
}

/** The incident this mail answers, by stored Message-IDs first, then by the subject's ticket token. */
async function threadOf(
  db: Db,
  mailbox: MailboxRef,
  mail: ParsedInbound,
): Promise<{ id: string; customerId: string } | null> {
  const ids = [...mail.inReplyTo, ...[...mail.references].reverse()]
  const candidates: string[] = []
  if (ids.length > 0) {
    const known = await db.write
      .selectFrom('mail_messages')
      .select(['message_id', 'incident_id'])
      .where('message_id', 'in', ids.slice(0, 100))
      .where('incident_id', 'is not', null)
      .execute()
    const byId = new Map(known.map((k) => [k.message_id, k.incident_id]))
    for (const id of ids) {
      const incident = byId.get(id)
      if (incident && !candidates.includes(incident)) candidates.push(incident)
    }
  }
  const suffix = tokenInSubject(mail.subject)
  if (suffix) {
    const byToken = await incidentByToken(db, mailbox.teamId, suffix)
    if (byToken && !candidates.includes(byToken.id)) candidates.push(byToken.id)
  }
  for (const id of candidates) {
    const incident = await incidentById(db, id)
    // another team's incident (a forged token or a forwarded thread) never threads; a closed one opens anew
    if (!incident || incident.teamId !== mailbox.teamId || incident.status === 'closed') continue
    return { id: incident.id, customerId: incident.customerId }
  }
  return null
}

/** Tells the team's sockets what just committed (SQLite; on PostgreSQL the trusted path NOTIFYs itself). */
export async function pokeAfter(
  deps: Pick<InboundDeps, 'db' | 'bus'>,
  mailbox: Pick<MailboxRef, 'teamId'>,
): Promise<void> {
  if (!deps.bus || deps.db.dialect === 'postgres') return
  const meta = await deps.db.read.selectFrom('meta').select('version').where('id', '=', 1).executeTakeFirst()
  if (meta) deps.bus.afterCommit({ version: Number(meta.version), teams: [mailbox.teamId], global: false })
}

export async function receiveMail(
  deps: InboundDeps,
  mailbox: MailboxRef,
  raw: Buffer | string,
): Promise<InboundOutcome> {
  const { db } = deps
  const now = deps.now()
  const at = now.toISOString()
  // a mail without a Message-ID is named by its content, so fetching it twice is still one entry
  const mail = await parseMail(raw, () => `${createHash('sha256').update(raw).digest('hex')}@caseload.no-id`)
  const messageId = mail.messageId
  const record = (disposition: string, extra: Partial<MailMessagesTable> = {}): MailMessagesTable => ({
    message_id: messageId,
    mailbox_id: mailbox.id,
    direction: 'in',
    disposition,
    incident_id: null,
    event_id: null,
    created_at: at,
    ...extra,
  })

  const seen = await db.write
    .selectFrom('mail_messages')
    .select('message_id')
    .where('message_id', '=', messageId)
    .executeTakeFirst()
  if (seen) return { disposition: 'duplicate', messageId }

  // our own mail coming back (a copy in the inbox, a loop through a forwarder)
  if (mail.from?.address === mailbox.address) {
    await recordMessage(db.write, record('own'))
    return { disposition: 'own', messageId }
  }
  const kind = classifyMail(mail)
  if (kind !== 'person' || !mail.from) {
    const disposition = kind === 'person' ? 'bounce' : kind
    await recordMessage(db.write, record(disposition))
    return { disposition, messageId }
  }
  const from = mail.from
  const principal = mailPrincipal(mailbox)
  const kept = await keepMailAttachments(deps, messageId, mail.attachments)
  // the parts become attachments of the customer in the transaction that puts the mail on its incident
  const attachmentsOf = (customerId: string) => (trx: Transaction<Database>) =>
    recordMailAttachments(trx, kept, { customerId, by: principal.userId, at: now })
  const run = {
    principal,
    clientId: `mail:${messageId}`,
    now,
    registry: serverMutators,
  }
  const receive = (incidentId: string, opened: boolean): MutationCall => ({
    name: 'mail.receive',
    mv: 1,
    args: {
      incidentId,
      messageId,
      from,
      subject: mail.subject,
      text: mail.text,
      html: mail.html,
      receivedAt: at,
      opened,
      ...receiveAttachmentArgs(kept),
    },
  })

  const thread = await threadOf(db, mailbox, mail)
  if (thread) {
    const fromContact = (await contactsByAddress(db, mailbox.teamId, from.address)).some(
      (c) => c.customerId === thread.customerId,
    )
    if (fromContact) {
      await applyAllOrNothing(
        db,
        {
          ...run,
          beforeCalls: attachmentsOf(thread.customerId),
          alsoInTransaction: (trx) => recordMessage(trx, record('reply', { incident_id: thread.id })),
        },
        [receive(thread.id, false)],
      )
      await pokeAfter(deps, mailbox)
      return { disposition: 'reply', messageId, incidentId: thread.id }
    }
  }

  const [contact] = await contactsByAddress(db, mailbox.teamId, from.address)
  if (!contact) {
    await db.write.transaction().execute(async (trx) => {
      await trx
        .insertInto('mail_unmatched')
        .values({
          id: derivedId(`mail-unmatched:${messageId}`),
          team_id: mailbox.teamId,
          mailbox_id: mailbox.id,
          message_id: messageId,
          from_address: from.address,
          from_name: from.name,
          subject: mail.subject,
          text: mail.text,
          html: mail.html,
          received_at: at,
          incident_id: null,
          attached_at: null,
          attached_by: null,
          attachments: serialiseKept(kept),
        })
        .onConflict((oc) => oc.column('message_id').doNothing())
        .execute()
      await recordMessage(trx, record('unmatched'))
    })
    return { disposition: 'unmatched', messageId }
  }

  const incidentId = derivedId(`mail-incident:${messageId}`)
  const flags = await applyAllOrNothing(
    db,
    {
      ...run,
      beforeCalls: attachmentsOf(contact.customerId),
      alsoInTransaction: (trx) => recordMessage(trx, record('incident', { incident_id: incidentId })),
    },
    [
      openCall(incidentId, contact, await licenseForMail(db, contact.customerId, at.slice(0, 10)), mail),
      receive(incidentId, true),
    ],
  )
  await pokeAfter(deps, mailbox)
  return { disposition: 'incident', messageId, incidentId, flags: flags[0] ?? [] }
}

/** incident.open for a mail: the subject and the customer's words; severity and category for triage. */
export function openCall(
  incidentId: string,
  contact: { id: string; customerId: string },
  licenseId: string | null,
  mail: Pick<ParsedInbound, 'subject' | 'text'>,
): MutationCall {
  const subject = mail.subject.trim().slice(0, 300) || '(no subject)'
  return {
    name: 'incident.open',
    mv: 1,
    args: {
      id: incidentId,
      customerId: contact.customerId,
      contactId: contact.id,
      licenseId,
      subject,
      description: mail.text.slice(0, 100_000),
      severity: 'standard',
      category: 'question',
    },
  }
}

/** For tests and the bench: how many incidents mail opened (the mail_messages ledger). */
export async function countDispositions(db: Db): Promise<Record<string, number>> {
  const rows = await sql<{ disposition: string; n: number | string }>`
    select disposition, count(*) as n from mail_messages group by disposition`.execute(db.read)
  return Object.fromEntries(rows.rows.map((r) => [r.disposition, Number(r.n)]))
}
