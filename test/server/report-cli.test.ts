/**
 * `report statement` and `report sla` on SQLite and PostgreSQL: the rows written through the app's own mutators,
 * the figures worked out by hand, the PDF read back with pdftotext (what the customer will read), and the CLI
 * wiring run as a command.
 */
import { execFileSync, spawnSync } from 'node:child_process'
import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { v7 as uuidv7 } from 'uuid'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { mutators } from '@shared/mutations'
import { addTeam, addUser } from '../../server/src/auth/users'
import { reportSla, reportStatement, type ReportArgs } from '../../server/src/cli/report'
import type { Db } from '../../server/src/db/connect'
import { applyAllOrNothing } from '../../server/src/sync/apply-trusted'
import { dialects, freshDatabase, openFresh, stopPostgres, type FreshDatabase } from '../support/databases'

const root = fileURLToPath(new URL('../../', import.meta.url))
const tmp = mkdtempSync(join(tmpdir(), 'caseload-report-'))
afterAll(async () => {
  await stopPostgres()
  rmSync(tmp, { recursive: true, force: true })
})

const call = (name: string, args: unknown) => ({ name, mv: mutators[name]!.version, args })

/** PerfectMail (support packs, R-PM-5) on the 24x7 calendar: the statement's days are UTC days. */
async function seed(db: Db): Promise<void> {
  const team = await addTeam(db.write, 'Mail Desk')
  const alice = await addUser(db.write, { username: 'alice', password: 'alice-password', role: 'engineer' })
  const customerId = uuidv7()
  const contactId = uuidv7()
  const licenseId = uuidv7()
  const packId = uuidv7()
  const [mail, bug, defect, emergency] = [uuidv7(), uuidv7(), uuidv7(), uuidv7()]
  const overridden = uuidv7()
  const open = (id: string, subject: string, category: string, openedAt: string) =>
    call('incident.open', {
      id,
      customerId,
      contactId,
      licenseId,
      subject,
      severity: 'standard',
      category,
      openedAt,
    })
  const log = (id: string, incidentId: string, minutes: number, startedAt: string) =>
    call('timeEntry.log', { id, incidentId, minutes, kind: 'investigation', startedAt })
  await applyAllOrNothing(
    db,
    {
      principal: {
        userId: alice.id,
        username: 'alice',
        role: 'admin',
        teamIds: [team.id],
        sessionId: 'test',
      },
      clientId: 'test:report',
      now: new Date('2026-03-05T12:00:00Z'),
    },
    [
      call('customer.create', { id: customerId, name: 'Globex Mail', teamId: team.id }),
      call('contact.add', {
        id: contactId,
        customerId,
        name: 'Ana Ruiz',
        email: 'ana@globex.example',
        named: true,
      }),
      call('license.add', {
        id: licenseId,
        customerId,
        product: 'PerfectMail',
        edition: 'Appliance',
        major: 4,
        currentMajor: 4,
        os: 'windows',
        purchasedAt: '2025-12-01',
      }),
      call('subscription.buy', {
        id: uuidv7(),
        customerId,
        licenseId,
        planId: 'perfectmail-standard',
        start: '2025-12-01',
      }),
      call('supportPack.purchase', {
        id: packId,
        customerId,
        minutes: 600,
        label: '10-hour pack',
        purchasedAt: '2026-01-05',
      }),
      open(mail, 'Why was this mail held?', 'mail-flow-investigation', '2026-01-19T15:00:00Z'),
      log(uuidv7(), mail, 120, '2026-01-20T15:00:00Z'),
      log(uuidv7(), mail, 90, '2026-02-03T14:00:00Z'),
      log(uuidv7(), mail, 15, '2026-03-01T10:00:00Z'),
      open(bug, 'Crash on export', 'bug-report', '2026-02-09T15:00:00Z'),
      log(uuidv7(), bug, 60, '2026-02-10T15:00:00Z'),
      open(defect, 'Relay drops DKIM signatures', 'mail-flow-investigation', '2026-02-11T15:00:00Z'),
      log(overridden, defect, 45, '2026-02-12T15:00:00Z'),
      call('timeEntry.overrideBillable', {
        timeEntryId: overridden,
        billable: false,
        reason: 'The product was at fault (DKIM bug 4411)',
      }),
      open(emergency, 'Server down at night', 'emergency', '2026-02-14T03:00:00Z'),
      log(uuidv7(), emergency, 60, '2026-02-14T04:00:00Z'),
    ],
  )
}

const args = (over: Partial<ReportArgs>): ReportArgs => ({
  customer: undefined,
  from: undefined,
  to: undefined,
  pdf: undefined,
  csv: undefined,
  vendor: undefined,
  ...over,
})

function pdfText(file: string): string {
  return execFileSync('pdftotext', ['-layout', file, '-'], { encoding: 'utf8' })
}

describe.each(dialects)('report on %s', (dialect) => {
  let fresh: FreshDatabase
  let db: Db
  beforeAll(async () => {
    fresh = await freshDatabase(dialect)
    db = await openFresh(fresh)
    await seed(db)
  })
  afterAll(async () => {
    await db?.close()
    await fresh?.cleanup()
  })

  it('statement: totals worked out by hand, and the PDF says the same', async () => {
    const pdf = join(tmp, `${dialect}-statement.pdf`)
    const csv = join(tmp, `${dialect}-statement.csv`)
    const out = await reportStatement(
      db,
      args({
        customer: 'Globex Mail',
        from: '2026-02-01',
        to: '2026-02-28',
        pdf,
        csv,
        vendor: 'PerfectMail Support',
      }),
      new Date('2026-03-05T12:00:00Z'),
    )
    // before: 600 − 120 (January) = 480; drawn in February: 90 + 60 (emergency) = 150; after 330
    expect(out).toContain('Statement for Globex Mail, 2026-02-01 to 2026-02-28 (days in UTC)')
    expect(out).toContain('Time logged 4:15: billable 2:30, not billable 1:45')
    expect(out).toContain('Balance before 8:00, bought 0:00, drawn 2:30, after 5:30')

    const text = pdfText(pdf)
    expect(text).toContain('PerfectMail Support')
    expect(text).toContain('Statement for Globex Mail')
    expect(text).toContain('Period: 2026-02-01 to 2026-02-28 (days in UTC)')
    expect(text).toMatch(
      /2026-02-03\s+alice\s+Why was this mail held\?\s+1:30\s+Billable \(R-PM-2\)\s+10-hour pack/,
    )
    expect(text).toMatch(/2026-02-10\s+alice\s+Crash on export\s+1:00\s+Not billable \(R-PM-1\)/)
    expect(text).toMatch(
      // the override's mark wraps under the rule in its column
      /2026-02-12\s+alice\s+Relay drops DKIM signatures\s+0:45\s+Not billable \(R-PM-3\)\s+-\s*\n\s+override/,
    )
    expect(text).toContain('Emergency incidents (R-ST-4)')
    expect(text).toMatch(/2026-02-14\s+Server down at night\s+1:00\s+R-ST-4/)
    expect(text).toMatch(/10-hour pack\s+2026-01-05\s+8:00\s+0:00\s+2:30\s+5:30/)
    expect(text).toContain('Page 1 of 1')
    // the March entry is not on February's statement
    expect(text).not.toContain('0:15')

    const rows = readFileSync(csv, 'utf8')
      .replace(/^\ufeff/, '')
      .trimEnd()
      .split('\r\n')
    expect(rows.at(-1)).toBe('total,,,,Total,,255,,R-PM-5,,,480,0,150,330')
  })

  it('statement: a bad period or an unknown customer names the option, and writes nothing', async () => {
    const pdf = join(tmp, `${dialect}-bad.pdf`)
    await expect(
      reportStatement(
        db,
        args({ customer: 'Globex Mail', from: '2026-02-01', to: '2026-02-31', pdf }),
        new Date(),
      ),
    ).rejects.toThrow(/--to/)
    await expect(
      reportStatement(
        db,
        args({ customer: 'Nobody Inc', from: '2026-02-01', to: '2026-02-28', pdf }),
        new Date(),
      ),
    ).rejects.toThrow(/--customer: no customer/)
    await expect(
      reportStatement(db, args({ customer: 'Globex Mail', to: '2026-02-28' }), new Date()),
    ).rejects.toThrow(/--from/)
    expect(() => readFileSync(pdf)).toThrow()
  })

  it('sla: the incidents opened in the period, by plan, severity and team', async () => {
    const out = await reportSla(
      db,
      args({ from: '2026-02-01', to: '2026-02-28' }),
      new Date('2026-03-05T12:00:00Z'),
    )
    expect(out).toContain('SLA compliance, incidents opened 2026-02-01 to 2026-02-28')
    // three incidents opened in February; PerfectMail commits to no response time, so none is met or breached
    expect(out).toContain('Total: 0 incidents, 0 met, 0 breached, 0 open (–); 3 without a response target')
  })
})

describe('report as a command', () => {
  it('npm run server -- report statement … --pdf writes the PDF (SQLite data dir)', async () => {
    const fresh = await freshDatabase('sqlite')
    try {
      const db = await openFresh(fresh)
      await seed(db)
      await db.close()
      const pdf = join(tmp, 'cli.pdf')
      const run = spawnSync(
        'npx',
        [
          'tsx',
          '--tsconfig',
          'tsconfig.server.json',
          'server/src/cli/main.ts',
          'report',
          'statement',
          '--customer',
          'Globex Mail',
          '--from',
          '2026-02-01',
          '--to',
          '2026-02-28',
          '--pdf',
          pdf,
          ...fresh.args,
        ],
        { cwd: root, encoding: 'utf8', env: { ...process.env, DATABASE_URL: '' } },
      )
      expect(run.stderr).toBe('')
      expect(run.status).toBe(0)
      expect(run.stdout).toContain(`PDF written to ${pdf}`)
      expect(pdfText(pdf)).toMatch(/Balance after\s*\n?[\s\S]*5:30/)
    } finally {
      await fresh.cleanup()
    }
  })
})
