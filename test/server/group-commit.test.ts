/**
 * Group commit (server/src/sync/group-commit.ts): on SQLite, pushes that arrive while one runs share its
 * transaction and its durable commit. Checked on a real SQLite file: batches see each other's writes and nobody
 * is answered before the shared commit; a failing batch is rolled back alone; a failed commit answers nobody.
 * Then over HTTP on both dialects: concurrent pushes, with one refused as a whole, each land exactly once.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { v7 as uuidv7 } from 'uuid'
import type { Db } from '../../server/src/db/connect'
import { GroupCommitter } from '../../server/src/sync/group-commit'
import { dialects, freshDatabase, openFresh, stopPostgres, type FreshDatabase } from '../support/databases'
import { loginAs, seedUsers, startTestServer, type Team, type TestServer } from '../support/server'
import { newId, TestClient } from '../support/sync-client'

afterAll(stopPostgres)

describe('GroupCommitter on SQLite', () => {
  let fresh: FreshDatabase
  let db: Db
  let committer: GroupCommitter
  beforeAll(async () => {
    fresh = await freshDatabase('sqlite')
    db = await openFresh(fresh)
    committer = new GroupCommitter(db.write, db.sqlite!)
  })
  afterAll(async () => {
    await db?.close()
    await fresh?.cleanup()
  })

  const addTeam = (name: string) =>
    db.sqlite!.prepare('insert into teams (id, name, created_at) values (?, ?, ?)').run(uuidv7(), name, 'now')
  /** what another connection sees: only committed rows */
  const committedTeams = async (names: string[]) =>
    (await db.read.selectFrom('teams').select('name').where('name', 'in', names).execute())
      .map((r) => r.name)
      .sort()
  const inTransaction = () => db.sqlite!.inTransaction

  it('a batch that arrives while another runs joins its transaction, and both are answered after one commit', async () => {
    const seenBySecond: string[] = []
    const first = committer.run(async () => {
      addTeam('gc-first')
      return 'first'
    })
    const second = committer.run(async () => {
      // the first batch's row is visible here (same transaction) but not yet to other connections
      const rows = db.sqlite!.prepare('select name from teams where name = ?').all('gc-first') as {
        name: string
      }[]
      seenBySecond.push(...rows.map((r) => r.name))
      expect(await committedTeams(['gc-first'])).toEqual([])
      addTeam('gc-second')
      return 'second'
    })
    expect(await first).toBe('first')
    // answered only once durable: the second batch, run after it in the same transaction, is committed too
    expect(await committedTeams(['gc-first', 'gc-second'])).toEqual(['gc-first', 'gc-second'])
    expect(await second).toBe('second')
    expect(seenBySecond).toEqual(['gc-first'])
    expect(inTransaction()).toBe(false)
  })

  it('a failing batch is rolled back alone; the others of its group commit', async () => {
    const results = await Promise.allSettled([
      committer.run(async () => addTeam('gc-a')),
      committer.run(async () => {
        addTeam('gc-b')
        throw new Error('this batch fails')
      }),
      committer.run(async () => addTeam('gc-c')),
    ])
    expect(results.map((r) => r.status)).toEqual(['fulfilled', 'rejected', 'fulfilled'])
    expect((results[1] as PromiseRejectedResult).reason).toEqual(new Error('this batch fails'))
    expect(await committedTeams(['gc-a', 'gc-b', 'gc-c'])).toEqual(['gc-a', 'gc-c'])
  })

  it('when the shared commit fails, no batch of the group is told it succeeded and none is kept', async () => {
    const results = await Promise.allSettled([
      committer.run(async () => addTeam('gc-x')),
      committer.run(async () => {
        // a foreign key checked only at commit: the commit itself fails
        db.sqlite!.pragma('defer_foreign_keys = ON')
        db.sqlite!.prepare('insert into user_teams (user_id, team_id) values (?, ?)').run('nobody', 'none')
      }),
    ])
    expect(results.map((r) => r.status)).toEqual(['rejected', 'rejected'])
    expect(String((results[0] as PromiseRejectedResult).reason)).toMatch(/FOREIGN KEY/)
    expect(await committedTeams(['gc-x'])).toEqual([])
    expect(inTransaction()).toBe(false)
    // and the next batch gets a transaction of its own
    await committer.run(async () => addTeam('gc-after'))
    expect(await committedTeams(['gc-after'])).toEqual(['gc-after'])
  })

  it('a batch that breaks the transaction fails the whole group, itself included, and the next batch starts clean', async () => {
    const results = await Promise.allSettled([
      committer.run(async () => addTeam('gc-before-break')),
      committer.run(async () => {
        addTeam('gc-breaker')
        // ends the transaction under the group's feet: its savepoint is gone, and so is the batch before it
        db.sqlite!.exec('rollback')
        throw new Error('broke the transaction')
      }),
      committer.run(async () => addTeam('gc-after-break')),
    ])
    expect(results.map((r) => r.status)).toEqual(['rejected', 'rejected', 'rejected'])
    expect(await committedTeams(['gc-before-break', 'gc-breaker', 'gc-after-break'])).toEqual([])
    expect(inTransaction()).toBe(false)
    await committer.run(async () => addTeam('gc-clean'))
    expect(await committedTeams(['gc-clean'])).toEqual(['gc-clean'])
  })
})

describe.each(dialects)('concurrent pushes on %s', (dialect) => {
  let t: TestServer
  let teams: { red: Team; blue: Team }
  let aliceToken: string
  let bobToken: string
  beforeAll(async () => {
    t = await startTestServer(dialect)
    teams = await seedUsers(t.db)
    aliceToken = (await loginAs(t.url, 'alice')).accessToken
    bobToken = (await loginAs(t.url, 'bob')).accessToken
  })
  afterAll(async () => t?.close())

  it('land exactly once each, with gap-free versions, while a push refused as a whole writes nothing', async () => {
    const before = Number(
      (await t.db.read.selectFrom('meta').select('version').executeTakeFirstOrThrow()).version,
    )
    const clients = Array.from({ length: 6 }, () => new TestClient(t.url, aliceToken))
    // bob sends under the clientId alice's first client will have registered: refused whole (403)
    const intruder = new TestClient(t.url, bobToken, clients[0]!.clientId)
    await clients[0]!.pushOk([
      clients[0]!.mutation('customer.create', { id: newId(), name: 'Opener', teamId: teams.red.id }),
    ])
    const batches = clients.map((c, i) =>
      Array.from({ length: 5 }, (_, j) =>
        c.mutation('customer.create', { id: newId(), name: `Concurrent ${i}-${j}`, teamId: teams.red.id }),
      ),
    )
    const intruderBatch = [
      intruder.mutation('customer.create', { id: newId(), name: 'Intruder', teamId: teams.blue.id }),
    ]
    const [refused, ...answers] = await Promise.all([
      intruder.push(intruderBatch),
      ...clients.map((c, i) => c.pushOk(batches[i]!)),
    ])
    expect(refused!.status).toBe(403)
    for (const [i, answer] of answers.entries()) {
      expect(answer.results.map((r) => r.status)).toEqual(Array(5).fill('applied'))
      expect(answer.lastMutationId).toBe(i === 0 ? 6 : 5)
    }
    const ids = batches.flat().map((m) => (m.args as { id: string }).id)
    const stored = await t.db.read
      .selectFrom('customers')
      .select(['id', 'version'])
      .where('id', 'in', ids)
      .execute()
    expect(stored).toHaveLength(ids.length)
    const versions = stored.map((r) => Number(r.version)).sort((a, b) => a - b)
    const after = Number(
      (await t.db.read.selectFrom('meta').select('version').executeTakeFirstOrThrow()).version,
    )
    // the opener took before + 1; the 30 concurrent writes took the next 30, one each, none skipped
    expect(versions).toEqual(Array.from({ length: 30 }, (_, k) => before + 2 + k))
    expect(after).toBe(before + 31)
    const intruderRows = await t.db.read
      .selectFrom('customers')
      .select('id')
      .where('id', '=', (intruderBatch[0]!.args as { id: string }).id)
      .execute()
    expect(intruderRows).toEqual([])
  })
})
