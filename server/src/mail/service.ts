/**
 * The email channel of one server process: a watcher per mailbox (IMAP in) and the outbox sender (SMTP out).
 * `CASELOAD_MAIL=off` runs neither (the outbox still queues: another process, or a later start, sends).
 * `CASELOAD_TEST_MAIL_HOLD=1` is a fault-injection hook for the crash test: replies are queued but not sent,
 * so the test can kill the process between the commit and the send. Never set in production.
 */
import type { MailboxStatus } from '@shared/protocol/mail-admin'
import type { Db } from '../db/connect'
import type { PokeBus } from '../sync/poke-bus'
import type { MailStorage } from './attachments'
import { MailboxWatcher, type FetchLog } from './fetcher'
import { mailboxConnections } from './mailboxes'
import type { SecretBox } from './secrets'
import { MailSender, type SenderOptions } from './sender'

export interface MailOptions {
  box: SecretBox
  /** read mailboxes (default true) */
  fetch?: boolean
  /** send the outbox (default true) */
  send?: boolean
  /** the fallback poll of every mailbox, besides IDLE */
  pollMs?: number
  sender?: SenderOptions
}

export class MailService {
  readonly sender: MailSender
  private watchers = new Map<string, MailboxWatcher>()
  private started = false

  constructor(
    private readonly deps: { db: Db; bus: PokeBus; now: () => Date; log: FetchLog } & MailStorage,
    readonly options: MailOptions,
  ) {
    this.sender = new MailSender({ ...deps, box: options.box }, options.sender)
  }

  async start(): Promise<void> {
    this.started = true
    if (this.options.send !== false) this.sender.start()
    await this.refresh()
  }

  /** after a mailbox was added or removed: watch exactly the configured ones */
  async refresh(): Promise<void> {
    if (!this.started || this.options.fetch === false) return
    const conns = await mailboxConnections(this.deps.db, this.options.box)
    const ids = new Set(conns.map((c) => c.id))
    for (const [id, w] of this.watchers) {
      if (!ids.has(id)) {
        this.watchers.delete(id)
        await w.stop()
      }
    }
    for (const conn of conns) {
      if (this.watchers.has(conn.id)) continue
      const w = new MailboxWatcher(this.deps, conn, this.options.pollMs)
      this.watchers.set(conn.id, w)
      w.start()
    }
  }

  /** how this process reads the mailbox; null when it reads none (CASELOAD_MAIL=off, or not started) */
  status(mailboxId: string): MailboxStatus | null {
    return this.watchers.get(mailboxId)?.getStatus() ?? null
  }

  /** a reply was queued: send it now rather than at the next tick */
  kickSender(): void {
    if (this.started && this.options.send !== false) this.sender.kick()
  }

  async stop(): Promise<void> {
    this.started = false
    await Promise.all([...this.watchers.values()].map((w) => w.stop()))
    this.watchers.clear()
    await this.sender.stop()
  }
}
