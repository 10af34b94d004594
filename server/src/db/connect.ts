/**
 * Opens the database the server was pointed at: a SQLite file by default, PostgreSQL when DATABASE_URL is set.
 * Returns a writer (transactions) and a reader (pull, token checks). On SQLite they are two connections to one
 * WAL file; on PostgreSQL two pools. Migrations run here, before the first query.
 */
import { mkdirSync } from 'node:fs'
import { join } from 'node:path'
import { Kysely, PostgresDialect, sql } from 'kysely'
import pg from 'pg'
import type Sqlite from 'better-sqlite3'
import type { DialectName, SchemaDb } from './dialect'
import { grantAppRole } from './grants'
import { migrateToLatest } from './migrate'
import type { Database } from './schema'
import { openSqlite } from './sqlite'
import { namePreparedStatements } from './statements'

// int8 (bigint: versions, mids) as a JS number: versions stay far below 2^53, and one type on both dialects
pg.types.setTypeParser(20, (value: string) => Number(value))

export interface DatabaseConfig {
  /** postgres://… (the app role); when absent, SQLite under dataDir */
  databaseUrl?: string
  /** postgres://… of the schema owner, used to migrate and to grant the app role least privilege */
  ownerUrl?: string
  dataDir?: string
  /** pool size on PostgreSQL */
  poolSize?: number
}

export interface Db {
  dialect: DialectName
  write: Kysely<Database>
  read: Kysely<Database>
  /** where the data is, for logs and health (never the password) */
  location: string
  /** PostgreSQL only: the connection settings, for LISTEN/NOTIFY on a dedicated client */
  pgUrl?: string
  /** SQLite only: the raw handle, for backups */
  sqlite?: Sqlite.Database
  close(): Promise<void>
}

export function sqliteFile(dataDir: string): string {
  return join(dataDir, 'caseload.sqlite')
}

function redactUrl(url: string): string {
  try {
    const u = new URL(url)
    if (u.password) u.password = '***'
    return u.toString()
  } catch {
    return 'postgres://(unparsable)'
  }
}

export async function openDatabase(config: DatabaseConfig): Promise<Db> {
  if (config.databaseUrl)
    return openPostgres(config.databaseUrl, config.ownerUrl ?? config.databaseUrl, config.poolSize)
  const dataDir = config.dataDir ?? './data'
  mkdirSync(dataDir, { recursive: true })
  const file = sqliteFile(dataDir)
  const handles = openSqlite(file)
  const write = new Kysely<Database>({ dialect: handles.writeDialect })
  const read = new Kysely<Database>({ dialect: handles.readDialect })
  try {
    await migrateToLatest(write, 'sqlite')
  } catch (error) {
    await read.destroy()
    await write.destroy()
    throw error
  }
  return {
    dialect: 'sqlite',
    write,
    read,
    location: file,
    sqlite: handles.write,
    async close() {
      await read.destroy()
      await write.destroy()
    },
  }
}

async function openPostgres(appUrl: string, ownerUrl: string, poolSize = 10): Promise<Db> {
  if (ownerUrl !== appUrl) {
    const owner: SchemaDb = new Kysely({
      dialect: new PostgresDialect({ pool: new pg.Pool({ connectionString: ownerUrl, max: 1 }) }),
    })
    try {
      await migrateToLatest(owner, 'postgres')
      const appRole = new pg.Client({ connectionString: appUrl })
      await appRole.connect()
      const role = (await appRole.query<{ r: string }>('select current_user as r')).rows[0]?.r
      await appRole.end()
      if (role) await grantAppRole(owner, role)
    } finally {
      await owner.destroy()
    }
  }
  // Two pools: pushes queue on the version counter's lock while holding a connection, and must not be able to
  // take every connection from pulls, sign-ins and token checks.
  const open = (max: number): Kysely<Database> => {
    const pool = new pg.Pool({ connectionString: appUrl, max })
    // A pool client that errors while idle (server restart) must not crash the process; the next query reconnects.
    pool.on('error', () => undefined)
    // the hot statements (db/statements.ts) are prepared once per connection instead of parsed on every call
    pool.on('connect', namePreparedStatements)
    return new Kysely<Database>({ dialect: new PostgresDialect({ pool }) })
  }
  const write = open(poolSize)
  const read = open(poolSize)
  if (ownerUrl === appUrl) await migrateToLatest(write, 'postgres')
  else await sql`select 1`.execute(write)
  return {
    dialect: 'postgres',
    write,
    read,
    location: redactUrl(appUrl),
    pgUrl: appUrl,
    async close() {
      await read.destroy()
      await write.destroy()
    },
  }
}
