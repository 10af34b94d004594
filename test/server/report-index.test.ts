/**
 * `report sla` reads only its period's incidents, through migration 0018's index on `openedAt`, on both
 * dialects: the plan of the very query reports/rows.ts runs names the index (PostgreSQL with sequential scans
 * off, as its planner prefers them on a near-empty table).
 */
import { afterAll, describe, expect, it } from 'vitest'
import { CompiledQuery, sql } from 'kysely'
import { incidentsOpenedBetweenQuery } from '../../server/src/reports/rows'
import { dialects, stopPostgres } from '../support/databases'
import { useFreshDatabase } from '../support/fresh-database'

afterAll(stopPostgres)

describe.each(dialects)('the SLA report’s incident read on %s', (dialect) => {
  const database = useFreshDatabase(dialect)

  it('searches the openedAt index instead of scanning every incident', async () => {
    const compiled = incidentsOpenedBetweenQuery(
      database.db,
      '2026-10-30T00:00:00.000Z',
      '2026-12-03T00:00:00.000Z',
    ).compile()
    const plan = await database.db.write.transaction().execute(async (trx) => {
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
