/**
 * Server-side loads (the demo, CSV imports) run the same mutators as a push, through applyMutation on a
 * SqlStore, so the rows are exactly what the app would have written. Unlike a push they are all-or-nothing:
 * one refused mutation rolls back the whole transaction and names the item that failed. Each applied mutation
 * is audited like a pushed one; on PostgreSQL running servers get a poke through NOTIFY at commit.
 */
import { sql } from 'kysely'
import { applyMutation } from '@shared/mutations/apply'
import type { MutatorRegistry } from '@shared/mutations/registry'
import type { MutationCall, MutationError } from '@shared/mutations/types'
import type { Transaction } from 'kysely'
import type { Database } from '../db/schema'
import { auditMany, type AuditEntry } from '../audit/audit'
import type { Principal } from '../auth/principal'
import type { Db } from '../db/connect'
import { sqliteRunner, type QueryRunner } from '../db/statements'
import { pokeChannel } from './poke-bus'
import { idsNamedIn, RowCache } from './row-cache'
import { BatchVersions, SqlStore } from './sql-store'

export class TrustedApplyError extends Error {
  constructor(
    readonly index: number,
    readonly error: MutationError,
  ) {
    super(error.message)
    this.name = 'TrustedApplyError'
  }
}

export interface TrustedRun {
  principal: Principal
  /** identifies the source in the audit log, e.g. "cli:import" */
  clientId: string
  now: Date
  /**
   * The instant of each call (by index) when a load replays history: the demo opens, answers and resolves its
   * incidents at the times they happened, so deadlines, late answers and the audit read as they would have.
   */
  nowOf?: (index: number) => Date
  /** the mutators to resolve calls in (default: the clients' registry); the mail fetcher adds server-only ones */
  registry?: MutatorRegistry
  /** writes the calls rely on, in their transaction (e.g. the mail's attachment rows mail.receive checks) */
  beforeCalls?: (trx: Transaction<Database>) => Promise<void>
  /** more writes that commit or roll back with the calls (e.g. the mail fetcher's Message-ID record) */
  alsoInTransaction?: (trx: Transaction<Database>, flags: string[][]) => Promise<void>
}

/** Applies `calls` in one transaction; returns the flags each one got. Throws TrustedApplyError on a refusal. */
export async function applyAllOrNothing(db: Db, run: TrustedRun, calls: MutationCall[]): Promise<string[][]> {
  const runAt = run.now.toISOString()
  return db.write.transaction().execute(async (trx) => {
    // the store's statements and the audit skip Kysely on SQLite, as a push's do (db/statements.ts sqliteRunner:
    // same connection, same transaction)
    const runner: QueryRunner = db.dialect === 'sqlite' && db.sqlite ? sqliteRunner(db.sqlite) : trx
    let counter = trx.selectFrom('meta').select('version').where('id', '=', 1)
    if (db.dialect === 'postgres') counter = counter.forUpdate()
    const versions = new BatchVersions(Number((await counter.executeTakeFirstOrThrow()).version))
    if (run.beforeCalls) await run.beforeCalls(trx)
    // PostgreSQL: the rows the calls name, read in one round trip under the counter's lock, as a push does
    const rowCache =
      db.dialect === 'postgres'
        ? await RowCache.prefetch(runner, db.dialect, idsNamedIn(calls.map((c) => c.args)))
        : undefined
    const flags: string[][] = []
    const audits: AuditEntry[] = []
    let lastVersion = 0
    for (const [index, call] of calls.entries()) {
      const at = run.nowOf ? run.nowOf(index).toISOString() : runAt
      const store = new SqlStore(trx, {
        dialect: db.dialect,
        principal: run.principal,
        versions,
        runner,
        rowCache,
      })
      const ctx = {
        userId: run.principal.userId,
        role: run.principal.role,
        teamIds: run.principal.teamIds,
        now: at,
        clientId: run.clientId,
        mid: index + 1,
      }
      const outcome = await applyMutation(store, call, ctx, run.registry)
      if (outcome.status === 'rejected') throw new TrustedApplyError(index, outcome.error)
      await store.writeBuffered()
      if (store.writtenVersion !== undefined) lastVersion = store.writtenVersion
      flags.push(outcome.flags)
      audits.push({
        kind: 'mutation',
        action: outcome.status === 'applied' && outcome.flags.length > 0 ? 'flagged' : outcome.status,
        at,
        userId: run.principal.userId,
        username: run.principal.username,
        clientId: run.clientId,
        mutation: `${call.name}@${call.mv}`,
        detail: { args: call.args, flags: outcome.flags, reasons: outcome.reasons },
      })
    }
    if (versions.changed !== undefined)
      await trx.updateTable('meta').set({ version: versions.changed }).where('id', '=', 1).execute()
    await auditMany(runner, db.dialect, audits)
    if (run.alsoInTransaction) await run.alsoInTransaction(trx, flags)
    if (db.dialect === 'postgres' && lastVersion > 0) {
      await sql`select pg_notify(${pokeChannel}, ${JSON.stringify({ version: lastVersion, teams: [], global: true })})`.execute(
        trx,
      )
    }
    return flags
  })
}
