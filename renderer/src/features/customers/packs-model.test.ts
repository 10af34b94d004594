import { describe, expect, it } from 'vitest'
import {
  balanceLevel,
  balanceWarning,
  burnDownSeries,
  burnDownSummary,
  hours,
  packLedger,
} from './packs-model'

const pack = (id: string, minutes: number, purchasedAt: string) => ({
  id,
  label: `${minutes / 60}-hour pack`,
  minutesPurchased: minutes,
  purchasedAt,
})
const entry = (
  id: string,
  minutes: number,
  startedAt: string,
  over: Partial<{
    billable: boolean
    billableOverride: { billable: boolean; reason: string; by: string; at: string } | null
    supportPackId: string | null
  }> = {},
) => ({
  id,
  incidentId: `i-${id}`,
  userId: 'u1',
  minutes,
  startedAt,
  billable: true,
  billableOverride: null,
  supportPackId: 'p1' as string | null,
  ...over,
})

describe('packLedger: purchases and the billable time drawn from them, with a running balance (R-PM-5)', () => {
  const packs = [pack('p2', 300, '2026-03-01'), pack('p1', 600, '2026-01-10')]
  const entries = [
    entry('e2', 90, '2026-02-01T10:00:00Z'),
    entry('e1', 30, '2026-01-10T09:00:00Z'),
    entry('e3', 45, '2026-03-01T08:00:00Z', { supportPackId: 'p2' }),
    // not billable, an override to not billable, and another customer's pack: none of them count
    entry('x1', 500, '2026-02-02T10:00:00Z', { billable: false }),
    entry('x2', 500, '2026-02-03T10:00:00Z', {
      billableOverride: { billable: false, reason: 'product at fault', by: 'u', at: '2026-02-03T11:00:00Z' },
    }),
    entry('x3', 500, '2026-02-04T10:00:00Z', { supportPackId: 'other' }),
  ]
  const ledger = packLedger(packs, entries)

  it('orders by date, a purchase before the work of its day, and keeps the running balance', () => {
    expect(ledger.lines.map((l) => [l.kind, l.id, l.balance])).toEqual([
      ['purchase', 'p1', 600],
      ['entry', 'e1', 570],
      ['entry', 'e2', 480],
      ['purchase', 'p2', 780],
      ['entry', 'e3', 735],
    ])
  })
  it('totals, and each pack balanced on its own as the policy does', () => {
    expect([ledger.purchased, ledger.used, ledger.remaining]).toEqual([900, 165, 735])
    expect(ledger.packs.map((p) => [p.pack.id, p.balance.remaining])).toEqual([
      ['p1', 480],
      ['p2', 255],
    ])
  })
  it('an override to billable counts', () => {
    const l = packLedger(packs, [
      entry('o', 60, '2026-02-01T10:00:00Z', {
        billable: false,
        billableOverride: { billable: true, reason: 'delegated admin', by: 'u', at: '2026-02-01T11:00:00Z' },
      }),
    ])
    expect(l.used).toBe(60)
  })
})

describe('burnDownSeries', () => {
  it('starts at zero before the first purchase, steps at each line and runs flat to now', () => {
    const ledger = packLedger([pack('p1', 600, '2026-01-10')], [entry('e1', 30, '2026-01-11T09:00:00Z')])
    const now = Date.parse('2026-02-01T00:00:00Z')
    expect(burnDownSeries(ledger, now)).toEqual([
      { t: Date.parse('2026-01-10T00:00:00Z'), balance: 0 },
      { t: Date.parse('2026-01-10T00:00:00Z'), balance: 600 },
      { t: Date.parse('2026-01-11T09:00:00Z'), balance: 570 },
      { t: now, balance: 570 },
    ])
  })
  it('is empty without packs', () => {
    expect(burnDownSeries(packLedger([], []), Date.now())).toEqual([])
  })
})

describe('balance warnings', () => {
  it('none, ok, low (under an hour or a fifth), negative', () => {
    expect(balanceLevel(packLedger([], []))).toBe('none')
    expect(balanceLevel(packLedger([pack('p1', 600, '2026-01-01')], []))).toBe('ok')
    expect(
      balanceLevel(packLedger([pack('p1', 600, '2026-01-01')], [entry('e', 481, '2026-01-02T00:00:00Z')])),
    ).toBe('low')
    expect(
      balanceLevel(packLedger([pack('p1', 600, '2026-01-01')], [entry('e', 480, '2026-01-02T00:00:00Z')])),
    ).toBe('ok')
    expect(
      balanceLevel(packLedger([pack('p1', 120, '2026-01-01')], [entry('e', 61, '2026-01-02T00:00:00Z')])),
    ).toBe('low')
    const over = packLedger([pack('p1', 60, '2026-01-01')], [entry('e', 90, '2026-01-02T00:00:00Z')])
    expect(balanceLevel(over)).toBe('negative')
    expect(balanceWarning(over)).toBe(
      'Overdrawn by 0 h 30: more billable time was logged than was bought. Offer a new pack (R-PM-5).',
    )
    expect(balanceWarning(packLedger([pack('p1', 600, '2026-01-01')], []))).toBeNull()
  })
  it('hours() writes a minus sign when overdrawn', () => {
    expect(hours(-30)).toBe('−0 h 30')
    expect(hours(605)).toBe('10 h 05')
  })
})

describe('burnDownSummary: the chart in words', () => {
  it('says what was bought, drawn and left, and the lowest point when overdrawn', () => {
    const ledger = packLedger([pack('p1', 60, '2026-01-01')], [entry('e', 90, '2026-01-02T00:00:00Z')])
    expect(burnDownSummary(ledger, (d) => d.slice(0, 10))).toBe(
      '1 pack bought, 1 h 00 in all, first on 2026-01-01. 1 billable entry drew 1 h 30. ' +
        'Balance now −0 h 30 after the last entry on 2026-01-02. Lowest point −0 h 30.',
    )
  })
})
