/**
 * One push (design/sync.md "Push"): the next outbox entries in mid order go to the server, and its answer is
 * recorded in one transaction: flagged, conflict and rejected results, and how far the server has answered
 * (`pushedThrough`). A server that answers with a lastMutationId below what it acknowledged before was restored
 * from a backup: what it lost is moved back from the archive and sent again, and if the archive no longer has it,
 * the client starts a new numbering. Every transaction here works on its own tables (tablesOf), never the ambient
 * ones (db/dexie-store.ts explains why Dexie's zone is not enough).
 */
import type { Table } from 'dexie'
import { protocolVersion, type MutationResult, type PushResponse } from '@shared/protocol'
import { tablesOf, type CaseloadDb, type CaseloadTables } from '../db/database'
import type { OutboxEntry } from '../db/types'
import type { Transport } from './adapters'
import { pullScope, rebase } from './apply-pull'
import type { MutatorRunner } from './runner'
import { readState, stateOf } from './sync-state'

export interface PushPass {
  db: CaseloadDb
  runner: MutatorRunner
  transport: Transport
  /** most entries per request (halved by the engine when the server says a request is too large) */
  batchSize: number
  /** ISO-8601 now */
  now(): string
  /** a fresh clientId */
  newId(): string
  /** runs before each request with the entries about to go (uploads of their attachments) */
  beforePush?: (entries: readonly OutboxEntry[]) => Promise<void>
}

/** Pushes the next batch; `more` says another push should follow at once. */
export async function pushOnce(p: PushPass): Promise<{ sent: number; more: boolean }> {
  const state = await readState(p.db)
  const entries = await p.db.outbox.where('mid').above(state.pushedThrough).limit(p.batchSize).toArray()
  if (entries.length === 0) return { sent: 0, more: false }
  await p.beforePush?.(entries)
  const response: PushResponse = await p.transport.push({
    protocol: protocolVersion,
    clientId: state.clientId,
    mutations: entries.map(({ mid, name, mv, args, at }) => ({ mid, name, mv, args, at })),
  })
  const resolvedAt = p.now()
  const relapsed = await p.db.transaction(
    'rw',
    ['outbox', 'acknowledged', 'syncState', 'flagged', 'rejected', 'conflicts'],
    async (tx) => {
      const t = tablesOf(tx)
      const current = await stateOf(t)
      const byMid = new Map(entries.map((e) => [e.mid, e]))
      for (const r of response.results) {
        const e = byMid.get(r.mid)
        if (e) await recordResult(t, e, r, resolvedAt)
      }
      const relapsed = response.lastMutationId < current.pushedThrough
      // the server forgot mutations it had acknowledged (restored from a backup): send them again
      if (relapsed) await requeueAfter(t, response.lastMutationId)
      // pushedThrough = what the client has been told about: the server may be further (a batch lost its answer,
      // then a smaller batch was sent), but a mid whose result never reached us must be pushed again for it (P3)
      const answered = new Set(response.results.map((r) => r.mid))
      let answeredThrough = (entries[0]?.mid ?? 1) - 1
      for (const e of entries) {
        if (!answered.has(e.mid)) break
        answeredThrough = e.mid
      }
      await t.syncState.put({
        ...(await stateOf(t)),
        pushedThrough: Math.min(response.lastMutationId, answeredThrough),
      })
      return relapsed
    },
  )
  const first = entries[0]
  if (!relapsed && first && response.lastMutationId < first.mid - 1) {
    const gapFilled = await requeue(p.db, response.lastMutationId)
    if (!gapFilled) {
      // the server (restored from an old backup) lacks mids this client no longer has: it would wait for them
      // forever. Start a new clientId and send what is pending under it, numbered from 1.
      await restartNumbering(p)
      return { sent: entries.length, more: true }
    }
  }
  const progressed = response.lastMutationId >= (first?.mid ?? 0)
  return { sent: entries.length, more: relapsed || (progressed && entries.length === p.batchSize) }
}

/** what the user must see of one answer: a flag, a conflict or a refusal (a plain "applied" needs nothing) */
async function recordResult(
  t: CaseloadTables,
  e: OutboxEntry,
  r: MutationResult,
  resolvedAt: string,
): Promise<void> {
  // every record names the change as the user wrote it; conflicts and refusals also keep what it wrote locally
  const change = { mid: e.mid, name: e.name, args: e.args, at: e.at, resolvedAt }
  const withWrites = { ...change, mv: e.mv, writes: e.writes }
  if (r.status === 'applied' && r.flags && r.flags.length > 0) {
    await t.flagged.put({ ...change, flags: r.flags, reasons: r.reasons ?? [], seen: false })
  } else if (r.status === 'conflict') {
    await t.conflicts.put({ ...withWrites, reasons: r.reasons ?? [], details: [] })
  } else if (r.status === 'rejected') {
    await t.rejected.put({
      ...withWrites,
      error: r.error ?? { code: 'rejected', message: 'The server refused this change.' },
    })
  }
}

/**
 * Inside the caller's transaction (outbox, acknowledged, syncState): moves acknowledged entries with mid >
 * lastMutationId back into the outbox; false if the outbox still does not continue from lastMutationId (the
 * archive no longer has some).
 */
export async function requeueAfter(t: CaseloadTables, lastMutationId: number): Promise<boolean> {
  const back = await t.acknowledged.where('mid').above(lastMutationId).toArray()
  if (back.length > 0) {
    await t.outbox.bulkPut(back)
    await t.acknowledged.bulkDelete(back.map((e) => e.mid))
  }
  const state = await stateOf(t)
  await t.syncState.put({
    ...state,
    pushedThrough: Math.min(state.pushedThrough, lastMutationId),
    lastMutationId: Math.min(state.lastMutationId, lastMutationId),
  })
  const firstPending = await t.outbox.orderBy('mid').first()
  return !firstPending || firstPending.mid <= lastMutationId + 1
}

/** requeueAfter in a transaction of its own */
export function requeue(db: CaseloadDb, lastMutationId: number): Promise<boolean> {
  return db.transaction('rw', ['outbox', 'acknowledged', 'syncState'], (tx) =>
    requeueAfter(tablesOf(tx), lastMutationId),
  )
}

/**
 * A new clientId for this database, and the outbox renumbered 1..n under it, in one transaction. The archive
 * (the old id's acknowledged mids) is dropped, and the old id's flagged, rejected and conflict records move to
 * negative keys (the new numbering reuses their mids) so that they stay visible and actionable. The pending
 * mutations are replayed at once (rebase): rows derived from a mutation's identity ("clientId#mid") take the
 * ids the server will give them.
 */
async function restartNumbering(p: PushPass): Promise<void> {
  await p.db.transaction('rw', [...pullScope(p.db), 'flagged', 'rejected', 'conflicts'], async (tx) => {
    const t = tablesOf(tx)
    const state = await stateOf(t)
    const pending = await t.outbox.orderBy('mid').toArray()
    const clientId = p.newId()
    for (const table of [t.flagged, t.rejected, t.conflicts] as Table<{ mid: number }, number>[]) {
      // every record of the old id: the new numbering reuses their mids
      const clashing = await table.where('mid').above(0).toArray()
      let free = Math.min(0, (await table.orderBy('mid').first())?.mid ?? 0) - 1
      for (const rec of clashing) {
        await table.delete(rec.mid)
        await table.add({ ...rec, mid: free-- })
      }
    }
    await t.acknowledged.clear()
    await t.outbox.clear()
    await t.outbox.bulkAdd(pending.map((e, i) => ({ ...e, clientId, mid: i + 1 })))
    await t.syncState.put({
      ...state,
      clientId,
      lastMid: pending.length,
      pushedThrough: 0,
      lastMutationId: 0,
    })
    await rebase(t, p.runner)
  })
}
