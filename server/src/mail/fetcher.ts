/**
 * IMAP in (imapflow). Each mailbox keeps one connection with INBOX open: IMAP IDLE tells us of new mail at once
 * ('exists'), and a poll every `pollMs` covers servers without IDLE and missed notifications. What has been read
 * is a UID cursor per mailbox, valid under one UIDVALIDITY (a new UIDVALIDITY starts over from UID 1; the
 * Message-ID dedupe makes that safe). A message is marked \Seen and the cursor moves only after its outcome has
 * committed: a crash in between fetches it again, and it is then a duplicate, never lost.
 */
import { ImapFlow, type ImapFlowOptions } from 'imapflow'
import type { MailboxStatus } from '@shared/protocol/mail-admin'
import type { Db } from '../db/connect'
import type { MailboxConnection } from './mailboxes'
import { receiveMail, type InboundDeps, type InboundOutcome } from './inbound'
import { OnePassAtATime } from './one-pass-at-a-time'

export interface FetchLog {
  info(obj: object, msg: string): void
  warn(obj: object, msg: string): void
  error(obj: object, msg: string): void
}

export function imapClient(
  conn: MailboxConnection,
  extra: Pick<ImapFlowOptions, 'connectionTimeout' | 'greetingTimeout' | 'socketTimeout'> = {},
): ImapFlow {
  return new ImapFlow({
    host: conn.imap.host,
    port: conn.imap.port,
    secure: conn.imap.tls,
    auth: { user: conn.imap.user, pass: conn.imap.password },
    // imapflow's own logger would print the protocol, including AUTHENTICATE: ours says what matters
    logger: false,
    emitLogs: false,
    ...extra,
  })
}

async function readCursor(db: Db, mailboxId: string, uidValidity: string): Promise<number> {
  const row = await db.write
    .selectFrom('mail_cursors')
    .selectAll()
    .where('mailbox_id', '=', mailboxId)
    .executeTakeFirst()
  return row && row.uid_validity === uidValidity ? Number(row.last_uid) : 0
}

async function writeCursor(db: Db, mailboxId: string, uidValidity: string, lastUid: number): Promise<void> {
  await db.write
    .insertInto('mail_cursors')
    .values({ mailbox_id: mailboxId, uid_validity: uidValidity, last_uid: lastUid })
    .onConflict((oc) => oc.column('mailbox_id').doUpdateSet({ uid_validity: uidValidity, last_uid: lastUid }))
    .execute()
}

/**
 * Reads every message after the cursor on an open client (INBOX selected), in UID order, `batch` at a time
 * (imapflow allows no other command while a FETCH streams, so a batch is read whole, then applied).
 */
export async function fetchNew(
  deps: InboundDeps,
  conn: MailboxConnection,
  client: ImapFlow,
  batch = 200,
): Promise<InboundOutcome[]> {
  const box = client.mailbox
  if (!box) throw new Error('fetchNew: no mailbox selected')
  const uidValidity = String(box.uidValidity)
  const outcomes: InboundOutcome[] = []
  for (;;) {
    let last = await readCursor(deps.db, conn.id, uidValidity)
    const messages: { uid: number; source: Buffer }[] = []
    for await (const m of client.fetch(
      `${last + 1}:${last + batch}`,
      { uid: true, source: true },
      { uid: true },
    )) {
      if (m.uid > last && m.source) messages.push({ uid: m.uid, source: m.source })
    }
    if (messages.length === 0) {
      // `N:M` past the last UID matches nothing; a gap in UIDs longer than a batch is skipped here
      const next = box.uidNext ? Number(box.uidNext) : last + 1
      if (next - 1 > last + batch) {
        await writeCursor(deps.db, conn.id, uidValidity, Math.min(next - 1, last + batch))
        continue
      }
      return outcomes
    }
    messages.sort((a, b) => a.uid - b.uid)
    // \Seen and the cursor once per batch, for the mails already committed (also when one fails): a round trip
    // and a commit per mail were half the inbound time, and a crash before them only refetches committed mail,
    // which Message-ID dedupe turns into nothing
    const done: number[] = []
    try {
      for (const m of messages) {
        outcomes.push(await receiveMail(deps, conn, m.source))
        done.push(m.uid)
      }
    } finally {
      if (done.length > 0) {
        await client.messageFlagsAdd(done.join(','), ['\\Seen'], { uid: true })
        last = done[done.length - 1]!
        await writeCursor(deps.db, conn.id, uidValidity, last)
      }
    }
  }
}

/** Connects, reads what is new, logs out: the CLI's `mailbox test`, the tests and the bench. */
export async function fetchOnce(deps: InboundDeps, conn: MailboxConnection): Promise<InboundOutcome[]> {
  const client = imapClient(conn)
  await client.connect()
  try {
    await client.mailboxOpen('INBOX')
    return await fetchNew(deps, conn, client)
  } finally {
    await client.logout().catch(() => undefined)
  }
}

/** One mailbox's long-lived reader: IDLE, a fallback poll, reconnection with backoff. */
export class MailboxWatcher {
  private client: ImapFlow | undefined
  private stopped = false
  private readonly fetches = new OnePassAtATime(
    () => this.fetchPass(),
    () => this.stopped,
  )
  private pollTimer: NodeJS.Timeout | undefined
  private retryTimer: NodeJS.Timeout | undefined
  private failures = 0
  private status: MailboxStatus = {
    state: 'connecting',
    lastFetchAt: null,
    lastError: null,
    lastErrorAt: null,
  }

  constructor(
    private readonly deps: InboundDeps & { log: FetchLog },
    private readonly conn: MailboxConnection,
    private readonly pollMs = 60_000,
  ) {}

  /** how reading this mailbox goes, for the admins' mailbox list (no secret: see `secretFree`) */
  getStatus(): MailboxStatus {
    return { ...this.status }
  }

  private failed(error: unknown): void {
    this.status = {
      ...this.status,
      state: 'failing',
      lastError: secretFree(errorText(error), this.conn),
      lastErrorAt: this.deps.now().toISOString(),
    }
  }

  start(): void {
    void this.connect()
    this.pollTimer = setInterval(() => this.kick(), this.pollMs)
    this.pollTimer.unref()
  }

  /** fetch now (or right after the fetch under way) */
  kick(): void {
    if (this.stopped || !this.client?.usable) return
    this.fetches.kick()
  }

  private async fetchPass(): Promise<void> {
    try {
      const outcomes = await fetchNew(this.deps, this.conn, this.client!)
      this.status = { ...this.status, state: 'watching', lastFetchAt: this.deps.now().toISOString() }
      if (outcomes.length > 0)
        this.deps.log.info({ mailbox: this.conn.address, mails: outcomes.length }, 'mail fetched')
    } catch (error) {
      this.failed(error)
      this.deps.log.error({ mailbox: this.conn.address, err: errorText(error) }, 'mail fetch failed')
    }
  }

  private async connect(): Promise<void> {
    if (this.stopped) return
    const client = imapClient(this.conn)
    client.on('error', (error: unknown) =>
      this.deps.log.warn({ mailbox: this.conn.address, err: errorText(error) }, 'IMAP connection error'),
    )
    client.on('exists', () => this.kick())
    client.on('close', () => {
      if (this.client === client) this.client = undefined
      if (this.status.state === 'watching') this.status = { ...this.status, state: 'connecting' }
      this.retry()
    })
    try {
      await client.connect()
      await client.mailboxOpen('INBOX')
      this.client = client
      this.failures = 0
      this.status = { ...this.status, state: 'watching' }
      this.kick()
    } catch (error) {
      this.failed(error)
      this.deps.log.warn({ mailbox: this.conn.address, err: errorText(error) }, 'IMAP connect failed')
      client.close()
    }
  }

  private retry(): void {
    if (this.stopped || this.retryTimer) return
    const delay = Math.min(60_000, 1000 * 2 ** this.failures++)
    this.retryTimer = setTimeout(() => {
      this.retryTimer = undefined
      void this.connect()
    }, delay)
    this.retryTimer.unref()
  }

  async stop(): Promise<void> {
    this.stopped = true
    clearInterval(this.pollTimer)
    clearTimeout(this.retryTimer)
    await this.fetches.settled()
    await this.client?.logout().catch(() => undefined)
  }
}

/** An error's message without anything a library may have attached (responses can echo the command sent). */
export function errorText(error: unknown): string {
  if (error instanceof Error) {
    const code = 'code' in error && typeof error.code === 'string' ? ` (${error.code})` : ''
    return `${error.message}${code}`
  }
  return String(error)
}

/**
 * A text about a mailbox with its passwords cut out: what a server answers can echo what it was sent, and such a
 * text goes to an admin's screen.
 */
export function secretFree(text: string, conn: MailboxConnection): string {
  let out = text
  for (const secret of [conn.imap.password, conn.smtp.password])
    if (secret) out = out.split(secret).join('[password]')
  return out
}
