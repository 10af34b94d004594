/**
 * SMTP out (nodemailer). The sender claims due outbox rows (a lease: a row claimed by a process that died is
 * taken again once the lease lapses), sends each with its fixed Message-ID, In-Reply-To and References, and
 * records the outcomes with the events' delivery state in one transaction, which also claims the next batch.
 *
 * Guarantee: a queued reply is sent at least once and, but for one window, exactly once. A crash (or SIGKILL)
 * before the SMTP server accepted the message sends it after restart; one after acceptance and before "sent"
 * is recorded sends it again after the lease, as the SAME message (same Message-ID), which receiving systems
 * and mail clients treat as one. That window is the time between the server's "250" and our commit: the
 * outcomes of a batch are committed together once its last mail is answered (see `recordAndClaim`).
 *
 * Failures: a 5xx answer is permanent (failed, with the SMTP reason, until someone presses "retry"); anything
 * else (4xx, connection refused, timeout) is retried with exponential backoff, `maxAttempts` times in all.
 */
import { stat } from 'node:fs/promises'
import nodemailer, { type Transporter } from 'nodemailer'
import type Mail from 'nodemailer/lib/mailer'
import { sql, type Transaction } from 'kysely'
import { contentPath } from '../attachments/content'
import { attachmentMeta } from '../attachments/store'
import type { Db } from '../db/connect'
import type { Database, MailOutboxTable } from '../db/schema'
import type { PokeBus } from '../sync/poke-bus'
import { withEventMail, withEventsMail, type EventMailUpdate } from './event-state'
import { errorText, type FetchLog } from './fetcher'
import { mailboxConnection, type MailboxConnection } from './mailboxes'
import { OnePassAtATime } from './one-pass-at-a-time'
import { smtpOptions } from './smtp'
import type { SecretBox } from './secrets'

export interface SenderOptions {
  intervalMs?: number
  leaseMs?: number
  maxAttempts?: number
  batch?: number
  /** first retry after this, doubling each time (capped at an hour) */
  backoffMs?: number
}

export interface SenderDeps {
  db: Db
  /** where the attachment store keeps the files a reply carries */
  dataDir: string
  box: SecretBox
  bus?: PokeBus
  now: () => Date
  log: FetchLog
}

/**
 * The comment's files as mail attachments (name and media type as stored, read from the content store), or the
 * name of the first one this server does not hold yet: its upload is still on its way (or the data dir this
 * process reads lacks it), and the reply waits for it rather than go without it.
 */
export async function outgoingAttachments(
  db: Db,
  dataDir: string,
  row: Pick<MailOutboxTable, 'attachment_ids'>,
): Promise<{ files: Mail.Attachment[] } | { missing: string }> {
  const ids: unknown = row.attachment_ids ? JSON.parse(row.attachment_ids) : []
  const files: Mail.Attachment[] = []
  for (const id of Array.isArray(ids) ? ids : []) {
    if (typeof id !== 'string') continue
    const meta = await attachmentMeta(db, id)
    if (!meta) return { missing: `attachment ${id}` }
    const path = contentPath(dataDir, meta.sha256)
    const present = await stat(path).then(
      (s) => s.isFile() && s.size === meta.size,
      () => false,
    )
    if (!present) return { missing: meta.fileName }
    files.push({ filename: meta.fileName, contentType: meta.mediaType, path })
  }
  return { files }
}

/**
 * How the sender speaks to a mailbox's SMTP server: its settings (smtp.ts) over a pool of connections kept open
 * between mails (exported so the mail bench's baseline sends over exactly these).
 */
export function senderTransportOptions(conn: MailboxConnection) {
  // nodemailer's own idle limit is 10 minutes, far past the 120 s lease: a hung send would let another process
  // claim the row and send it again. With these, a batch (20 mails over 4 pooled connections, 5 each) ends, sent
  // or failed, well inside its lease.
  return {
    ...smtpOptions(conn, { connectionTimeout: 10_000, greetingTimeout: 10_000, socketTimeout: 15_000 }),
    pool: true as const,
    maxConnections: 4,
  }
}

interface SendFailure {
  permanent: boolean
  reason: string
}

/** what became of one claimed row: accepted by the SMTP server (no failure), or why not */
interface SendOutcome {
  row: MailOutboxTable
  failure?: SendFailure
}

export class MailSender {
  private readonly transports = new Map<
    string,
    Promise<{ conn: MailboxConnection; transport: Transporter }>
  >()
  private timer: NodeJS.Timeout | undefined
  private stopped = false
  private readonly runs = new OnePassAtATime(
    () => this.sendPass(),
    () => this.stopped,
  )
  private readonly o: Required<SenderOptions>

  constructor(
    private readonly deps: SenderDeps,
    options: SenderOptions = {},
  ) {
    this.o = {
      intervalMs: options.intervalMs ?? 1000,
      leaseMs: options.leaseMs ?? 120_000,
      maxAttempts: options.maxAttempts ?? 5,
      batch: options.batch ?? 20,
      backoffMs: options.backoffMs ?? 30_000,
    }
  }

  start(): void {
    this.timer = setInterval(() => this.kick(), this.o.intervalMs)
    this.timer.unref()
    this.kick()
  }

  /** send what is due now (or right after the run under way) */
  kick(): void {
    if (this.stopped) return
    this.runs.kick()
  }

  private async sendPass(): Promise<void> {
    try {
      let outcomes: SendOutcome[] = []
      for (;;) {
        // one transaction records the last batch's outcomes and claims the next: one commit per batch
        const rows = await this.recordAndClaim(outcomes, this.stopped ? 0 : this.o.batch)
        if (rows.length === 0) break
        const sent = await Promise.all(rows.map((r) => this.send(r)))
        // a reply waiting for its attachment was put back in the queue by send itself
        outcomes = sent.filter((o): o is SendOutcome => o !== undefined)
      }
    } catch (error) {
      this.deps.log.error({ err: errorText(error) }, 'mail sender failed')
    }
  }

  async stop(): Promise<void> {
    this.stopped = true
    clearInterval(this.timer)
    await this.runs.settled()
    const transports = await Promise.allSettled(this.transports.values())
    for (const t of transports) if (t.status === 'fulfilled') t.value.transport.close()
    this.transports.clear()
  }

  /**
   * Records what became of the rows sent last (with their events' delivery state) and claims up to `limit` due
   * rows, in one transaction. One commit per mail made the commits, not SMTP, the sender's limit: on SQLite each
   * waits for an fsync and blocks the event loop meanwhile, and on both it queues behind the pushes.
   */
  private async recordAndClaim(outcomes: readonly SendOutcome[], limit: number): Promise<MailOutboxTable[]> {
    if (outcomes.length === 0 && limit === 0) return []
    const now = this.deps.now()
    const recorded = this.outcomeWrites(outcomes, now)
    let claimed: MailOutboxTable[] = []
    await withEventsMail(this.deps.db, this.deps.bus, recorded.events, async (trx) => {
      await recorded.write(trx)
      if (limit > 0) claimed = await this.claim(trx, now, limit)
    })
    return claimed
  }

  private async claim(trx: Transaction<Database>, now: Date, limit: number): Promise<MailOutboxTable[]> {
    const at = now.toISOString()
    const until = new Date(now.getTime() + this.o.leaseMs).toISOString()
    const lock = this.deps.db.dialect === 'postgres' ? sql`for update skip locked` : sql``
    const due = await sql<{ event_id: string }>`
      select event_id from mail_outbox
      where (state = 'queued' and next_attempt_at <= ${at}) or (state = 'sending' and claimed_until < ${at})
      order by queued_ms limit ${limit} ${lock}`.execute(trx)
    const ids = due.rows.map((r) => r.event_id)
    if (ids.length === 0) return []
    await trx
      .updateTable('mail_outbox')
      .set((eb) => ({ state: 'sending', claimed_until: until, attempts: eb('attempts', '+', 1) }))
      .where('event_id', 'in', ids)
      .execute()
    return trx.selectFrom('mail_outbox').selectAll().where('event_id', 'in', ids).execute()
  }

  /**
   * The mailbox's pooled transport, made once: the promise is what is kept, so the sends of a first batch, which
   * all ask at once, share one pool instead of each opening (and leaking) its own.
   */
  private transportFor(mailboxId: string): Promise<{ conn: MailboxConnection; transport: Transporter }> {
    const cached = this.transports.get(mailboxId)
    if (cached) return cached
    const made = (async () => {
      const conn = await mailboxConnection(this.deps.db, this.deps.box, mailboxId)
      if (!conn) throw new Error('the mailbox of this reply was removed')
      return { conn, transport: nodemailer.createTransport(senderTransportOptions(conn)) }
    })()
    this.transports.set(mailboxId, made)
    // a mailbox that could not be read is asked for again next time
    made.catch(() => this.transports.delete(mailboxId))
    return made
  }

  /** one claimed row to the SMTP server: its outcome, or nothing when it went back to wait for a file */
  private async send(row: MailOutboxTable): Promise<SendOutcome | undefined> {
    const attached = await outgoingAttachments(this.deps.db, this.deps.dataDir, row)
    if ('missing' in attached) {
      await this.waitForAttachment(row, attached.missing)
      return undefined
    }
    let failure: SendFailure | undefined
    try {
      const { conn, transport } = await this.transportFor(row.mailbox_id)
      await transport.sendMail({
        from: conn.displayName ? { name: conn.displayName, address: conn.address } : conn.address,
        to: row.to_address,
        subject: row.subject,
        text: row.body,
        messageId: `<${row.message_id}>`,
        ...(row.in_reply_to ? { inReplyTo: row.in_reply_to } : {}),
        ...(row.refs ? { references: row.refs } : {}),
        ...(attached.files.length > 0 ? { attachments: attached.files } : {}),
      })
    } catch (error) {
      const code =
        error instanceof Error && 'responseCode' in error && typeof error.responseCode === 'number'
          ? error.responseCode
          : undefined
      const response =
        error instanceof Error && 'response' in error && typeof error.response === 'string'
          ? error.response
          : errorText(error)
      failure = { permanent: code !== undefined && code >= 500, reason: response.slice(0, 500) }
    }
    return failure ? { row, failure } : { row }
  }

  /** the outbox rows' and events' new states for these outcomes (failures are logged here) */
  private outcomeWrites(
    outcomes: readonly SendOutcome[],
    now: Date,
  ): { events: EventMailUpdate[]; write(trx: Transaction<Database>): Promise<void> } {
    const at = now.toISOString()
    const events: EventMailUpdate[] = []
    const sent: string[] = []
    const failed: Array<{ eventId: string; giveUp: boolean; next: string; reason: string }> = []
    for (const { row, failure } of outcomes) {
      const base = { messageId: row.message_id, to: row.to_address, at, attempts: row.attempts }
      if (!failure) {
        sent.push(row.event_id)
        events.push({ eventId: row.event_id, mail: { ...base, state: 'sent', error: null } })
        continue
      }
      const giveUp = failure.permanent || row.attempts >= this.o.maxAttempts
      const next = new Date(
        now.getTime() + Math.min(3_600_000, this.o.backoffMs * 2 ** (row.attempts - 1)),
      ).toISOString()
      this.deps.log.warn(
        { eventId: row.event_id, attempts: row.attempts, reason: failure.reason, final: giveUp },
        'mail not sent',
      )
      failed.push({ eventId: row.event_id, giveUp, next: giveUp ? at : next, reason: failure.reason })
      events.push({
        eventId: row.event_id,
        mail: giveUp
          ? { ...base, state: 'failed', error: failure.reason, nextAttemptAt: null }
          : { ...base, state: 'retrying', error: failure.reason, nextAttemptAt: next },
      })
    }
    return {
      events,
      async write(trx) {
        if (sent.length > 0)
          await trx
            .updateTable('mail_outbox')
            .set({ state: 'sent', sent_at: at, claimed_until: null, last_error: null })
            .where('event_id', 'in', sent)
            .execute()
        for (const f of failed)
          await trx
            .updateTable('mail_outbox')
            .set({
              state: f.giveUp ? 'failed' : 'queued',
              next_attempt_at: f.next,
              claimed_until: null,
              last_error: f.reason,
            })
            .where('event_id', '=', f.eventId)
            .execute()
      },
    }
  }

  /**
   * A file of the reply is not on the server yet: nothing is sent, the timeline says what it waits for, and it
   * is tried again later. Waiting uses up none of the SMTP attempts and never fails the reply.
   */
  private async waitForAttachment(row: MailOutboxTable, fileName: string): Promise<void> {
    const now = this.deps.now()
    const at = now.toISOString()
    const next = new Date(now.getTime() + Math.min(300_000, this.o.backoffMs)).toISOString()
    const reason = `Waiting for the attachment ${fileName} to reach the server; the reply is sent with it.`
    this.deps.log.info({ eventId: row.event_id, reason }, 'mail waits for an attachment')
    const attempts = Math.max(0, row.attempts - 1)
    const requeue = (trx: Transaction<Database>) =>
      trx
        .updateTable('mail_outbox')
        .set({ state: 'queued', attempts, next_attempt_at: next, claimed_until: null, last_error: reason })
        .where('event_id', '=', row.event_id)
        .execute()
    // still waiting for the same file: the timeline already says so (no new version for every client)
    if (row.last_error === reason) {
      await this.deps.db.write.transaction().execute(requeue)
      return
    }
    await withEventMail(
      this.deps.db,
      this.deps.bus,
      row.event_id,
      {
        state: 'retrying',
        messageId: row.message_id,
        to: row.to_address,
        at,
        attempts,
        error: reason,
        nextAttemptAt: next,
      },
      async (trx) => {
        await requeue(trx)
      },
    )
  }
}

/** "Retry" on a failed reply: queued again now, attempts counted afresh. False if it is not failed. */
export async function retryReply(
  deps: Pick<SenderDeps, 'db' | 'bus' | 'now'>,
  eventId: string,
): Promise<boolean> {
  const row = await deps.db.write
    .selectFrom('mail_outbox')
    .selectAll()
    .where('event_id', '=', eventId)
    .executeTakeFirst()
  if (!row || row.state !== 'failed') return false
  const at = deps.now().toISOString()
  await withEventMail(
    deps.db,
    deps.bus,
    eventId,
    { state: 'queued', messageId: row.message_id, to: row.to_address, at, attempts: 0, error: null },
    async (trx) => {
      await trx
        .updateTable('mail_outbox')
        .set({ state: 'queued', attempts: 0, next_attempt_at: at, last_error: null, claimed_until: null })
        .where('event_id', '=', eventId)
        .where('state', '=', 'failed')
        .execute()
    },
  )
  return true
}
