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

/** Sets `data.mail` of the event inside `trx`, stamped with the next version; returns the poke to deliver. */
export async function setEventMail(
  db: Db,
  trx: Transaction<Database>,
  eventId: string,
  mail: MailState,
): Promise<PokeEvent | undefined> {
  const runner: QueryRunner = db.dialect === 'sqlite' && db.sqlite ? sqliteRunner(db.sqlite) : trx
  let counter = trx.selectFrom('meta').select('version').where('id', '=', 1)
  if (db.dialect === 'postgres') counter = counter.forUpdate()
  const versions = new BatchVersions(Number((await counter.executeTakeFirstOrThrow()).version))
  const store = new SqlStore(trx, { dialect: db.dialect, versions, runner })
  const event = await store.get('incidentEvents', eventId)
  if (!event || event.deleted) return undefined
  const data = (event['data'] ?? {}) as Record<string, unknown>
  const next: StoredRow = { ...event, data: { ...data, mail } }
  await store.put('incidentEvents', next)
  await store.writeBuffered()
  await trx.updateTable('meta').set({ version: versions.latest }).where('id', '=', 1).execute()
  const customerId = typeof event['customerId'] === 'string' ? event['customerId'] : null
  const team = customerId
    ? await trx.selectFrom('customers').select('team_id').where('id', '=', customerId).executeTakeFirst()
    : undefined
  return { version: versions.latest, teams: team?.team_id ? [team.team_id] : [], global: false }
}

/** Runs `work` and the event's new state in one transaction, then pokes. */
export async function withEventMail(
  db: Db,
  bus: PokeBus | undefined,
  eventId: string,
  mail: MailState,
  work: (trx: Transaction<Database>) => Promise<void>,
): Promise<void> {
  const poke = await db.write.transaction().execute(async (trx) => {
    await work(trx)
    const p = await setEventMail(db, trx, eventId, mail)
    if (p && bus) await bus.publishInTransaction(trx, p)
    return p
  })
  if (poke && bus) bus.afterCommit(poke)
}
