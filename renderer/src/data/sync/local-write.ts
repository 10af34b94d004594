/**
 * A user's write (design/sync.md P1): the mutator runs on the local tables and its outbox entry is appended, with
 * the client's new lastMid, in ONE Dexie transaction. A refusal or a full disk writes nothing.
 */
import type { ErrorDetail, Reason } from '@shared/protocol'
import type { CaseloadDb, CaseloadTables } from '../db/database'
import { isQuotaError, tablesOf } from '../db/database'
import { DexieStore } from '../db/dexie-store'
import type { MutationActor } from '../db/types'
import { blockedMessages, SyncBlockedError } from './blocked'
import type { MutatorRunner, RunnerOutcome } from './runner'

export type MutateResult =
  | {
      mid: number
      status: 'applied' | 'conflict'
      flags: string[]
      reasons: Reason[]
    }
  | { mid: null; status: 'rejected'; error: ErrorDetail }

/** `mutateAll`: every mutation written, or the index of the first one refused and nothing written. */
export type MutateAllResult =
  { ok: true; results: MutateResult[] } | { ok: false; index: number; error: ErrorDetail }

/** one mutation as the engine writes it (the public `mutate` types `args` by its mutator) */
export interface LocalCall {
  name: string
  args: unknown
}

/** The mutation at `index` of a batch was refused locally: the whole transaction was rolled back. */
export class BatchRejection extends Error {
  constructor(
    readonly index: number,
    readonly outcome: Extract<RunnerOutcome, { status: 'rejected' }>,
  ) {
    super(outcome.error.message)
  }
}

export interface LocalWrite {
  /** the connection written through (strict durability for the user's work) */
  conn: CaseloadDb
  runner: MutatorRunner
  actor: MutationActor
  /** the instant every mutation of the write runs at */
  at: string
  /** more writes in the same transaction (a resolution removes its record), on tables of `alsoTables` */
  also?: (t: CaseloadTables) => Promise<unknown>
  alsoTables?: string[]
  onProgress?: (done: number, total: number) => void
}

/**
 * Writes `calls` in one transaction, each with its own outbox entry. One call refused locally: its rejection as
 * the result. One of several refused: BatchRejection (nothing written). A full disk: SyncBlockedError.
 */
export async function writeLocally(w: LocalWrite, calls: readonly LocalCall[]): Promise<MutateResult[]> {
  const versions = calls.map(({ name }) => {
    const mv = w.runner.version(name)
    if (mv === undefined) throw new Error(`Unknown mutation "${name}".`)
    return mv
  })
  const { conn } = w
  try {
    return await conn.transaction(
      'rw',
      [...conn.syncedTableNames(), 'outbox', 'shadows', 'syncState', ...(w.alsoTables ?? [])],
      async (tx) => {
        // P1: the mutator's rows, the outbox entry and the new lastMid in this one transaction, through tables
        // bound to it (the mutator's native awaits may lose Dexie's zone: see db/dexie-store.ts)
        const t = tablesOf(tx)
        const state = await t.syncState.get('state')
        if (!state) throw new Error('sync state missing: start the engine first')
        const out: MutateResult[] = []
        let mid = state.lastMid
        for (const [index, { name, args }] of calls.entries()) {
          mid += 1
          const mv = versions[index]!
          const store = new DexieStore(conn, { trackShadows: true, transaction: tx })
          const outcome = await w.runner.run(
            store,
            { name, mv, args },
            { ...w.actor, now: w.at, clientId: state.clientId, mid },
          )
          if (outcome.status === 'rejected') throw new BatchRejection(index, outcome)
          await t.outbox.add({
            mid,
            clientId: state.clientId,
            name,
            mv,
            args,
            at: w.at,
            actor: w.actor,
            writes: outcome.writes.length ? outcome.writes : store.writes,
          })
          out.push({ mid, status: outcome.status, flags: outcome.flags, reasons: outcome.reasons })
          w.onProgress?.(index + 1, calls.length)
        }
        await t.syncState.put({ ...state, lastMid: mid })
        if (w.also) await w.also(t)
        return out
      },
    )
  } catch (error) {
    if (error instanceof BatchRejection && calls.length === 1)
      return [{ mid: null, status: 'rejected', error: error.outcome.error }]
    if (isQuotaError(error)) throw new SyncBlockedError('disk-full', blockedMessages['disk-full'])
    throw error
  }
}
