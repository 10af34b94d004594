/**
 * The administration commands, on SQLite and PostgreSQL: the demo organisation (through the mutators), CSV
 * imports that name the bad line and field and import nothing, backups, and the CLI wiring itself.
 */
import { mkdtempSync, writeFileSync, existsSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import Sqlite from 'better-sqlite3'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { backup } from '../../server/src/cli/backup'
import { loadDemo } from '../../server/src/cli/demo'
import { importCsv } from '../../server/src/cli/import'
import { createServer } from '../../server/src/http/app'
import type { Db } from '../../server/src/db/connect'
import { dialects, freshDatabase, openFresh, stopPostgres, type FreshDatabase } from '../support/databases'
import { runServerCli } from '../support/cli'
import { loginAs } from '../support/server'
import { TestClient } from '../support/sync-client'

const tmp = mkdtempSync(join(tmpdir(), 'caseload-cli-'))
// the folder for the CSV files and backups, and one for the CLI run's data dir
const dataDir = mkdtempSync(join(tmpdir(), 'caseload-cli-run-'))
afterAll(async () => {
  await stopPostgres()
  rmSync(tmp, { recursive: true, force: true })
  rmSync(dataDir, { recursive: true, force: true })
})

describe.each(dialects)('CLI commands on %s', (dialect) => {
  let fresh: FreshDatabase
  let db: Db
  beforeAll(async () => {
    fresh = await freshDatabase(dialect)
    db = await openFresh(fresh)
    process.env.CASELOAD_DEMO_PASSWORD = 'demo-password-1'
    await loadDemo(db, {})
  })
  afterAll(async () => {
    await db?.close()
    await fresh?.cleanup()
  })

  const count = async (
    table:
      | 'customers'
      | 'contacts'
      | 'licenses'
      | 'subscriptions'
      | 'incidents'
      | 'plans'
      | 'calendars'
      | 'kb_articles'
      | 'installations'
      | 'time_entries'
      | 'support_packs'
      | 'anomaly_reports'
      | 'incident_events',
  ) =>
    Number(
      (
        await db.read
          .selectFrom(table)
          .select((eb) => eb.fn.countAll<number>().as('n'))
          .executeTakeFirstOrThrow()
      ).n,
    )

  it('demo: plans and calendars of every seed, about 20 customers with everything that hangs off them', async () => {
    expect(await count('plans')).toBeGreaterThanOrEqual(10)
    expect(await count('calendars')).toBeGreaterThanOrEqual(4)
    expect(await count('customers')).toBe(20)
    expect(await count('incidents')).toBe(60)
    for (const table of ['contacts', 'licenses', 'subscriptions', 'kb_articles'] as const)
      expect(await count(table)).toBeGreaterThan(0)
    for (const table of [
      'installations',
      'time_entries',
      'support_packs',
      'anomaly_reports',
      'incident_events',
    ] as const) {
      expect(await count(table), table).toBeGreaterThan(0)
    }
  })

  it('demo: admin and engineer can sign in; the engineer sees only their team', async () => {
    const server = await createServer({ db, logLevel: 'silent' })
    const url = await server.app.listen({ host: '127.0.0.1', port: 0 })
    try {
      const engineer = new TestClient(url, (await loginAs(url, 'engineer', 'demo-password-1')).accessToken)
      const admin = new TestClient(url, (await loginAs(url, 'admin', 'demo-password-1')).accessToken)
      await engineer.pullAll()
      await admin.pullAll()
      const seen = engineer.rowsOf('customers').length
      expect(seen).toBeGreaterThan(0)
      expect(seen).toBeLessThan(admin.rowsOf('customers').length)
      expect(admin.rowsOf('incidents')).toHaveLength(60)
      expect(engineer.rowsOf('plans').length).toBe(admin.rowsOf('plans').length) // organisation-wide rows
    } finally {
      await server.close()
    }
  })

  it('import contacts: all rows, or none with the bad line and field named', async () => {
    const before = await count('contacts')
    const good = join(tmp, `contacts-${dialect}.csv`)
    writeFileSync(
      good,
      'customer,name,email,phone,named\nAcme Mail,Zoe Zed,zoe@acme.test,+33 1 23,no\n"Northwind Mail","Yann, Jr.",yann@nw.test,,yes\n',
    )
    expect(await importCsv(db, 'contacts', good)).toMatch(/Imported 2 contacts/)
    expect(await count('contacts')).toBe(before + 2)

    const bad = join(tmp, `contacts-bad-${dialect}.csv`)
    writeFileSync(
      bad,
      'customer,name,email\nAcme Mail,Ok Person,ok@acme.test\nAcme Mail,Bad Email,not-an-email\n',
    )
    await expect(importCsv(db, 'contacts', bad)).rejects.toThrow(/line 3, field email/)
    const unknown = join(tmp, `contacts-unknown-${dialect}.csv`)
    writeFileSync(unknown, 'customer,name,email\nNo Such Co,A B,a@b.test\n')
    await expect(importCsv(db, 'contacts', unknown)).rejects.toThrow(/line 2, field customer/)
    expect(await count('contacts')).toBe(before + 2) // nothing half-imported
  })

  it('import licenses: with a plan it adds the subscription too; a bad number names its field', async () => {
    const before = { licenses: await count('licenses'), subscriptions: await count('subscriptions') }
    const good = join(tmp, `licenses-${dialect}.csv`)
    writeFileSync(
      good,
      'customer,product,edition,major,currentMajor,os,purchasedAt,planId\nAcme Mail,SMTPmail,Standard,5,5,windows,2026-01-10,softartisans-gold\n',
    )
    expect(await importCsv(db, 'licenses', good)).toMatch(/Imported 1 licenses/)
    expect(await count('licenses')).toBe(before.licenses + 1)
    expect(await count('subscriptions')).toBe(before.subscriptions + 1)
    const bad = join(tmp, `licenses-bad-${dialect}.csv`)
    writeFileSync(
      bad,
      'customer,product,edition,major,currentMajor,os,purchasedAt\nAcme Mail,SMTPmail,Standard,5,5,windows,2026-01-10\nAcme Mail,SMTPmail,Standard,five,5,windows,2026-01-10\n',
    )
    await expect(importCsv(db, 'licenses', bad)).rejects.toThrow(/line 3, field major/)
    const badDate = join(tmp, `licenses-bad-date-${dialect}.csv`)
    writeFileSync(
      badDate,
      'customer,product,edition,major,currentMajor,os,purchasedAt\nAcme Mail,SMTPmail,Standard,5,5,windows,yesterday\n',
    )
    await expect(importCsv(db, 'licenses', badDate)).rejects.toThrow(/line 2, field purchasedAt/)
    expect(await count('licenses')).toBe(before.licenses + 1)
  })

  it('backup writes a consistent snapshot', async () => {
    const file = join(tmp, `backup-${dialect}.${dialect === 'sqlite' ? 'sqlite' : 'jsonl'}`)
    await backup(db, file)
    expect(existsSync(file)).toBe(true)
    const customers = await count('customers')
    const epoch = (await db.read.selectFrom('meta').select('epoch').executeTakeFirstOrThrow()).epoch
    if (dialect === 'sqlite') {
      const copy = new Sqlite(file, { readonly: true })
      expect((copy.prepare('select count(*) as n from customers').get() as { n: number }).n).toBe(customers)
      // a restored copy announces itself with a new epoch, so clients re-push what it may lack
      expect((copy.prepare('select epoch from meta').get() as { epoch: string }).epoch).not.toBe(epoch)
      copy.close()
    } else {
      const lines = readFileSync(file, 'utf8')
        .trim()
        .split('\n')
        .map((l) => JSON.parse(l) as { table: string })
      expect(lines.filter((l) => l.table === 'customers')).toHaveLength(customers)
    }
    await expect(backup(db, file)).rejects.toThrow(/exists/)
  })
})

describe('the CLI entry point', () => {
  it('user add / teams / list / disable and team add run as commands', () => {
    const run = (...args: string[]) => runServerCli(dataDir, args, { CASELOAD_PASSWORD: 'a-long-password' })
    const team = run('team', 'add', 'red')
    expect(team.status, team.stderr).toBe(0)
    expect(run('user', 'add', 'zed', '--role', 'engineer', '--team', 'red').status).toBe(0)
    expect(run('team', 'add', 'blue').status).toBe(0)
    expect(run('user', 'teams', 'zed', '--team', 'blue', '--team', 'red').status).toBe(0)
    expect(run('user', 'disable', 'zed').status).toBe(0)
    const list = run('user', 'list')
    expect(list.stdout).toMatch(/zed\s+engineer\s+disabled\s+blue,red/)
    const bad = run('user', 'add', 'x', '--role', 'boss')
    expect(bad.status).toBe(2)
    expect(bad.stderr).toMatch(/--role/)
  }, 60_000)
})
