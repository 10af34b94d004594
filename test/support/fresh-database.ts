/**
 * A fresh database of `dialect` for one describe block: created and opened before its tests, closed and
 * dropped after them. Read `database.db` / `database.fresh` inside tests and hooks.
 */
import { afterAll, beforeAll } from 'vitest'
import type { Db } from '../../server/src/db/connect'
import { freshDatabase, openFresh, type DialectName, type FreshDatabase } from './databases'

export interface FreshDb {
  readonly db: Db
  readonly fresh: FreshDatabase
}

export function useFreshDatabase(dialect: DialectName): FreshDb {
  let fresh: FreshDatabase | undefined
  let db: Db | undefined
  beforeAll(async () => {
    fresh = await freshDatabase(dialect)
    db = await openFresh(fresh)
  }, 60_000)
  afterAll(async () => {
    await db?.close()
    await fresh?.cleanup()
  })
  const opened = <T>(value: T | undefined): T => {
    if (value === undefined) throw new Error(`useFreshDatabase(${dialect}): read before its beforeAll ran`)
    return value
  }
  return {
    get db() {
      return opened(db)
    },
    get fresh() {
      return opened(fresh)
    },
  }
}
