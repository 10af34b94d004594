import { afterEach, describe, expect, it, vi } from 'vitest'
import { EntitlementDecisionSchema, type Plan } from '../domain'
import { evaluateEntitlement, presets, type EntitlementInput, type PriorIncident } from './index'

const plan = (id: string): Plan => presets.plans[id]!
const active = { start: '2026-01-15', end: '2027-01-14', status: 'active' as const }

function decide(id: string, patch: Partial<EntitlementInput> = {}) {
  return evaluateEntitlement({
    plan: plan(id),
    subscription: active,
    purchasedAt: '2026-01-15',
    severity: 'standard',
    contactIsNamed: true,
    priorIncidents: [],
    now: '2026-06-01T15:00:00Z',
    ...patch,
  })
}

const prior = (openedAt: string, extra: Partial<PriorIncident> = {}): PriorIncident => ({
  openedAt,
  severity: 'standard',
  ...extra,
})
const ruleIds = (r: { reasons: { ruleId: string }[] }) => r.reasons.map((x) => x.ruleId)

describe('R-SA-2 Maintenance allowance', () => {
  it('R-SA-2: 3 incidents per contract year, every incident counts: the third is covered', () => {
    const r = decide('softartisans-maintenance', {
      priorIncidents: [
        prior('2026-02-01T15:00:00Z'),
        prior('2026-03-01T15:00:00Z', { severity: 'priority' }),
      ],
    })
    expect(r.decision).toBe('covered')
    expect(r.allowance).toEqual({ limit: 3, used: 2, periodStart: '2026-01-15', periodEnd: '2027-01-14' })
    expect(r.actions).toEqual([])
  })

  it('R-SA-2: the fourth is over the allowance, kept and flagged with the choices of the plan', () => {
    const priors = ['2026-02-01', '2026-03-01', '2026-04-01'].map((d) => prior(`${d}T15:00:00Z`))
    const r = decide('softartisans-maintenance', { priorIncidents: priors })
    expect(r.decision).toBe('over-allowance')
    expect(r.allowance?.used).toBe(3)
    expect(r.actions).toEqual(['bill-incident', 'approve-exception'])
    expect(ruleIds(r)).toEqual(expect.arrayContaining(['R-SA-2', 'D-1', 'D-2']))
  })
})

describe('D-1 contract years and allowances given back', () => {
  it('D-1: allowances count per contract year from the start date, in the plan’s zone', () => {
    const sub = { start: '2025-01-15', end: null, status: 'active' as const }
    const priors = [
      prior('2025-03-01T15:00:00Z'),
      prior('2025-09-01T15:00:00Z'),
      prior('2026-01-15T04:59:00Z'), // 2026-01-14 23:59 in New York: still the first contract year
      prior('2026-01-15T05:00:00Z'), // 2026-01-15 00:00 in New York: the second year
    ]
    const r = decide('softartisans-maintenance', {
      subscription: sub,
      priorIncidents: priors,
      now: '2026-02-01T15:00:00Z',
    })
    expect(r.allowance).toEqual({ limit: 3, used: 1, periodStart: '2026-01-15', periodEnd: '2027-01-14' })
    const first = decide('softartisans-maintenance', {
      subscription: sub,
      priorIncidents: priors,
      now: '2026-01-15T04:00:00Z',
    })
    expect(first.allowance).toEqual({ limit: 3, used: 3, periodStart: '2025-01-15', periodEnd: '2026-01-14' })
    expect(first.decision).toBe('over-allowance')
  })

  it('D-1: incidents closed as duplicate or opened in error give their allowance back', () => {
    const priors = [
      prior('2026-02-01T15:00:00Z', { resolution: 'duplicate' }),
      prior('2026-03-01T15:00:00Z', { resolution: 'opened-in-error' }),
      prior('2026-04-01T15:00:00Z', { resolution: 'fixed' }),
      prior('2026-05-01T15:00:00Z'),
    ]
    const r = decide('softartisans-maintenance', { priorIncidents: priors })
    expect(r.decision).toBe('covered')
    expect(r.allowance?.used).toBe(2)
    expect(r.allowances[0]).toMatchObject({ used: 2, givenBack: 2 })
    expect(r.reasons.find((x) => x.ruleId === 'D-1')?.message).toContain(
      '2 closed as duplicate or opened in error were given back',
    )
  })

  it('D-1: a contract year starting on Feb 29 has its anniversaries on Feb 28 in common years', () => {
    const sub = { start: '2024-02-29', end: null, status: 'active' as const }
    expect(
      decide('softartisans-maintenance', { subscription: sub, now: '2025-03-01T17:00:00Z' }).allowance,
    ).toMatchObject({
      periodStart: '2025-02-28',
      periodEnd: '2026-02-27',
    })
    expect(
      decide('softartisans-maintenance', { subscription: sub, now: '2025-02-27T17:00:00Z' }).allowance,
    ).toMatchObject({
      periodStart: '2024-02-29',
      periodEnd: '2025-02-27',
    })
  })
})

describe('R-SA-3, R-SA-4, R-SA-5 and D-6 allowances of the support plans', () => {
  it('R-SA-3: Platinum has unlimited incidents', () => {
    const priors = Array.from({ length: 500 }, (_, i) =>
      prior(new Date(Date.UTC(2026, 1, 1) + i * 3_600_000).toISOString()),
    )
    const r = decide('softartisans-platinum', { priorIncidents: priors, severity: 'business-critical' })
    expect(r.decision).toBe('covered')
    expect(r.allowance).toBeNull()
  })

  it('R-SA-4: Gold has 3 extended-hours incidents a year; the fourth is over, normal ones are unlimited', () => {
    const priors = ['2026-02-01', '2026-03-01', '2026-04-01'].map((d) =>
      prior(`${d}T15:00:00Z`, { extendedHours: true }),
    )
    const over = decide('softartisans-gold', { priorIncidents: priors, extendedHours: true })
    expect(over.decision).toBe('over-allowance')
    expect(over.allowance).toMatchObject({ limit: 3, used: 3 })
    expect(over.actions).toEqual(['downgrade', 'bill-incident', 'approve-exception'])
    expect(decide('softartisans-gold', { priorIncidents: priors }).decision).toBe('covered')
    expect(
      decide('softartisans-gold', { priorIncidents: priors.slice(1), extendedHours: true }).decision,
    ).toBe('covered')
  })

  it('R-SA-5: Silver has 5 priority incidents a year; the sixth is over the allowance', () => {
    const five = Array.from({ length: 5 }, (_, i) =>
      prior(`2026-0${i + 2}-01T15:00:00Z`, { severity: 'priority' }),
    )
    const r = decide('softartisans-silver', { priorIncidents: five, severity: 'priority' })
    expect(r.decision).toBe('over-allowance')
    expect(r.allowance).toEqual({ limit: 5, used: 5, periodStart: '2026-01-15', periodEnd: '2027-01-14' })
    expect(r.actions).toEqual(['downgrade', 'bill-incident', 'approve-exception'])
    expect(r.reasons[1]!.message).toContain('all 5 of the contract year 2026-01-15 to 2027-01-14 are used')
  })

  it('D-6: priority incidents are those opened with severity priority; a standard one is not counted nor limited', () => {
    const mixed = [
      ...Array.from({ length: 4 }, (_, i) => prior(`2026-0${i + 2}-01T15:00:00Z`, { severity: 'priority' })),
      prior('2026-02-02T15:00:00Z', { severity: 'business-critical' }),
      prior('2026-02-03T15:00:00Z'),
    ]
    const r = decide('softartisans-silver', { priorIncidents: mixed, severity: 'priority' })
    expect(r.decision).toBe('covered')
    expect(r.allowance?.used).toBe(4)
    expect(ruleIds(r)).toContain('D-6')
    const five = [...mixed, prior('2026-05-01T15:00:00Z', { severity: 'priority' })]
    expect(decide('softartisans-silver', { priorIncidents: five, severity: 'standard' })).toMatchObject({
      decision: 'covered',
      allowance: null,
    })
  })
})

describe('R-ST-1 and R-ST-2 SmarterTools coverage', () => {
  it('R-ST-1: a ticket needs active Maintenance & Support', () => {
    const r = decide('smartertools-mns')
    expect(r.decision).toBe('covered')
    expect(r.coveredUntil).toBe('2027-01-14')
    expect(r.reasons[0]).toEqual({
      ruleId: 'R-ST-1',
      message: 'SmarterTools Maintenance & Support is active until 2027-01-14.',
    })
  })

  it('R-ST-1: without it, not entitled: reinstate M&S, community support only', () => {
    const lapsed = decide('smartertools-mns', { subscription: { ...active, status: 'lapsed' } })
    expect(lapsed.decision).toBe('not-entitled')
    expect(lapsed.actions).toEqual(['reinstate-maintenance'])
    expect(lapsed.reasons.map((x) => x.message).join(' ')).toContain('community support')
    const expired = decide('smartertools-mns', { subscription: { ...active, end: '2026-05-31' } })
    expect(expired.decision).toBe('not-entitled')
    expect(expired.reasons[0]!.message).toContain('ended on 2026-05-31')
    // the end date is covered to its last minute in the plan's zone (Phoenix, UTC−7)
    expect(
      decide('smartertools-mns', {
        subscription: { ...active, end: '2026-05-31' },
        now: '2026-06-01T06:59:00Z',
      }).decision,
    ).toBe('covered')
    expect(decide('smartertools-mns', { now: '2026-01-14T15:00:00Z' }).reasons[0]!.message).toContain(
      'starts on 2026-01-15',
    )
  })

  it('R-ST-2: hosted customers and partners are entitled for the lifetime of the subscription', () => {
    const lifetime = { start: '2019-05-01', end: null, status: 'active' as const }
    for (const id of ['smartertools-hosted', 'smartertools-partner']) {
      const r = decide(id, { subscription: lifetime, now: '2031-06-01T15:00:00Z' })
      expect(r.decision).toBe('covered')
      expect(r.coveredUntil).toBeNull()
      expect(r.reasons[0]!).toMatchObject({ ruleId: 'R-ST-2' })
      expect(r.reasons[0]!.message).toContain('lifetime')
    }
    const ended = decide('smartertools-partner', { subscription: { ...lifetime, status: 'cancelled' } })
    expect(ended.decision).toBe('not-entitled')
    expect(ended.reasons[1]!.message).toContain('partnership has ended')
  })

  it('R-ST-4: an emergency ticket is covered and billable, non-refundable', () => {
    const r = decide('smartertools-mns', { severity: 'emergency' })
    expect(r.decision).toBe('covered')
    expect(r.billable).toBe(true)
    expect(r.reasons.at(-1)).toMatchObject({ ruleId: 'R-ST-4' })
    expect(decide('smartertools-mns').billable).toBe(false)
  })
})

describe('R-AM-1 AddOnMail warranty', () => {
  const warranty = { start: '2026-03-01', end: null, status: 'active' as const }
  it('R-AM-1: 30 days from purchase, to the last minute of day 30 in Paris', () => {
    const within = decide('addonmail-warranty', {
      subscription: warranty,
      purchasedAt: '2026-03-01',
      now: '2026-03-30T21:59:00Z',
    })
    expect(within.decision).toBe('covered')
    expect(within.coveredUntil).toBe('2026-03-30')
    expect(within.reasons[0]!.ruleId).toBe('R-AM-1')
    // 2026-03-31 00:00 in Paris (CEST since Mar 29)
    const after = decide('addonmail-warranty', {
      subscription: warranty,
      purchasedAt: '2026-03-01',
      now: '2026-03-30T22:00:00Z',
    })
    expect(after.decision).toBe('not-entitled')
    expect(after.actions).toEqual(['bill-incident'])
    expect(after.reasons.map((x) => x.message).join(' ')).toContain('can only be bought with the product')
  })

  it('R-AM-1: with Annual Maintenance bought with the product, support runs for the subscription', () => {
    const r = decide('addonmail-maintenance', {
      subscription: { start: '2026-03-01', end: '2027-02-28', status: 'active' },
      now: '2026-12-01T10:00:00Z',
    })
    expect(r.decision).toBe('covered')
    expect(r.reasons[0]!.ruleId).toBe('R-AM-2')
  })
})

describe('D-2 over the allowance never loses data', () => {
  it('D-2: an over-allowance decision is a stored, flagged decision with the rule and the choices', () => {
    const five = Array.from({ length: 5 }, (_, i) =>
      prior(`2026-0${i + 2}-01T15:00:00Z`, { severity: 'priority' }),
    )
    const r = decide('softartisans-silver', { priorIncidents: five, severity: 'priority' })
    expect(r.decision).toBe('over-allowance')
    expect(r.reasons.at(-1)).toEqual({
      ruleId: 'D-2',
      message:
        'The incident is kept and flagged as over its allowance; choose to bill it, downgrade it or approve an exception.',
    })
    expect(r.actions.every((a) => ['bill-incident', 'downgrade', 'approve-exception'].includes(a))).toBe(true)
    expect(EntitlementDecisionSchema.parse(r)).toMatchObject({
      decision: 'over-allowance',
      actions: r.actions,
    })
  })
})

describe('D-5 only named contacts open incidents on capped plans', () => {
  it('D-5: a contact who is not named gets not-entitled with add-named-contact', () => {
    for (const id of ['softartisans-platinum', 'softartisans-gold']) {
      const r = decide(id, { contactIsNamed: false })
      expect(r.decision).toBe('not-entitled')
      expect(r.actions).toEqual(['add-named-contact'])
      expect(ruleIds(r)).toContain('D-5')
    }
    expect(decide('softartisans-silver', { contactIsNamed: false }).decision).toBe('covered')
  })

  it('D-5: not-entitled wins over over-allowance, and its actions are the ones offered', () => {
    const priors = ['2026-02-01', '2026-03-01', '2026-04-01'].map((d) =>
      prior(`${d}T15:00:00Z`, { extendedHours: true }),
    )
    const r = decide('softartisans-gold', {
      priorIncidents: priors,
      extendedHours: true,
      contactIsNamed: false,
    })
    expect(r.decision).toBe('not-entitled')
    expect(r.actions).toEqual(['add-named-contact'])
  })

  it('an extended-hours incident on a plan without extended hours is refused with the way out', () => {
    const r = decide('softartisans-silver', { extendedHours: true })
    expect(r.decision).toBe('not-entitled')
    expect(r.actions).toEqual(['downgrade'])
  })
})

describe('D-4 entitlement is pure', () => {
  afterEach(() => vi.useRealTimers())
  it('D-4: the answer depends on `now`, never on the machine clock', () => {
    const input = { priorIncidents: [prior('2026-02-01T15:00:00Z')] }
    vi.useFakeTimers()
    vi.setSystemTime(new Date('2020-01-01T00:00:00Z'))
    const a = decide('softartisans-maintenance', input)
    vi.setSystemTime(new Date('2035-01-01T00:00:00Z'))
    const b = decide('softartisans-maintenance', input)
    expect(b).toEqual(a)
  })
})

describe('evaluateEntitlement bad input', () => {
  it('names the field of every input', () => {
    const bad = (patch: object) => () => decide('smartertools-mns', patch as Partial<EntitlementInput>)
    expect(bad({ plan: { id: 'x' } })).toThrow(/^plan\./)
    expect(bad({ subscription: { ...active, status: 'paused' } })).toThrow(/^subscription\.status: /)
    expect(bad({ subscription: { ...active, start: '2026-02-30' } })).toThrow(/^subscription\.start: /)
    expect(bad({ subscription: { ...active, end: '2025-01-01' } })).toThrow(
      /^subscription\.end: .*before the start/,
    )
    expect(bad({ subscription: null })).toThrow(/^subscription: /)
    expect(bad({ purchasedAt: 'last year' })).toThrow(/^purchasedAt: /)
    expect(bad({ severity: 'urgent' })).toThrow(/^severity: /)
    expect(bad({ contactIsNamed: 'yes' })).toThrow(/^contactIsNamed: /)
    expect(bad({ extendedHours: 1 })).toThrow(/^extendedHours: /)
    expect(bad({ now: '2026-06-01' })).toThrow(/^now: /)
    expect(bad({ priorIncidents: 'many' })).toThrow(/^priorIncidents: /)
    expect(bad({ priorIncidents: [prior('2026-02-01T15:00:00Z'), prior('2026-02-31T15:00:00Z')] })).toThrow(
      /^priorIncidents\.1\.openedAt: /,
    )
    expect(
      bad({ priorIncidents: [prior('2026-02-01T15:00:00Z', { severity: 'huge' as 'standard' })] }),
    ).toThrow(/^priorIncidents\.0\.severity: /)
    expect(bad({ priorIncidents: [null] })).toThrow(/^priorIncidents\.0: /)
    expect(bad({ calendars: { smartertools: { id: 'smartertools' } } })).toThrow(/^calendars\.smartertools\./)
    expect(() => evaluateEntitlement(undefined as never)).toThrow(/^input: /)
  })

  it('accepts instants for the subscription dates and reads them in the plan’s zone', () => {
    const r = decide('smartertools-mns', {
      subscription: { start: '2026-01-15T07:00:00Z', end: null, status: 'active' },
    })
    expect(r.allowances).toEqual([])
    expect(r.decision).toBe('covered')
    expect(
      decide('softartisans-maintenance', {
        subscription: { start: '2026-01-15T03:00:00Z', end: null, status: 'active' },
      }).allowance?.periodStart,
    ).toBe('2026-01-14')
  })
})
