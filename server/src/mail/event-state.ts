/**
 * The delivery state of a reply reaches clients on its own timeline row: the comment's incident event carries
 * `data.mail` ({ state: queued | sent | retrying | failed, … }), written by the server with a new version so
 * the next pull (and a poke) brings it to every client of the team. Not a mutator: no client may write it.
 */
import type { Transaction } from 'kysely'
import type { StoredRow } from '@shared/mutations/store'
import type { Db } from '../db/connect'
import type { Database } from '../db/schema'
import { sqliteRunner, type QueryRunner } from '../db/statements'
import type { PokeBus } from '../sync/poke-bus'
import type { PokeEvent } from '../sync/poke-hub'
import { BatchVersions, SqlStore } from '../sync/sql-store'

export interface MailState {
  state: 'queued' | 'sent' | 'retrying' | 'failed'
  messageId: string
  to: string
  at: string
  attempts?: number
  /** the SMTP server's answer, e.g. "550 5.1.1 No such user" */
  error?: string | null
  nextAttemptAt?: string | null
}

export interface EventMailUpdate {
  eventId: string
  mail: MailState
}

/**
 * Sets `data.mail` of each event inside `trx`, each stamped with a version of its own from one counter read;
 * returns the poke to deliver (undefined when none of the events is there any more).
 */
export async function setEventsMail(
  db: Db,
  trx: Transaction<Database>,
  updates: readonly EventMailUpdate[],
): Promise<PokeEvent | undefined> {
  if (updates.length === 0) return undefined
  const runner: QueryRunner = db.dialect === 'sqlite' && db.sqlite ? sqliteRunner(db.sqlite) : trx
  let counter = trx.selectFrom('meta').select('version').where('id', '=', 1)
  if (db.dialect === 'postgres') counter = counter.forUpdate()
  const versions = new BatchVersions(Number((await counter.executeTakeFirstOrThrow()).version))
  const store = new SqlStore(trx, { dialect: db.dialect, versions, runner })
  const customers = new Set<string>()
  let changed = 0
  for (const { eventId, mail } of updates) {
    const event = await store.get('incidentEvents', eventId)
    if (!event || event.deleted) continue
    const data = (event['data'] ?? {}) as Record<string, unknown>
    const next: StoredRow = { ...event, data: { ...data, mail } }
    await store.put('incidentEvents', next)
    changed++
    if (typeof event['customerId'] === 'string') customers.add(event['customerId'])
  }
  if (changed === 0) return undefined
  await store.writeBuffered()
  await trx.updateTable('meta').set({ version: versions.latest }).where('id', '=', 1).execute()
  const teams =
    customers.size > 0
      ? await trx
          .selectFrom('customers')
          .select('team_id')
          .where('id', 'in', [...customers])
          .execute()
      : []
  return {
    version: versions.latest,
    teams: [...new Set(teams.flatMap((t) => (t.team_id ? [t.team_id] : [])))],
    global: false,
  }
}

/** Runs `work` and the events' new states in one transaction, then pokes. */
export async function withEventsMail(
  db: Db,
  bus: PokeBus | undefined,
  updates: readonly EventMailUpdate[],
  work: (trx: Transaction<Database>) => Promise<void>,
): Promise<void> {
  const poke = await db.write.transaction().execute(async (trx) => {
    await work(trx)
    const p = await setEventsMail(db, trx, updates)
    if (p && bus) await bus.publishInTransaction(trx, p)
    return p
  })
  if (poke && bus) bus.afterCommit(poke)
}

/** One event's new state with `work`, in one transaction (retry, and the tests). */
export function withEventMail(
  db: Db,
  bus: PokeBus | undefined,
  eventId: string,
  mail: MailState,
  work: (trx: Transaction<Database>) => Promise<void>,
): Promise<void> {
  return withEventsMail(db, bus, [{ eventId, mail }], work)
}
