/**
 * SQLite through better-sqlite3, tuned for a sync server:
 *  - WAL, so pulls read while a push writes; synchronous=FULL, so an acknowledged push survives a power cut;
 *  - `BEGIN IMMEDIATE` for every transaction: it takes the write lock up front, so two processes on one file
 *    (the server and a CLI command) wait on busy_timeout instead of failing with a deferred-upgrade deadlock;
 *  - a prepared-statement cache (Kysely's driver prepares every query anew, which dominates small writes).
 */
import Sqlite from 'better-sqlite3'
import {
  CompiledQuery,
  SqliteDialect,
  SqliteDriver,
  type DatabaseConnection,
  type Driver,
  type SqliteDatabase,
  type SqliteStatement,
} from 'kysely'

class ImmediateSqliteDriver extends SqliteDriver {
  override async beginTransaction(connection: DatabaseConnection): Promise<void> {
    await connection.executeQuery(CompiledQuery.raw('begin immediate'))
  }
}

class ImmediateSqliteDialect extends SqliteDialect {
  readonly #database: SqliteDatabase
  constructor(database: SqliteDatabase) {
    super({ database })
    this.#database = database
  }
  override createDriver(): Driver {
    return new ImmediateSqliteDriver({ database: this.#database })
  }
}

/** Wraps a better-sqlite3 handle so that Kysely reuses prepared statements (bounded, oldest evicted first). */
function cachingDatabase(db: Sqlite.Database, size = 500): SqliteDatabase {
  const cache = new Map<string, SqliteStatement>()
  return {
    close: () => db.close(),
    prepare(sqlText: string): SqliteStatement {
      let stmt = cache.get(sqlText)
      if (!stmt) {
        stmt = db.prepare(sqlText) as unknown as SqliteStatement
        if (cache.size >= size) cache.delete(cache.keys().next().value as string)
        cache.set(sqlText, stmt)
      }
      return stmt
    },
  }
}

export interface SqliteHandles {
  write: Sqlite.Database
  read: Sqlite.Database
  writeDialect: SqliteDialect
  readDialect: SqliteDialect
}

export function openSqlite(file: string): SqliteHandles {
  const write = new Sqlite(file)
  write.pragma('journal_mode = WAL')
  write.pragma('synchronous = FULL')
  write.pragma('busy_timeout = 10000')
  write.pragma('foreign_keys = ON')
  // A second connection for reads (pull, token checks): WAL lets it read the last commit while a push writes,
  // instead of queueing behind Kysely's single-connection mutex.
  const read = new Sqlite(file)
  read.pragma('busy_timeout = 10000')
  read.pragma('query_only = ON')
  return {
    write,
    read,
    writeDialect: new ImmediateSqliteDialect(cachingDatabase(write)),
    readDialect: new ImmediateSqliteDialect(cachingDatabase(read)),
  }
}
