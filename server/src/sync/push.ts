/**
 * `POST /v1/push` (design/sync.md). One request = one batch of one client's mutations in mid order, run in one
 * database transaction (on SQLite, batches that arrive together share it, each in its own savepoint: see
 * group-commit.ts):
 *  - each mutation is atomic: its writes are buffered by the SqlStore and applied only once the mutation is
 *    known to be applied (a refusal writes nothing); a database error aborts the whole batch,
 *  - the batch costs at most one durable commit (one fsync on SQLite) instead of one per mutation,
 *  - nothing is acknowledged before that commit, so a crash anywhere loses only unacknowledged work, and the
 *    client's retry applies each mutation exactly once (P2): mids ≤ lastMutationId return their stored result.
 * Writers are serialised (BEGIN IMMEDIATE on SQLite; the meta row locked first on PostgreSQL) so that every
 * mutator reads the state left by the previous batch: global invariants hold in arrival order (P5).
 */
import type { Transaction } from 'kysely'
import type { MutationError, MutationOutcome } from '@shared/mutations/types'
import type { MutationResult, PushRequest, PushResponse } from '@shared/protocol/index'
import { multiInsert, run, runRows, statement } from '../db/statements'
import type { Principal } from '../auth/principal'
import type { Db } from '../db/connect'
import type { Database } from '../db/schema'
import { sqlTable } from '../db/tables'
import { isTransient } from '../db/errors'
import { ApiError } from '../errors'
import type { PokeBus } from './poke-bus'
import type { PokeEvent } from './poke-hub'
import { GroupCommitter } from './group-commit'
import { MutationBatch, type AfterApplied, type MutationRunner } from './mutation-batch'

export type { MutationRunner } from './mutation-batch'

// The push's own statements, written once (db/statements.ts says why not through Kysely's builder); the version
// counter's are MutationBatch's.
const readClient = statement('select user_id, last_mutation_id from clients where client_id = ?')
const readResult = statement('select result from mutation_results where client_id = ? and mid = ?')
const insertClient = statement(
  'insert into clients (client_id, user_id, last_mutation_id, created_at, updated_at) values (?, ?, ?, ?, ?)',
)
const advanceClient = statement('update clients set last_mutation_id = ?, updated_at = ? where client_id = ?')

export interface PushDeps {
  db: Db
  bus: PokeBus
  runMutation: MutationRunner
  now: () => Date
  /** test hook (crash tests): pause this long inside the transaction after each mutation */
  delayAfterEachMs?: number
  /**
   * Runs inside the batch's transaction after each applied mutation, with its store (the mail outbox queues an
   * answer to the customer here, so it commits or rolls back with the comment).
   */
  afterApplied?: AfterApplied
  /** where a parked internal failure is reported (the request's logger) */
  log?: { error(obj: object, msg: string): void }
}

function resultOf(mid: number, outcome: MutationOutcome): MutationResult {
  if (outcome.status === 'rejected') return { mid, status: 'rejected', error: outcome.error }
  const result: MutationResult = { mid, status: outcome.status }
  if (outcome.flags.length > 0) result.flags = outcome.flags
  const reasons = [...outcome.reasons]
  if (outcome.status === 'conflict') {
    for (const c of outcome.conflicts) {
      reasons.push({
        ruleId: 'sync-conflict',
        message: `${c.table} ${c.id}: "${c.field}" was changed by someone else since you saw it; their value was kept and yours is in the conflicts list.`,
      })
    }
    const first = outcome.conflicts[0]
    result.error = {
      code: 'conflict',
      message: `${outcome.conflicts.length} field(s) changed on the server since you saw them.`,
      ...(first ? { field: first.field } : {}),
    }
  }
  if (reasons.length > 0) result.reasons = reasons
  return result
}

/**
 * A result that says only "applied" is not stored: a replayed mid ≤ lastMutationId without a stored result was
 * exactly that (every other outcome, flagged, conflict or rejected, is stored). Most writes are plain, and their
 * result rows and index entries were a sixth of the pages a batch's commit wrote.
 */
function isPlainApplied(result: MutationResult): boolean {
  return result.status === 'applied' && !result.flags && !result.reasons && !result.error
}

function plainApplied(mid: number): MutationResult {
  return { mid, status: 'applied' }
}

export async function push(
  deps: PushDeps,
  principal: Principal,
  body: PushRequest,
  ip: string | null,
): Promise<PushResponse> {
  for (let i = 1; i < body.mutations.length; i++) {
    if ((body.mutations[i] as { mid: number }).mid <= (body.mutations[i - 1] as { mid: number }).mid) {
      throw new ApiError(
        400,
        'invalid',
        `mutations.${i}.mid: mutations must be in increasing mid order`,
        `mutations.${i}.mid`,
      )
    }
  }
  const at = deps.now().toISOString()
  // Mutations whose mutator failed with a bug rather than a refusal: parked on the next attempt (see below).
  const poisoned = new Map<number, string>()
  for (let attempt = 0; ; attempt++) {
    try {
      const outcome = await runBatch(deps, principal, body, ip, at, poisoned)
      if (outcome.poke) deps.bus.afterCommit(outcome.poke)
      return outcome.response
    } catch (error) {
      // A mutator (or the store under it) threw something other than a refusal. A database that is busy or
      // away is transient: the batch aborts and the client retries. Anything else would fail the same way on
      // every retry and wedge the client's outbox forever, so the mutation is parked as rejected instead
      // (P2: every entry resolves), and the batch re-runs without it.
      if (!(error instanceof MutationFailure) || isTransient(error.cause) || attempt >= 10)
        throw error instanceof MutationFailure ? error.cause : error
      poisoned.set(error.mid, error.cause instanceof Error ? error.cause.message : String(error.cause))
      deps.log?.error(
        { err: error.cause, clientId: body.clientId, mid: error.mid },
        'a mutation failed with an internal error and was parked',
      )
    }
  }
}

/** A mutation's mutator threw (not a refusal); carries which mutation, to park it on the next attempt. */
class MutationFailure extends Error {
  constructor(
    readonly mid: number,
    override readonly cause: unknown,
  ) {
    super(`mutation ${mid} failed`)
  }
}

const internalError = {
  code: 'server-error',
  message:
    'The server could not apply this change because of an internal error. It has been set aside; tell your administrator.',
} as const

async function runBatch(
  deps: PushDeps,
  principal: Principal,
  body: PushRequest,
  ip: string | null,
  at: string,
  poisoned: ReadonlyMap<number, string>,
): Promise<{ response: PushResponse; poke: PokeEvent | undefined }> {
  const { db } = deps
  return inWriteTransaction(db, async (trx) => {
    // takes the version counter's lock before anything is read: every mutator reads the previous commit
    const batch = await MutationBatch.begin(db, trx, { principal, clientId: body.clientId, at, ip })
    const { runner } = batch
    const [client] = await runRows<{ user_id: string; last_mutation_id: number | string }>(
      runner,
      db.dialect,
      readClient,
      [body.clientId],
    )
    if (client && client.user_id !== principal.userId) {
      throw new ApiError(403, 'forbidden', 'This clientId belongs to another user.', 'clientId')
    }
    let last = client ? Number(client.last_mutation_id) : 0
    await batch.prefetch(body.mutations.filter((m) => m.mid > last).map((m) => m.args))
    const results: MutationResult[] = []
    // results are written together after the loop (as the batch writes its audit entries): one statement per
    // batch, not per mutation
    const storedResults: unknown[] = []

    for (const m of body.mutations) {
      if (m.mid <= last) {
        const [stored] = await runRows<{ result: string }>(runner, db.dialect, readResult, [
          body.clientId,
          m.mid,
        ])
        results.push(stored ? (JSON.parse(stored.result) as MutationResult) : plainApplied(m.mid))
        continue
      }
      if (m.mid !== last + 1) break // a gap: the missing mutation must come first

      let result: MutationOutcome
      let version: number | undefined
      if (poisoned.has(m.mid)) {
        result = { status: 'rejected', error: internalError as unknown as MutationError }
        batch.record(m, m.mid, result)
      } else {
        try {
          ;({ outcome: result, version } = await batch.apply(m, m.mid, deps.runMutation, {
            after: deps.afterApplied,
          }))
        } catch (error) {
          throw new MutationFailure(m.mid, error)
        }
      }
      if (result.status === 'rejected') {
        // nothing was written: the store buffers writes until here (and the counter stays gap-free)
        await parkRejected(trx, principal, body.clientId, m, result, at)
      } else if (result.status === 'conflict') {
        await recordConflicts(
          trx,
          principal,
          body.clientId,
          m.mid,
          result,
          version ?? batch.latestVersion,
          at,
        )
      }
      const wire = resultOf(m.mid, result)
      if (!isPlainApplied(wire)) storedResults.push(body.clientId, m.mid, JSON.stringify(wire))
      results.push(wire)
      last = m.mid
      if (deps.delayAfterEachMs) await new Promise((r) => setTimeout(r, deps.delayAfterEachMs))
    }

    for (let i = 0; i < storedResults.length; i += 300) {
      const chunk = storedResults.slice(i, i + 300)
      await run(
        runner,
        db.dialect,
        multiInsert('mutation_results', ['client_id', 'mid', 'result'], chunk.length / 3),
        chunk,
      )
    }
    if (!client) {
      await run(runner, db.dialect, insertClient, [body.clientId, principal.userId, last, at, at])
    } else if (last !== Number(client.last_mutation_id)) {
      await run(runner, db.dialect, advanceClient, [last, at, body.clientId])
    }
    const poke = await batch.finish(deps.bus)
    return { response: { lastMutationId: last, results }, poke }
  })
}

/** one group committer per SQLite write connection (there is one per database) */
const committers = new WeakMap<object, GroupCommitter>()

/**
 * A push's transaction. On SQLite, concurrent pushes share one commit (group-commit.ts); on PostgreSQL each has
 * its own transaction on its own connection.
 */
function inWriteTransaction<T>(db: Db, work: (trx: Transaction<Database>) => Promise<T>): Promise<T> {
  const committer = groupCommitterOf(db)
  return committer ? committer.run(work) : db.write.transaction().execute(work)
}

function groupCommitterOf(db: Db): GroupCommitter | undefined {
  if (db.dialect !== 'sqlite' || !db.sqlite) return undefined
  let committer = committers.get(db.sqlite)
  if (!committer) {
    committer = new GroupCommitter(db.write, db.sqlite)
    committers.set(db.sqlite, committer)
  }
  return committer
}

/** SQLite: how many push batches were committed so far, in how many commits (the benchmark reports it). */
export function pushCommitStats(db: Db): { commits: number; batches: number } | undefined {
  const committer = groupCommitterOf(db)
  return committer ? { ...committer.stats } : undefined
}

async function parkRejected(
  trx: Transaction<Database>,
  principal: Principal,
  clientId: string,
  m: PushRequest['mutations'][number],
  result: Extract<MutationOutcome, { status: 'rejected' }>,
  at: string,
): Promise<void> {
  await trx
    .insertInto('rejected_mutations')
    .values({
      client_id: clientId,
      mid: m.mid,
      user_id: principal.userId,
      name: m.name,
      mv: m.mv,
      args: JSON.stringify(m.args ?? null),
      at: m.at,
      code: result.error.code,
      message: result.error.message,
      field: result.error.field ?? null,
      created_at: at,
    })
    .execute()
}

async function recordConflicts(
  trx: Transaction<Database>,
  principal: Principal,
  clientId: string,
  mid: number,
  result: Extract<MutationOutcome, { status: 'conflict' }>,
  version: number,
  at: string,
): Promise<void> {
  for (const c of result.conflicts) {
    const owner = await trx
      .selectFrom(sqlTable(c.table) as 'contacts')
      .select('customer_id')
      .where('id', '=', c.id)
      .executeTakeFirst()
    await trx
      .insertInto('conflicts')
      .values({
        customer_id: owner?.customer_id ?? null,
        version,
        client_id: clientId,
        mid,
        user_id: principal.userId,
        table_name: c.table,
        row_id: c.id,
        field: c.field,
        server_value: JSON.stringify(c.serverValue ?? null),
        client_value: JSON.stringify(c.clientValue ?? null),
        base_version: null,
        created_at: at,
      })
      .execute()
  }
}
