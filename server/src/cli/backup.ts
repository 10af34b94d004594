/**
 * `backup <file>`: a consistent snapshot.
 *  - SQLite: the online backup API (a page-consistent copy while the server keeps running); the copy gets a new
 *    epoch, so clients of a server restored from it know it may have forgotten their latest writes
 *    (design/sync.md, "epoch") and re-push.
 *  - PostgreSQL: pg_dump is the tool for a real backup; this writes a JSON-lines snapshot of every table read in
 *    one REPEATABLE READ transaction, for inspection and for moving data between dialects.
 */
import { randomUUID } from 'node:crypto'
import { createWriteStream, existsSync } from 'node:fs'
import { once } from 'node:events'
import Sqlite from 'better-sqlite3'
import { sql } from 'kysely'
import type { Db } from '../db/connect'

const snapshotTables = [
  'meta',
  'teams',
  'users',
  'user_teams',
  'clients',
  'mutation_results',
  'rejected_mutations',
  'conflicts',
  'audit_log',
  'scope_moves',
]

export async function backup(db: Db, file: string): Promise<string> {
  if (existsSync(file)) throw new Error(`${file} exists: choose a new file name.`)
  if (db.dialect === 'sqlite' && db.sqlite) {
    await db.sqlite.backup(file)
    const copy = new Sqlite(file)
    try {
      copy.prepare('update meta set epoch = ? where id = 1').run(randomUUID())
    } finally {
      copy.close()
    }
    return `SQLite snapshot written to ${file}. To restore, stop the server and copy it to <data-dir>/caseload.sqlite.`
  }
  const { sqlEntityTables } = await import('../db/tables')
  const out = createWriteStream(file, { flags: 'wx' })
  await db.write
    .transaction()
    .setIsolationLevel('repeatable read')
    .execute(async (trx) => {
      await sql`set transaction read only`.execute(trx).catch(() => undefined)
      for (const table of [...snapshotTables, ...sqlEntityTables]) {
        const rows = await sql<Record<string, unknown>>`select * from ${sql.table(table)}`.execute(trx)
        for (const row of rows.rows) {
          if (!out.write(`${JSON.stringify({ table, row })}\n`)) await once(out, 'drain')
        }
      }
    })
  out.end()
  await once(out, 'finish')
  return `JSON-lines snapshot (one REPEATABLE READ transaction) written to ${file}. For a restorable PostgreSQL backup use pg_dump.`
}
