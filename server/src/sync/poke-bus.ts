/**
 * How a commit's poke reaches the sockets. One process (SQLite): straight to the local hub after commit.
 * Several processes on one PostgreSQL: `pg_notify` inside the push transaction (PostgreSQL delivers it only if
 * the transaction commits), and every process, this one included, LISTENs and hands it to its own hub.
 */
import pg from 'pg'
import type { Kysely } from 'kysely'
import { sql } from 'kysely'
import type { Database } from '../db/schema'
import type { PokeEvent, PokeHub } from './poke-hub'

export const pokeChannel = 'caseload_poke'

/** PostgreSQL: queues `event` for every listening process; delivered only if the transaction commits */
export async function notifyInTransaction(trx: Kysely<Database>, event: PokeEvent): Promise<void> {
  await sql`select pg_notify(${pokeChannel}, ${JSON.stringify(event)})`.execute(trx)
}

export interface PokeBus {
  /** inside the transaction: queue the poke (PostgreSQL) */
  publishInTransaction(trx: Kysely<Database>, event: PokeEvent): Promise<void>
  /** after the commit: deliver it (SQLite) */
  afterCommit(event: PokeEvent): void
  close(): Promise<void>
}

export class LocalPokeBus implements PokeBus {
  constructor(private readonly hub: PokeHub) {}
  async publishInTransaction(): Promise<void> {}
  afterCommit(event: PokeEvent): void {
    this.hub.deliver(event)
  }
  async close(): Promise<void> {}
}

interface Logger {
  warn(obj: object, msg: string): void
}

export class PgPokeBus implements PokeBus {
  private client: pg.Client | undefined
  private closed = false
  private retryTimer: NodeJS.Timeout | undefined

  private constructor(
    private readonly url: string,
    private readonly hub: PokeHub,
    private readonly log: Logger,
  ) {}

  static async start(url: string, hub: PokeHub, log: Logger): Promise<PgPokeBus> {
    const bus = new PgPokeBus(url, hub, log)
    await bus.connect()
    return bus
  }

  private async connect(): Promise<void> {
    const client = new pg.Client({ connectionString: this.url })
    client.on('notification', (msg) => {
      if (msg.channel !== pokeChannel || !msg.payload) return
      try {
        this.hub.deliver(JSON.parse(msg.payload) as PokeEvent)
      } catch {
        this.log.warn({}, 'ignored a malformed poke notification')
      }
    })
    client.on('error', (error) => {
      // The listener died (database restart): reconnect with a delay. Clients pull on their own reconnect, so a
      // poke lost in between only delays an update.
      this.log.warn({ err: error.message }, 'poke listener lost its connection; reconnecting')
      this.scheduleReconnect()
    })
    await client.connect()
    await client.query(`LISTEN ${pokeChannel}`)
    this.client = client
  }

  private scheduleReconnect(): void {
    if (this.closed || this.retryTimer) return
    const old = this.client
    this.client = undefined
    void old?.end().catch(() => undefined)
    this.retryTimer = setTimeout(() => {
      this.retryTimer = undefined
      this.connect().catch(() => this.scheduleReconnect())
    }, 1000)
    this.retryTimer.unref()
  }

  publishInTransaction(trx: Kysely<Database>, event: PokeEvent): Promise<void> {
    return notifyInTransaction(trx, event)
  }

  afterCommit(): void {}

  async close(): Promise<void> {
    this.closed = true
    if (this.retryTimer) clearTimeout(this.retryTimer)
    await this.client?.end().catch(() => undefined)
  }
}
