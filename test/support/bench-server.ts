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
import { createServer, type CaseloadServer, type ServerOptions } from '../../server/src/http/app'
import { pgBinDir, startPostgres, type PgCluster } from './postgres'
import { v7 as uuidv7 } from 'uuid'
import { loginAs, testPassword, testScrypt } from './server'
import { TestClient } from './sync-client'

export interface BenchServer {
  url: string
  db: Db
  server: CaseloadServer
  teamId: string
  adminToken: string
  /** a temp dir: the SQLite file, and the attachments of either dialect */
  dataDir: string
  close(): Promise<void>
}

export const postgresAvailable = (): boolean => existsSync(join(pgBinDir, 'initdb'))

export async function startBenchServer(
  dialect: 'sqlite' | 'postgres',
  options: Pick<ServerOptions, 'mail'> = {},
): Promise<BenchServer> {
  let cluster: PgCluster | undefined
  const dir = mkdtempSync(join(tmpdir(), 'caseload-bench-'))
  let db: Db
  if (dialect === 'postgres') {
    cluster = await startPostgres()
    db = await openDatabase({ databaseUrl: cluster.appUrl, ownerUrl: cluster.ownerUrl, poolSize: 8 })
  } else {
    db = await openDatabase({ dataDir: dir })
  }
  const server = await createServer({ db, logLevel: 'silent', dataDir: dir, ...options })
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
    dataDir: dir,
    async close() {
      await server.close()
      await db.close()
      await cluster?.stop()
      rmSync(dir, { recursive: true, force: true })
    },
  }
}

/**
 * A customer with one contact and one SMTPmail license (the set-up every bench hangs its incidents on): the
 * mutations to push first, and the ids they create.
 */
export function licensedCustomer(
  c: TestClient,
  teamId: string,
  name: string,
  contact: { name: string; email: string },
): {
  customerId: string
  contactId: string
  licenseId: string
  mutations: ReturnType<TestClient['mutation']>[]
} {
  const [customerId, contactId, licenseId] = [uuidv7(), uuidv7(), uuidv7()]
  return {
    customerId,
    contactId,
    licenseId,
    mutations: [
      c.mutation('customer.create', { id: customerId, name, teamId }),
      c.mutation('contact.add', { id: contactId, customerId, ...contact }),
      c.mutation('license.add', {
        id: licenseId,
        customerId,
        product: 'SMTPmail',
        edition: 'Standard',
        major: 5,
        currentMajor: 5,
        os: 'windows',
        purchasedAt: '2026-01-05',
      }),
    ],
  }
}

/**
 * One customer with a contact, a license and an incident (and, when asked, a time entry on it), pushed through
 * the real push path: the template rows the bootstrap benches copy in bulk straight into the database.
 */
export async function seedTemplateIncident(
  b: BenchServer,
  options: { withTimeEntry?: boolean } = {},
): Promise<{ incidentId: string; timeEntryId: string | null }> {
  const c = new TestClient(b.url, b.adminToken)
  const { customerId, contactId, licenseId, mutations } = licensedCustomer(c, b.teamId, 'Bootstrap Corp', {
    name: 'Bo Strap',
    email: 'bo@strap.test',
  })
  const incidentId = uuidv7()
  const timeEntryId = options.withTimeEntry ? uuidv7() : null
  const res = await c.pushOk([
    ...mutations,
    c.mutation('incident.open', {
      id: incidentId,
      customerId,
      contactId,
      licenseId,
      subject: 'Queue stuck',
      description: 'x'.repeat(200),
      severity: 'standard',
      category: 'question',
    }),
    ...(timeEntryId
      ? [
          c.mutation('timeEntry.log', {
            id: timeEntryId,
            incidentId,
            minutes: 15,
            kind: 'investigation',
            note: 'Read the logs',
          }),
        ]
      : []),
  ])
  if (res.results.some((r) => r.status !== 'applied'))
    throw new Error(`seed failed: ${JSON.stringify(res.results)}`)
  return { incidentId, timeEntryId }
}

/** A stored row's customer and its JSON document as text, whichever the dialect keeps it as. */
export async function storedRow(
  b: BenchServer,
  table: 'incidents' | 'time_entries',
  id: string,
): Promise<{ customerId: string | null; data: string }> {
  const row = await b.db.read
    .selectFrom(table)
    .select(['customer_id', 'data'])
    .where('id', '=', id)
    .executeTakeFirstOrThrow()
  return {
    customerId: row.customer_id,
    data: typeof row.data === 'string' ? row.data : JSON.stringify(row.data),
  }
}
