/**
 * Shared setup for the server benchmarks (test/bench/server-*.bench.ts): a server on loopback over a fresh
 * database of either dialect, an admin and an engineer, and a customer to hang rows on.
 */
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { existsSync } from 'node:fs'
import { addTeam, addUser } from '../../server/src/auth/users'
import { openDatabase, type Db } from '../../server/src/db/connect'
import { createServer, type CaseloadServer } from '../../server/src/http/app'
import { pgBinDir, startPostgres, type PgCluster } from './postgres'
import { loginAs, testPassword, testScrypt } from './server'

export interface BenchServer {
  url: string
  db: Db
  server: CaseloadServer
  teamId: string
  adminToken: string
  close(): Promise<void>
}

export const postgresAvailable = (): boolean => existsSync(join(pgBinDir, 'initdb'))

export async function startBenchServer(dialect: 'sqlite' | 'postgres'): Promise<BenchServer> {
  let cluster: PgCluster | undefined
  let dir: string | undefined
  let db: Db
  if (dialect === 'postgres') {
    cluster = await startPostgres()
    db = await openDatabase({ databaseUrl: cluster.appUrl, ownerUrl: cluster.ownerUrl, poolSize: 8 })
  } else {
    dir = mkdtempSync(join(tmpdir(), 'caseload-bench-'))
    db = await openDatabase({ dataDir: dir })
  }
  const server = await createServer({ db, logLevel: 'silent' })
  const url = await server.app.listen({ host: '127.0.0.1', port: 0 })
  const team = await addTeam(db.write, 'bench')
  await addUser(db.write, { username: 'admin', password: testPassword, role: 'admin', scrypt: testScrypt })
  await addUser(db.write, {
    username: 'engineer',
    password: testPassword,
    role: 'engineer',
    teams: ['bench'],
    scrypt: testScrypt,
  })
  const adminToken = (await loginAs(url, 'admin')).accessToken
  return {
    url,
    db,
    server,
    teamId: team.id,
    adminToken,
    async close() {
      await server.close()
      await db.close()
      await cluster?.stop()
      if (dir) rmSync(dir, { recursive: true, force: true })
    },
  }
}
