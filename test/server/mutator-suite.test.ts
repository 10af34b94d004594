/**
 * The mutators' own test suite (shared/mutations/store-suite.testkit.ts) against SqlStore, on SQLite and on
 * PostgreSQL. Each mutation runs the way push runs it: one write transaction (writers serialised), a SqlStore
 * bound to it with the caller's identity, rolled back if the mutation is refused.
 * One database per dialect, emptied before each world: a database per test would cost seconds on PostgreSQL.
 */
import { sql } from 'kysely'
import { afterAll, beforeAll, describe } from 'vitest'
import { applyMutation } from '@shared/mutations/apply'
import { describeMutatorSuite, suiteUsers, TEAM_A, TEAM_B } from '@shared/mutations/store-suite.testkit'
import type { MutationOutcome } from '@shared/mutations/types'
import type { Db } from '../../server/src/db/connect'
import { sqlEntityTables } from '../../server/src/db/tables'
import { SqlStore } from '../../server/src/sync/sql-store'
import { dialects, freshDatabase, openFresh, stopPostgres, type FreshDatabase } from '../support/databases'

afterAll(stopPostgres)

class Rollback extends Error {}

describe.each(dialects)('%s', (dialect) => {
  let fresh: FreshDatabase
  let db: Db
  beforeAll(async () => {
    fresh = await freshDatabase(dialect)
    db = await openFresh(fresh)
    // the suite's users and teams, as the CLI would make them: SqlStore.user reads them for the assignee rules
    const at = '2026-03-01T00:00:00.000Z'
    await db.write
      .insertInto('teams')
      .values([
        { id: TEAM_A, name: 'Team A', created_at: at },
        { id: TEAM_B, name: 'Team B', created_at: at },
      ])
      .execute()
    for (const u of suiteUsers) {
      await db.write
        .insertInto('users')
        .values({
          id: u.id,
          username: `suite-${u.id.slice(-6)}`,
          password_hash: 'x',
          role: u.role,
          disabled: u.disabled ? 1 : 0,
          created_at: at,
        })
        .execute()
      for (const teamId of u.teamIds)
        await db.write.insertInto('user_teams').values({ user_id: u.id, team_id: teamId }).execute()
    }
  })
  afterAll(async () => {
    await db?.close()
    await fresh?.cleanup()
  })

  describeMutatorSuite(
    `sql-${dialect}`,
    async () => {
      for (const table of [...sqlEntityTables, 'scope_moves', 'conflicts'] as const) {
        await sql`delete from ${sql.table(table)}`.execute(db.write)
      }
      return new SqlStore(db.write, { dialect })
    },
    {
      apply: async (_store, call, ctx) => {
        let outcome: MutationOutcome | undefined
        try {
          await db.write.transaction().execute(async (trx) => {
            if (dialect === 'postgres') await trx.selectFrom('meta').select('version').forUpdate().execute()
            const store = new SqlStore(trx, {
              dialect,
              principal: {
                userId: ctx.userId,
                username: ctx.userId,
                role: ctx.role,
                teamIds: ctx.teamIds,
                sessionId: 'suite',
              },
            })
            outcome = await applyMutation(store, call, ctx)
            if (outcome.status === 'rejected') throw new Rollback()
            await store.writeBuffered()
          })
        } catch (error) {
          if (!(error instanceof Rollback)) throw error
        }
        return outcome!
      },
    },
  )
})
