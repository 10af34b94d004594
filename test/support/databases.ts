/**
 * Every server test runs on both dialects: `describe.each(dialects)` and `freshDatabase(dialect)` in its
 * beforeAll. SQLite gets a new temp dir; PostgreSQL gets a new database in one throwaway cluster per test file
 * (started on first use; call `stopPostgres` in the file's afterAll).
 */
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { openDatabase, type DatabaseConfig, type Db } from '../../server/src/db/connect'
import { startPostgres, type PgCluster } from './postgres'

export type DialectName = 'sqlite' | 'postgres'
export const dialects: DialectName[] = ['sqlite', 'postgres']

let cluster: Promise<PgCluster> | undefined
let counter = 0

export function postgresCluster(): Promise<PgCluster> {
  cluster ??= startPostgres()
  return cluster
}

export async function stopPostgres(): Promise<void> {
  const c = cluster
  cluster = undefined
  if (c) await (await c).stop()
}

export interface FreshDatabase {
  dialect: DialectName
  /** what the server (or a child process) is started with */
  config: DatabaseConfig
  /** the same as environment/flags for a child process */
  env: Record<string, string>
  args: string[]
  /** the data dir: the SQLite file (SQLite) and attachments (both) */
  dataDir: string
  cleanup(): Promise<void>
}

export async function freshDatabase(dialect: DialectName): Promise<FreshDatabase> {
  if (dialect === 'sqlite') {
    const dataDir = mkdtempSync(join(tmpdir(), 'caseload-sqlite-'))
    return {
      dialect,
      config: { dataDir },
      env: {},
      args: ['--data-dir', dataDir],
      dataDir,
      async cleanup() {
        rmSync(dataDir, { recursive: true, force: true })
      },
    }
  }
  const pg = await postgresCluster()
  const name = `caseload_t${process.pid}_${++counter}`
  const urls = await pg.createDatabase(name)
  // attachments live in files beside the database, whichever the dialect
  const dataDir = mkdtempSync(join(tmpdir(), 'caseload-pgdata-'))
  return {
    dialect,
    config: { databaseUrl: urls.appUrl, ownerUrl: urls.ownerUrl },
    env: { DATABASE_URL: urls.appUrl, DATABASE_OWNER_URL: urls.ownerUrl },
    args: ['--data-dir', dataDir],
    dataDir,
    async cleanup() {
      rmSync(dataDir, { recursive: true, force: true })
    },
  }
}

export async function openFresh(fresh: FreshDatabase): Promise<Db> {
  return openDatabase(fresh.config)
}
