/**
 * A throwaway PostgreSQL 15 cluster for one test run: initdb into a fresh temp dir, listen on 127.0.0.1 only on a
 * free port, fsync off (a test cluster need not survive a power cut), and one app database with two roles:
 *  - `caseload_owner` owns the schema and runs the migrations;
 *  - `caseload_app` is what the server connects as: the server grants it least privilege after migrating
 *    (no UPDATE/DELETE on audit_log), so tests exercise the production privilege model.
 * We run as root, and PostgreSQL refuses to run as root: initdb/pg_ctl run as the `postgres` OS user.
 */
import { execFileSync, spawnSync } from 'node:child_process'
import {
  existsSync,
  mkdtempSync,
  readdirSync,
  rmSync,
  chownSync,
  writeFileSync,
  appendFileSync,
} from 'node:fs'
import { createServer } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import pg from 'pg'

/** PG_BIN_DIR, else PostgreSQL 15's Debian location, else the newest other version installed there */
function findBinDir(): string {
  if (process.env.PG_BIN_DIR) return process.env.PG_BIN_DIR
  const preferred = '/usr/lib/postgresql/15/bin'
  if (existsSync(join(preferred, 'initdb'))) return preferred
  const root = '/usr/lib/postgresql'
  const versions = existsSync(root)
    ? readdirSync(root)
        .filter((v) => existsSync(join(root, v, 'bin', 'initdb')))
        .sort((a, b) => Number(b) - Number(a))
    : []
  return versions[0] ? join(root, versions[0], 'bin') : preferred
}

export const pgBinDir = findBinDir()

export interface PgCluster {
  port: number
  /** URL of the app role (least privilege): what the server uses as DATABASE_URL */
  appUrl: string
  /** URL of the owner role: what the server uses to migrate (DATABASE_OWNER_URL) */
  ownerUrl: string
  /** URL of the superuser, for tests that create extra databases */
  superUrl: string
  /** a fresh, empty database pair (owner + app URL) in this cluster, so test files don't see each other's rows */
  createDatabase(name: string): Promise<{ appUrl: string; ownerUrl: string }>
  stop(): Promise<void>
}

const ownerRole = 'caseload_owner'
const appRole = 'caseload_app'
// Passwords for a loopback-only cluster that lives for one test run; trust auth would do, but giving the roles
// passwords makes the URLs look like production ones.
const ownerPassword = 'owner-test-only'
const appPassword = 'app-test-only'

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer()
    srv.unref()
    srv.on('error', reject)
    srv.listen(0, '127.0.0.1', () => {
      const address = srv.address()
      const port = typeof address === 'object' && address ? address.port : 0
      srv.close(() => resolve(port))
    })
  })
}

function asPostgres(bin: string, args: string[]): void {
  const isRoot = process.getuid?.() === 0
  const cmd = isRoot ? 'runuser' : join(pgBinDir, bin)
  const fullArgs = isRoot ? ['-u', 'postgres', '--', join(pgBinDir, bin), ...args] : args
  const result = spawnSync(cmd, fullArgs, { encoding: 'utf8', timeout: 60_000 })
  if (result.status !== 0) {
    throw new Error(`${bin} ${args.join(' ')} failed (${result.status}): ${result.stderr || result.stdout}`)
  }
}

/** Throws a clear message when PostgreSQL 15 is not installed (the tests need it; see README). */
export function assertPostgresInstalled(): void {
  if (!existsSync(join(pgBinDir, 'initdb'))) {
    throw new Error(
      `PostgreSQL is not installed: ${join(pgBinDir, 'initdb')} is missing. ` +
        'Install it (Debian: apt-get install postgresql; version 15 is what the project targets) or set PG_BIN_DIR to its bin directory.',
    )
  }
}

async function waitReady(url: string): Promise<void> {
  const deadline = Date.now() + 30_000
  let lastError: unknown
  while (Date.now() < deadline) {
    const client = new pg.Client({ connectionString: url })
    try {
      await client.connect()
      await client.end()
      return
    } catch (error) {
      lastError = error
      await client.end().catch(() => undefined)
      await new Promise((r) => setTimeout(r, 100))
    }
  }
  throw new Error(`PostgreSQL did not become ready: ${String(lastError)}`)
}

export async function startPostgres(): Promise<PgCluster> {
  assertPostgresInstalled()
  const root = mkdtempSync(join(tmpdir(), 'caseload-pg-'))
  const dataDir = join(root, 'data')
  const socketDir = root
  const isRoot = process.getuid?.() === 0
  if (isRoot) {
    const uid = Number(execFileSync('id', ['-u', 'postgres'], { encoding: 'utf8' }).trim())
    const gid = Number(execFileSync('id', ['-g', 'postgres'], { encoding: 'utf8' }).trim())
    chownSync(root, uid, gid)
  }
  const port = await freePort()
  asPostgres('initdb', [
    '-D',
    dataDir,
    '-U',
    'postgres',
    '--auth=trust',
    '--no-sync',
    '-E',
    'UTF8',
    '--locale=C',
  ])
  // Loopback only; trust for the superuser on loopback (and the socket), passwords for the app roles.
  writeFileSync(
    join(dataDir, 'pg_hba.conf'),
    [
      'local all postgres trust',
      'host all postgres 127.0.0.1/32 trust',
      'host all all 127.0.0.1/32 scram-sha-256',
      '',
    ].join('\n'),
  )
  appendFileSync(
    join(dataDir, 'postgresql.conf'),
    [
      `listen_addresses = '127.0.0.1'`,
      `port = ${port}`,
      `unix_socket_directories = '${socketDir}'`,
      'fsync = off',
      'synchronous_commit = off',
      'full_page_writes = off',
      'max_connections = 100',
      'shared_buffers = 64MB',
      '',
    ].join('\n'),
  )
  asPostgres('pg_ctl', ['-D', dataDir, '-l', join(root, 'postgres.log'), '-w', '-t', '60', 'start'])

  const superUrl = `postgres://postgres@127.0.0.1:${port}/postgres`
  let stopped = false
  const stop = async (): Promise<void> => {
    if (stopped) return
    stopped = true
    try {
      asPostgres('pg_ctl', ['-D', dataDir, '-m', 'immediate', '-w', 'stop'])
    } finally {
      rmSync(root, { recursive: true, force: true })
    }
  }
  // A crashed test run must not leave a postgres behind.
  process.once('exit', () => {
    if (!stopped)
      spawnSync('runuser', [
        '-u',
        'postgres',
        '--',
        join(pgBinDir, 'pg_ctl'),
        '-D',
        dataDir,
        '-m',
        'immediate',
        'stop',
      ])
  })

  try {
    await waitReady(superUrl)
    const admin = new pg.Client({ connectionString: superUrl })
    await admin.connect()
    await admin.query(`CREATE ROLE ${ownerRole} LOGIN PASSWORD '${ownerPassword}'`)
    await admin.query(`CREATE ROLE ${appRole} LOGIN PASSWORD '${appPassword}'`)
    await admin.end()
  } catch (error) {
    await stop()
    throw error
  }

  const createDatabase = async (name: string): Promise<{ appUrl: string; ownerUrl: string }> => {
    if (!/^[a-z][a-z0-9_]*$/.test(name)) throw new Error(`bad database name ${name}`)
    const admin = new pg.Client({ connectionString: superUrl })
    await admin.connect()
    try {
      await admin.query(`CREATE DATABASE ${name} OWNER ${ownerRole}`)
      // The app role may connect and use the schema; table privileges are granted by the server's migration step.
      await admin.query(`REVOKE ALL ON DATABASE ${name} FROM PUBLIC`)
      await admin.query(`GRANT CONNECT, TEMPORARY ON DATABASE ${name} TO ${appRole}`)
    } finally {
      await admin.end()
    }
    return {
      appUrl: `postgres://${appRole}:${appPassword}@127.0.0.1:${port}/${name}`,
      ownerUrl: `postgres://${ownerRole}:${ownerPassword}@127.0.0.1:${port}/${name}`,
    }
  }

  const main = await createDatabase('caseload')
  return { port, appUrl: main.appUrl, ownerUrl: main.ownerUrl, superUrl, createDatabase, stop }
}
