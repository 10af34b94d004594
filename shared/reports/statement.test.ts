import { describe, expect, it } from 'vitest'
import { billableStatement, statementZone, type StatementEntry, type StatementIncident } from './statement'
import { ReportInputError } from './errors'
import { statementCsv } from './csv'
import { packBurnDown } from './burn-down'
import { presets } from '@shared/policy'

// Worked by hand. Customer on a plan whose calendar is US Eastern; the statement covers February 2026.
const zone = 'America/New_York'
const period = { from: '2026-02-01', to: '2026-02-28', zone }
const packA = { id: 'pack-a', label: '10-hour pack', minutesPurchased: 600, purchasedAt: '2026-01-05' }
const packB = { id: 'pack-b', label: '5-hour pack', minutesPurchased: 300, purchasedAt: '2026-02-15' }

const incidents: StatementIncident[] = [
  {
    id: 'inc-mail',
    subject: 'Why was this mail held?',
    severity: 'standard',
    category: 'mail-flow-investigation',
    openedAt: '2026-01-19T15:00:00Z',
  },
  {
    id: 'inc-bug',
    subject: 'Crash on export',
    severity: 'standard',
    category: 'bug-report',
    openedAt: '2026-02-09T15:00:00Z',
  },
  {
    id: 'inc-defect',
    subject: 'Relay drops DKIM',
    severity: 'standard',
    category: 'mail-flow-investigation',
    openedAt: '2026-02-11T15:00:00Z',
  },
  {
    id: 'inc-emergency',
    subject: 'Server down',
    severity: 'emergency',
    category: 'emergency',
    openedAt: '2026-02-14T03:00:00Z',
  },
]

function entry(
  id: string,
  incidentId: string,
  startedAt: string,
  minutes: number,
  billable: boolean,
  pack: string | null,
  extra: Partial<StatementEntry> = {},
): StatementEntry {
  return {
    id,
    incidentId,
    userId: 'u-alice',
    minutes,
    startedAt,
    kind: 'investigation',
    billable,
    supportPackId: pack,
    ...extra,
  }
}

const entries: StatementEntry[] = [
  entry('e1', 'inc-mail', '2026-01-20T15:00:00Z', 120, true, 'pack-a'),
  // 23:30 on Jan 31 in New York is Feb 1 in UTC: January's, so before the period
  entry('e2', 'inc-mail', '2026-02-01T04:30:00Z', 30, true, 'pack-a'),
  entry('e3', 'inc-mail', '2026-02-03T14:00:00Z', 90, true, 'pack-a'),
  entry('e4', 'inc-bug', '2026-02-10T15:00:00Z', 60, false, null),
  // R-PM-2 would bill it; the engineer found the product at fault (R-PM-3 override): not billable, no pack
  entry('e5', 'inc-defect', '2026-02-12T15:00:00Z', 45, true, null, {
    billableOverride: { billable: false, reason: 'the product was at fault (DKIM bug 4411)' },
  }),
  entry('e9', 'inc-emergency', '2026-02-14T04:00:00Z', 60, true, 'pack-a'),
  entry('e8', 'inc-mail', '2026-02-20T15:00:00Z', 60, true, 'pack-b', { userId: 'u-bob' }),
  // 23:00 on Feb 28 in New York is Mar 1 in UTC: February's
  entry('e6', 'inc-mail', '2026-03-01T04:00:00Z', 30, true, 'pack-a'),
  entry('e7', 'inc-mail', '2026-03-01T17:00:00Z', 15, true, 'pack-a'),
]

const statement = () =>
  billableStatement({
    customer: { id: 'c1', name: 'Globex' },
    period,
    packs: [packB, packA],
    entries,
    incidents,
    engineers: { 'u-alice': 'alice', 'u-bob': 'bob' },
  })

describe('billableStatement (R-PM-5, R-ST-4)', () => {
  it('totals worked out by hand: lines, billable and not, drawn, balance before and after', () => {
    const s = statement()
    expect(s.period.start).toBe('2026-02-01T05:00:00.000Z')
    expect(s.period.end).toBe('2026-03-01T05:00:00.000Z')
    expect(s.lines.map((l) => l.entryId)).toEqual(['e3', 'e4', 'e5', 'e8', 'e6'])
    expect(s.lines.map((l) => l.date)).toEqual([
      '2026-02-03',
      '2026-02-10',
      '2026-02-12',
      '2026-02-20',
      '2026-02-28',
    ])
    expect(s.totals).toEqual({
      minutes: 345,
      billableMinutes: 240,
      nonBillableMinutes: 105,
      unpackedBillableMinutes: 0,
      emergencyIncidents: 1,
      emergencyMinutes: 60,
      drawn: 240,
      balanceBefore: 450,
      purchasedInPeriod: 300,
      balanceAfter: 510,
    })
  })

  it('a pack drawn across the period boundary: before = bought − January, after = before − February', () => {
    const [a, b] = statement().packs
    expect(a).toMatchObject({
      packId: 'pack-a',
      before: 450,
      purchasedInPeriod: 0,
      drawn: 180,
      after: 270,
      overdrawn: false,
    })
    expect(b).toMatchObject({ packId: 'pack-b', before: 0, purchasedInPeriod: 300, drawn: 60, after: 240 })
    // January's statement ends where February's begins
    const january = billableStatement({
      customer: { id: 'c1', name: 'Globex' },
      period: { from: '2026-01-01', to: '2026-01-31', zone },
      packs: [packA, packB],
      entries,
      incidents,
    })
    expect(january.packs[0]).toMatchObject({ before: 0, purchasedInPeriod: 600, drawn: 150, after: 450 })
    expect(january.packs[1]).toMatchObject({ before: 0, purchasedInPeriod: 0, drawn: 0, after: 0 })
  })

  it('an override under R-PM-3 leaves the line not billable, with the engineer’s reason, drawn from no pack', () => {
    const line = statement().lines.find((l) => l.entryId === 'e5')!
    expect(line).toMatchObject({
      billable: false,
      ruleId: 'R-PM-3',
      overridden: true,
      packId: null,
      packLabel: null,
    })
    expect(line.reason).toContain('DKIM bug 4411')
    const classified = statement().lines.find((l) => l.entryId === 'e3')!
    expect(classified).toMatchObject({
      billable: true,
      ruleId: 'R-PM-2',
      overridden: false,
      packLabel: '10-hour pack',
    })
    expect(statement().lines.find((l) => l.entryId === 'e4')).toMatchObject({
      billable: false,
      ruleId: 'R-PM-1',
    })
  })

  it('an emergency incident is its own line (R-ST-4), its minutes drawn from the pack like any billable work', () => {
    const s = statement()
    expect(s.emergency).toHaveLength(1)
    expect(s.emergency[0]).toMatchObject({
      incidentId: 'inc-emergency',
      ruleId: 'R-ST-4',
      minutes: 60,
      date: '2026-02-13',
    })
    expect(s.emergency[0]!.lines.map((l) => l.entryId)).toEqual(['e9'])
    expect(s.lines.some((l) => l.incidentId === 'inc-emergency')).toBe(false)
  })

  it('an emergency incident opened in the period with no time logged is still a line', () => {
    const s = billableStatement({
      customer: { id: 'c1', name: 'Globex' },
      period,
      packs: [],
      entries: [],
      incidents,
    })
    expect(s.emergency.map((e) => [e.incidentId, e.minutes])).toEqual([['inc-emergency', 0]])
  })

  it('billable work with no pack is counted apart, to be invoiced', () => {
    const s = billableStatement({
      customer: { id: 'c1', name: 'Globex' },
      period,
      packs: [],
      entries: [entry('x', 'inc-mail', '2026-02-03T14:00:00Z', 50, true, null)],
      incidents,
    })
    expect(s.totals).toMatchObject({ billableMinutes: 50, unpackedBillableMinutes: 50, drawn: 0 })
  })

  it('names the field of bad input', () => {
    const base = { customer: { id: 'c1', name: 'G' }, packs: [], incidents, entries: [] as StatementEntry[] }
    expect(() => billableStatement({ ...base, period: { ...period, zone: 'Mars/Olympus' } })).toThrow(
      /period.zone/,
    )
    expect(() => billableStatement({ ...base, period: { ...period, to: '2026-01-01' } })).toThrow(/period.to/)
    expect(() => billableStatement({ ...base, period: { ...period, from: '2026-02-30' } })).toThrow(
      ReportInputError,
    )
    expect(() =>
      billableStatement({ ...base, period, entries: [entry('z', 'inc-mail', 'yesterday', 5, true, null)] }),
    ).toThrow(/entries.0.startedAt/)
    expect(() =>
      billableStatement({
        ...base,
        period,
        entries: [entry('z', 'inc-mail', '2026-02-03T14:00:00Z', -5, true, null)],
      }),
    ).toThrow(/entries.0.minutes/)
  })

  it('the CSV has every line, the emergency lines, each pack and the total', () => {
    const rows = statementCsv(statement()).trimEnd().split('\r\n')
    expect(rows[0]).toMatch(/^type,date,engineer,incident,subject/)
    expect(rows.filter((r) => r.startsWith('entry,'))).toHaveLength(5)
    expect(rows.filter((r) => r.startsWith('emergency,'))).toHaveLength(1)
    expect(rows.filter((r) => r.startsWith('pack,'))).toEqual([
      'pack,2026-01-05,,,10-hour pack,,180,,R-PM-5,,10-hour pack,450,0,180,270',
      'pack,2026-02-15,,,5-hour pack,,60,,R-PM-5,,5-hour pack,0,300,60,240',
    ])
    expect(rows.at(-1)).toBe('total,,,,Total,,345,,R-PM-5,,,450,300,240,510')
  })
})

describe('statementZone', () => {
  const planOf = (id: string) => presets.plans[id]
  const zoneOf = (id: string) => presets.calendars[id]?.zone
  it('reads the days in the calendar of the support-pack plan, else the first active one, else UTC', () => {
    expect(
      statementZone(
        [
          { planId: 'softartisans-gold', status: 'active', start: '2025-01-01' },
          { planId: 'perfectmail-standard', status: 'active', start: '2025-06-01' },
        ],
        planOf,
        zoneOf,
      ),
    ).toBe(presets.calendars[presets.plans['perfectmail-standard']!.calendarId]!.zone)
    expect(
      statementZone(
        [{ planId: 'addonmail-maintenance', status: 'active', start: '2025-01-01' }],
        planOf,
        zoneOf,
      ),
    ).toBe('Europe/Paris')
    expect(statementZone([], planOf, zoneOf)).toBe('UTC')
  })
})

describe('packBurnDown', () => {
  it('each pack’s balance at the end of each day; nothing before a pack was bought', () => {
    const b = packBurnDown([packA, packB], entries, period)
    expect(b.days).toHaveLength(28)
    const day = (d: string) => b.days.find((x) => x.date === d)!
    expect(day('2026-02-01').remaining).toEqual({ 'pack-a': 450, 'pack-b': null })
    expect(day('2026-02-03')).toEqual({
      date: '2026-02-03',
      remaining: { 'pack-a': 360, 'pack-b': null },
      drawn: 90,
    })
    // the emergency entry at 04:00Z on the 14th is 23:00 on the 13th in New York
    expect(day('2026-02-13').remaining['pack-a']).toBe(300)
    expect(day('2026-02-15').remaining).toEqual({ 'pack-a': 300, 'pack-b': 300 })
    expect(day('2026-02-28').remaining).toEqual({ 'pack-a': 270, 'pack-b': 240 })
  })
})
