/**
 * The server's own writes (demo, import, mail: applyAllOrNothing) go through the push's MutationBatch, on both
 * databases: they take versions from the same counter, audit every mutation with the version it wrote, and poke
 * exactly the teams whose customers' rows changed (inside the transaction, delivered only after the commit); a
 * refusal leaves nothing behind, not even a poke.
 */
import { v7 as uuidv7 } from 'uuid'
import type { Kysely } from 'kysely'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { mutators } from '@shared/mutations'
import { addTeam, addUser } from '../../server/src/auth/users'
import type { Principal } from '../../server/src/auth/principal'
import type { Db } from '../../server/src/db/connect'
import type { Database } from '../../server/src/db/schema'
import { applyAllOrNothing, TrustedApplyError } from '../../server/src/sync/apply-trusted'
import type { PokeBus } from '../../server/src/sync/poke-bus'
import type { PokeEvent } from '../../server/src/sync/poke-hub'
import { dialects, freshDatabase, openFresh, stopPostgres, type FreshDatabase } from '../support/databases'

afterAll(stopPostgres)

const call = (name: string, args: unknown) => ({ name, mv: mutators[name]!.version, args })

/** records what the batch published inside its transaction, and what it delivered after the commit */
class RecordingBus implements PokeBus {
  readonly published: PokeEvent[] = []
  readonly delivered: PokeEvent[] = []
  async publishInTransaction(_trx: Kysely<Database>, event: PokeEvent): Promise<void> {
    this.published.push(event)
  }
  afterCommit(event: PokeEvent): void {
    this.delivered.push(event)
  }
  async close(): Promise<void> {}
}

async function counter(db: Db): Promise<number> {
  const row = await db.read.selectFrom('meta').select('version').where('id', '=', 1).executeTakeFirstOrThrow()
  return Number(row.version)
}

describe.each(dialects)('trusted loads through the MutationBatch (%s)', (dialect) => {
  let fresh: FreshDatabase
  let db: Db
  let principal: Principal
  let red: string
  let blue: string

  beforeAll(async () => {
    fresh = await freshDatabase(dialect)
    db = await openFresh(fresh)
    red = (await addTeam(db.write, 'Red')).id
    blue = (await addTeam(db.write, 'Blue')).id
    const admin = await addUser(db.write, { username: 'root', password: 'root-password', role: 'admin' })
    principal = { userId: admin.id, username: 'root', role: 'admin', teamIds: [], sessionId: 'cli' }
  })

  afterAll(async () => {
    await db.close()
    await fresh.cleanup()
  })

  it('versions from the one counter, an audit entry per mutation with its version, a poke for its team only', async () => {
    const before = await counter(db)
    const customerId = uuidv7()
    const contactId = uuidv7()
    const bus = new RecordingBus()
    const flags = await applyAllOrNothing(db, { principal, clientId: 'cli:test', now: new Date(), bus }, [
      call('customer.create', { id: customerId, name: 'Initech', teamId: red }),
      call('contact.add', { id: contactId, customerId, name: 'Peter', email: 'peter@initech.example' }),
    ])
    expect(flags).toEqual([[], []])

    // two mutations, two versions, and the counter says so
    expect(await counter(db)).toBe(before + 2)
    const contact = await db.read
      .selectFrom('contacts')
      .select(['version', 'customer_id'])
      .where('id', '=', contactId)
      .executeTakeFirstOrThrow()
    expect(Number(contact.version)).toBe(before + 2)
    expect(contact.customer_id).toBe(customerId)

    const audits = await db.read
      .selectFrom('audit_log')
      .select(['action', 'client_id', 'mid', 'mutation', 'username', 'detail'])
      .where('client_id', '=', 'cli:test')
      .orderBy('id')
      .execute()
    expect(
      audits.map((a) => [a.action, a.mid === null ? null : Number(a.mid), a.mutation, a.username]),
    ).toEqual([
      ['applied', 1, 'customer.create@1', 'root'],
      ['applied', 2, 'contact.add@1', 'root'],
    ])
    const detail = (a: (typeof audits)[number]) =>
      (typeof a.detail === 'string' ? JSON.parse(a.detail) : a.detail) as { version?: number; args?: unknown }
    expect(audits.map((a) => detail(a).version)).toEqual([before + 1, before + 2])
    expect((detail(audits[1]!).args as { id: string }).id).toBe(contactId)

    // the poke names Red (the customer's team), not Blue; published in the transaction, delivered after it
    const poke = { version: before + 2, teams: [red], global: false }
    expect(bus.published).toEqual([poke])
    expect(bus.delivered).toEqual([poke])
    expect(poke.teams).not.toContain(blue)
  })

  it('a refused mutation rolls back the whole load: no rows, no version, no audit entry, no poke', async () => {
    const before = await counter(db)
    const customerId = uuidv7()
    const bus = new RecordingBus()
    const load = applyAllOrNothing(db, { principal, clientId: 'cli:refused', now: new Date(), bus }, [
      call('customer.create', { id: customerId, name: 'Umbrella', teamId: blue }),
      // a contact of a customer that does not exist: refused, naming the field
      call('contact.add', {
        id: uuidv7(),
        customerId: uuidv7(),
        name: 'Alice',
        email: 'alice@umbrella.example',
      }),
    ])
    await expect(load).rejects.toBeInstanceOf(TrustedApplyError)
    await expect(load).rejects.toMatchObject({ index: 1, error: { field: 'args.customerId' } })
    expect(await counter(db)).toBe(before)
    expect(
      await db.read.selectFrom('customers').select('id').where('id', '=', customerId).executeTakeFirst(),
    ).toBeUndefined()
    expect(
      await db.read.selectFrom('audit_log').select('id').where('client_id', '=', 'cli:refused').execute(),
    ).toEqual([])
    expect(bus.published).toEqual([])
    expect(bus.delivered).toEqual([])
  })

  it('an organisation-wide row pokes everyone', async () => {
    const bus = new RecordingBus()
    const article = uuidv7()
    await applyAllOrNothing(db, { principal, clientId: 'cli:kb', now: new Date(), bus }, [
      call('kb.create', { id: article, title: 'Reset a mailbox', body: 'Steps…', tags: [] }),
    ])
    expect(bus.delivered).toEqual([{ version: await counter(db), teams: [], global: true }])
  })
})
