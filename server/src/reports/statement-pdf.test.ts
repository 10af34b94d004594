/** The statement PDF read back with pdftotext: names outside Latin-1 come out as written (embedded DejaVu). */
import { execFileSync } from 'node:child_process'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import type { Statement } from '@shared/reports'
import { renderStatementPdf } from './statement-pdf'

const dir = mkdtempSync(join(tmpdir(), 'statement-pdf-'))
afterAll(() => rmSync(dir, { recursive: true, force: true }))

function statementFor(customer: string, engineer: string, subject: string): Statement {
  const zero = { minutes: 0, billableMinutes: 0, nonBillableMinutes: 0, unpackedBillableMinutes: 0 }
  return {
    customer: { id: 'c1', name: customer },
    period: {
      from: '2026-02-01',
      to: '2026-02-28',
      zone: 'Europe/Warsaw',
      startMs: 0,
      endMs: 0,
      start: '2026-01-31T23:00:00.000Z',
      end: '2026-02-28T23:00:00.000Z',
    },
    lines: [
      {
        entryId: 'e1',
        date: '2026-02-03',
        startedAt: '2026-02-03T09:00:00.000Z',
        engineerId: 'u1',
        engineer,
        incidentId: 'i1',
        incidentSubject: subject,
        kind: 'work',
        minutes: 90,
        billable: true,
        ruleId: 'R-PM-5',
        reason: 'Billable support',
        overridden: false,
        packId: null,
        packLabel: null,
      },
    ],
    emergency: [],
    packs: [],
    totals: {
      ...zero,
      minutes: 90,
      billableMinutes: 90,
      unpackedBillableMinutes: 90,
      emergencyIncidents: 0,
      emergencyMinutes: 0,
      drawn: 0,
      balanceBefore: 0,
      purchasedInPeriod: 0,
      balanceAfter: 0,
    },
  }
}

async function textOf(s: Statement, vendor = 'Łódź Hosting sp. z o.o.'): Promise<string> {
  const file = join(dir, `${Math.random().toString(36).slice(2)}.pdf`)
  writeFileSync(file, await renderStatementPdf(s, { vendor, generatedAt: '2026-03-01T08:00:00.000Z' }))
  return execFileSync('pdftotext', ['-layout', file, '-'], { encoding: 'utf8' })
}

describe('statement PDF text', () => {
  it('writes names in Latin Extended, Greek and Cyrillic as they are', async () => {
    const text = await textOf(statementFor('Zoë Łukasiewicz', 'Ελένη Παπαδοπούλου', 'Почта не доходит'))
    expect(text).toContain('Statement for Zoë Łukasiewicz')
    expect(text).toContain('Łódź Hosting sp. z o.o.')
    // the engineer's column is narrow: the surname wraps to the next line
    expect(text).toContain('Ελένη')
    expect(text).toContain('Παπαδοπούλου')
    expect(text).toContain('Почта не доходит')
  })

  it('marks characters the font lacks (Japanese) with U+FFFD instead of wrong letters, keeping the rest', async () => {
    const text = await textOf(statementFor('株式会社 Müller', 'zoë', 'Mail'))
    expect(text).toContain('Statement for \ufffd\ufffd\ufffd\ufffd Müller')
    expect(text).not.toContain('株式会社')
  })
})
