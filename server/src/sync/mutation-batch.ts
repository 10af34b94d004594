/**
 * One batch of mutations run inside one write transaction: what every server write of synced rows shares, a push
 * (push.ts) and a trusted load (apply-trusted.ts: the demo, CSV imports, mail) alike. It owns
 *  - the version lock: the counter's row is read first (`for update` on PostgreSQL; SQLite's BEGIN IMMEDIATE
 *    already holds the write lock), so batches are serialised, every mutator reads the previous commit (P5) and
 *    versions follow commits; versions are then counted in memory and written back once (BatchVersions),
 *  - the store set-up: one SqlStore per mutation over the same runner, version allocator, prefetched rows
 *    (PostgreSQL, row-cache.ts) and users read so far,
 *  - the audit: one entry per mutation outcome, written with the batch,
 *  - the poke: the teams whose customers' rows changed, published inside the transaction (pg_notify on
 *    PostgreSQL) and returned for delivery after the commit (SQLite).
 * What differs stays with the callers: a push replays stored results, parks refusals and records conflicts; a
 * trusted load throws on the first refusal so its transaction rolls back.
 */
import type { Transaction } from 'kysely'
import type { Store, UserFacts } from '@shared/mutations/store'
import type { MutationCall, MutationContext, MutationOutcome } from '@shared/mutations/types'
import { auditMany, type AuditEntry } from '../audit/audit'
import type { Principal } from '../auth/principal'
import type { Db } from '../db/connect'
import type { Database } from '../db/schema'
import {
  prepared,
  run,
  runRows,
  sqliteRunner,
  statement,
  type QueryRunner,
  type Statement,
} from '../db/statements'
import type { PokeBus } from './poke-bus'
import { notifyInTransaction } from './poke-bus'
import type { PokeEvent } from './poke-hub'
import { idsNamedIn, RowCache } from './row-cache'
import { BatchVersions, SqlStore } from './sql-store'

/** how a mutation is run on a store (the server's runner resolves the call in its registry) */
export type MutationRunner = (
  store: Store,
  call: MutationCall,
  ctx: MutationContext,
) => Promise<MutationOutcome>

/**
 * Runs inside the batch's transaction after each applied mutation, with its store (the mail outbox queues an
 * answer to the customer here, so it commits or rolls back with the comment).
 */
export type AfterApplied = (hook: {
  trx: Transaction<Database>
  store: SqlStore
  call: MutationCall
  ctx: MutationContext
  now: Date
}) => Promise<void>

/** who runs the batch, as whom it is audited, and when */
export interface BatchIdentity {
  principal: Principal
  /** the pushing client, or the source of a trusted load (e.g. "cli:import") */
  clientId: string
  /** the batch's one instant (ISO-8601): every mutation of it runs at this `now` */
  at: string
  /** the caller's address, for the audit log (none for a command run on the server) */
  ip?: string | null
}

/** one mutation's outcome and the version its writes carry (undefined: it wrote nothing) */
export interface BatchStep {
  outcome: MutationOutcome
  version: number | undefined
}

/** the version counter; on PostgreSQL its row lock serialises writers (SQLite's BEGIN IMMEDIATE already does) */
const readCounter = prepared({
  sqlite: 'select version from meta where id = 1',
  postgres: 'select version from meta where id = 1 for update',
})
const writeCounter = statement('update meta set version = ? where id = 1')
const teamsOfCache = new Map<number, Statement>()
/** the teams of n customers */
function teamsOf(n: number): Statement {
  let s = teamsOfCache.get(n)
  if (!s) {
    s = statement(
      `select distinct team_id from customers where id in (${Array.from({ length: n }, () => '?').join(', ')})`,
    )
    teamsOfCache.set(n, s)
  }
  return s
}

function auditAction(outcome: MutationOutcome): string {
  if (outcome.status === 'applied') return outcome.flags.length > 0 ? 'flagged' : 'applied'
  return outcome.status
}

export class MutationBatch {
  private rowCache: RowCache | undefined
  /** nothing in a batch changes users, so an answer holds for the whole transaction */
  private readonly users = new Map<string, Promise<UserFacts | null>>()
  private readonly audits: AuditEntry[] = []
  private readonly touchedCustomers = new Set<string | null>()
  private readonly touchedTeams = new Set<string>()
  private lastVersion = 0

  private constructor(
    private readonly db: Db,
    readonly trx: Transaction<Database>,
    /**
     * what runs the hand-written statements: on SQLite the write connection's direct runner (db/statements.ts
     * sqliteRunner: same connection, same transaction, without Kysely's per-query cost), else the transaction
     */
    readonly runner: QueryRunner,
    private readonly versions: BatchVersions,
    private readonly who: BatchIdentity,
  ) {}

  /**
   * Takes the version counter's lock, before anything else is read in `trx`: from here on no other writer can
   * change a synced row or take a version until this transaction ends.
   */
  static async begin(db: Db, trx: Transaction<Database>, who: BatchIdentity): Promise<MutationBatch> {
    const runner: QueryRunner = db.dialect === 'sqlite' && db.sqlite ? sqliteRunner(db.sqlite) : trx
    const [counter] = await runRows<{ version: number | string }>(runner, db.dialect, readCounter, [])
    if (!counter) throw new Error('meta row missing')
    return new MutationBatch(db, trx, runner, new BatchVersions(Number(counter.version)), who)
  }

  /**
   * PostgreSQL: reads the rows the coming mutations name in their args in one round trip (row-cache.ts says why
   * that is sound under the counter's lock). SQLite runs in-process: each get is cheaper than one read of all.
   */
  async prefetch(args: readonly unknown[]): Promise<void> {
    if (this.db.dialect !== 'postgres') return
    this.rowCache = await RowCache.prefetch(this.runner, this.db.dialect, idsNamedIn(args))
  }

  /** the last version taken so far (the counter as it was if none): a conflict that wrote nothing is filed here */
  get latestVersion(): number {
    return this.versions.latest
  }

  /** the context mutation `mid` of this batch runs in (at the batch's instant unless given its own) */
  context(mid: number, at: string = this.who.at): MutationContext {
    const { principal, clientId } = this.who
    return {
      userId: principal.userId,
      role: principal.role,
      teamIds: principal.teamIds,
      now: at,
      clientId,
      mid,
    }
  }

  /**
   * Runs one mutation on a fresh store of this batch. A refusal writes nothing (the store buffers writes until
   * the outcome is known); anything else is written, then `after` runs with the same store. A throw (a mutator
   * bug or a database error) propagates: the caller decides between rolling back and parking it.
   * The outcome is audited. `options.at`: this mutation's own instant (a load that replays history).
   */
  async apply(
    call: MutationCall & { at?: string },
    mid: number,
    runMutation: MutationRunner,
    options: { after?: AfterApplied; at?: string } = {},
  ): Promise<BatchStep> {
    const { after, at = this.who.at } = options
    const store = new SqlStore(this.trx, {
      dialect: this.db.dialect,
      principal: this.who.principal,
      versions: this.versions,
      runner: this.runner,
      rowCache: this.rowCache,
      users: this.users,
    })
    const ctx = this.context(mid, at)
    const outcome = await runMutation(store, { name: call.name, mv: call.mv, args: call.args }, ctx)
    let version: number | undefined
    if (outcome.status !== 'rejected') {
      await store.writeBuffered()
      if (after) await after({ trx: this.trx, store, call, ctx, now: new Date(at) })
      for (const c of store.touchedCustomers) this.touchedCustomers.add(c)
      for (const t of store.touchedTeams) this.touchedTeams.add(t)
      version = store.writtenVersion
      if (version !== undefined) this.lastVersion = version
    }
    this.audit(call, mid, outcome, version, at)
    return { outcome, version }
  }

  /** Audits an outcome decided without running the mutator (a push parks a mutation that crashed its mutator). */
  record(call: MutationCall & { at?: string }, mid: number, outcome: MutationOutcome): void {
    this.audit(call, mid, outcome, undefined, this.who.at)
  }

  private audit(
    call: MutationCall & { at?: string },
    mid: number,
    outcome: MutationOutcome,
    version: number | undefined,
    at: string,
  ): void {
    const { principal, clientId, ip } = this.who
    this.audits.push({
      kind: 'mutation',
      action: auditAction(outcome),
      at,
      userId: principal.userId,
      username: principal.username,
      clientId,
      mid,
      mutation: `${call.name}@${call.mv}`,
      ip: ip ?? null,
      detail: {
        ...(call.at !== undefined ? { clientAt: call.at } : {}),
        args: call.args,
        ...(outcome.status === 'rejected'
          ? { error: outcome.error }
          : { flags: outcome.flags, reasons: outcome.reasons }),
        ...(version !== undefined ? { version } : {}),
      },
    })
  }

  /**
   * Writes the counter and the audit entries, and publishes the poke inside the transaction: `bus` when the
   * batch runs in the serving process; without one (a command of its own) PostgreSQL's NOTIFY still reaches every
   * server that listens. Returns the poke to deliver after the commit (`bus.afterCommit`), if anything changed.
   */
  async finish(bus?: PokeBus): Promise<PokeEvent | undefined> {
    const { dialect } = this.db
    if (this.versions.changed !== undefined)
      await run(this.runner, dialect, writeCounter, [this.versions.changed])
    await auditMany(this.runner, dialect, this.audits)
    if (this.lastVersion === 0) return undefined
    const poke = await this.poke()
    if (bus) await bus.publishInTransaction(this.trx, poke)
    else if (dialect === 'postgres') await notifyInTransaction(this.trx, poke)
    return poke
  }

  /** the teams of the customers whose rows changed, and whether an organisation-wide row did */
  private async poke(): Promise<PokeEvent> {
    const ids = [...this.touchedCustomers].filter((c): c is string => c !== null)
    const teams = new Set(this.touchedTeams)
    for (let i = 0; i < ids.length; i += 500) {
      const chunk = ids.slice(i, i + 500)
      const rows = await runRows<{ team_id: string | null }>(
        this.runner,
        this.db.dialect,
        teamsOf(chunk.length),
        chunk,
      )
      for (const r of rows) if (r.team_id !== null) teams.add(r.team_id)
    }
    return { version: this.lastVersion, teams: [...teams], global: this.touchedCustomers.has(null) }
  }
}
