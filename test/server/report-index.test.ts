/**
 * `report sla` reads only its period's incidents, through migration 0018's index on `openedAt`, on both
 * dialects: the plan of the very query reports/rows.ts runs names the index (PostgreSQL with sequential scans
 * off, as its planner prefers them on a near-empty table).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { CompiledQuery, sql } from 'kysely'
import type { Db } from '../../server/src/db/connect'
import { incidentsOpenedBetweenQuery } from '../../server/src/reports/rows'
import { dialects, freshDatabase, openFresh, stopPostgres, type FreshDatabase } from '../support/databases'

afterAll(stopPostgres)

describe.each(dialects)('the SLA report’s incident read on %s', (dialect) => {
  let fresh: FreshDatabase
  let db: Db
  beforeAll(async () => {
    fresh = await freshDatabase(dialect)
    db = await openFresh(fresh)
  })
  afterAll(async () => {
    await db?.close()
    await fresh?.cleanup()
  })

  it('searches the openedAt index instead of scanning every incident', async () => {
    const compiled = incidentsOpenedBetweenQuery(
      db,
      '2026-10-30T00:00:00.000Z',
      '2026-12-03T00:00:00.000Z',
    ).compile()
    const plan = await db.write.transaction().execute(async (trx) => {
      if (dialect === 'postgres') await sql`set local enable_seqscan = off`.execute(trx)
      const explain = dialect === 'postgres' ? 'explain ' : 'explain query plan '
      const result = await trx.executeQuery(
        CompiledQuery.raw(explain + compiled.sql, [...compiled.parameters]),
      )
      return JSON.stringify(result.rows)
    })
    expect(plan).toContain('incidents_opened_at')
  })
})
