/**
 * The global, gap-free version counter of design/sync.md. It is one row, advanced inside the write transaction:
 * on PostgreSQL the UPDATE takes that row's lock until commit, on SQLite the transaction already holds the write
 * lock (BEGIN IMMEDIATE). Either way no other writer can take a version before this transaction ends, so the
 * order of versions is the order of commits and a pull cursor never skips a row that commits late.
 */
import type { Transaction } from 'kysely'
import type { Database } from './schema'

export async function nextVersion(trx: Transaction<Database>): Promise<number> {
  const row = await trx
    .updateTable('meta')
    .set((eb) => ({ version: eb('version', '+', 1) }))
    .where('id', '=', 1)
    .returning('version')
    .executeTakeFirstOrThrow()
  return Number(row.version)
}
