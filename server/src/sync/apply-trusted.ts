/**
 * Server-side loads (the demo, CSV imports) run the same mutators as a push, through applyMutation on a
 * SqlStore, so the rows are exactly what the app would have written. Unlike a push they are all-or-nothing:
 * one refused mutation rolls back the whole transaction and names the item that failed. Each applied mutation
 * is audited like a pushed one; on PostgreSQL running servers get a poke through NOTIFY at commit. The version
 * lock, the stores, the audit and the poke are a push's own (mutation-batch.ts).
 */
import type { Transaction } from 'kysely'
import { applyMutation } from '@shared/mutations/apply'
import type { MutatorRegistry } from '@shared/mutations/registry'
import type { MutationCall, MutationError } from '@shared/mutations/types'
import type { Database } from '../db/schema'
import type { Principal } from '../auth/principal'
import type { Db } from '../db/connect'
import { MutationBatch, type MutationRunner } from './mutation-batch'
import type { PokeBus } from './poke-bus'

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
  /**
   * the serving process's poke bus, when the load runs inside the server (mail): its sockets are poked after
   * the commit on SQLite too. Without it only PostgreSQL's NOTIFY pokes (a command run beside the server).
   */
  bus?: PokeBus
}

/** Applies `calls` in one transaction; returns the flags each one got. Throws TrustedApplyError on a refusal. */
export async function applyAllOrNothing(db: Db, run: TrustedRun, calls: MutationCall[]): Promise<string[][]> {
  const at = run.now.toISOString()
  const runMutation: MutationRunner = (store, call, ctx) => applyMutation(store, call, ctx, run.registry)
  const { flags, poke } = await db.write.transaction().execute(async (trx) => {
    // the counter's lock first, as a push takes it: the calls read the last commit and versions follow commits
    const batch = await MutationBatch.begin(db, trx, { principal: run.principal, clientId: run.clientId, at })
    if (run.beforeCalls) await run.beforeCalls(trx)
    await batch.prefetch(calls.map((c) => c.args))
    const flags: string[][] = []
    for (const [index, call] of calls.entries()) {
      // a load that replays history runs each call at its own time (TrustedRun.nowOf)
      const callAt = run.nowOf ? run.nowOf(index).toISOString() : at
      const { outcome } = await batch.apply(call, index + 1, runMutation, { at: callAt })
      if (outcome.status === 'rejected') throw new TrustedApplyError(index, outcome.error)
      flags.push(outcome.flags)
    }
    if (run.alsoInTransaction) await run.alsoInTransaction(trx, flags)
    return { flags, poke: await batch.finish(run.bus) }
  })
  if (poke) run.bus?.afterCommit(poke)
  return flags
}
