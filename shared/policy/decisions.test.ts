import fc from 'fast-check'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { SEVERITIES, type Reason } from '../domain'
import * as policy from './index'

/** Every rule id of design/policies.md, and the organisation prefix the presets never use. */
const RULE_IDS = new Set([
  ...['R-CAL-1', 'R-CAL-2', 'R-CAL-3', 'R-CAL-4', 'R-CAL-5', 'R-CAL-6'],
  ...['R-SA-1', 'R-SA-2', 'R-SA-3', 'R-SA-4', 'R-SA-5', 'R-SA-6', 'R-SA-7'],
  ...['R-ST-1', 'R-ST-2', 'R-ST-3', 'R-ST-4', 'R-ST-5', 'R-ST-6', 'R-ST-7', 'R-ST-8', 'R-ST-9'],
  ...['R-AM-1', 'R-AM-2', 'R-AM-3', 'R-AM-4', 'R-AM-5'],
  ...['R-PM-1', 'R-PM-2', 'R-PM-3', 'R-PM-4', 'R-PM-5'],
  ...['D-1', 'D-2', 'D-3', 'D-4', 'D-5', 'D-6'],
])

function expectReadable(reasons: Reason[]): void {
  expect(reasons.length).toBeGreaterThan(0)
  for (const r of reasons) {
    expect(RULE_IDS.has(r.ruleId), r.ruleId).toBe(true)
    expect(r.message).toMatch(/^[A-Z0-9].*[.!?]$/s)
    expect(r.message).not.toMatch(/undefined|null|NaN|\[object/)
  }
}

const plans = Object.values(policy.presets.plans)
const gold = policy.presets.plans['softartisans-gold']!

/** One call of every decision of the contract, with fixed inputs: their answers must not depend on the clock. */
function everyDecision() {
  return [
    policy.responseDue(gold, 'standard', '2026-03-05T21:30:00Z'),
    policy.escalation(
      policy.presets.plans['softartisans-platinum']!,
      'business-critical',
      '2026-03-01T00:00:00Z',
      '2026-03-05T00:00:00Z',
    ),
    policy.slaClock(
      gold,
      'standard',
      '2026-03-05T19:00:00Z',
      [{ type: 'pause', at: '2026-03-05T19:30:00Z' }],
      '2026-03-05T23:00:00Z',
    ),
    policy.classifyBillable({ category: 'question', kbArticleExisted: true }),
    policy.evaluateEntitlement({
      plan: policy.presets.plans['softartisans-silver']!,
      subscription: { start: '2026-01-15', end: null, status: 'active' },
      purchasedAt: '2026-01-15',
      severity: 'priority',
      contactIsNamed: true,
      priorIncidents: [{ openedAt: '2026-02-01T15:00:00Z', severity: 'priority' }],
      now: '2026-06-01T15:00:00Z',
    }),
    policy.installationStatus({
      failover: false,
      installations: [
        { id: 'a', firstSeen: '2026-01-01T00:00:00Z' },
        { id: 'b', firstSeen: '2026-03-01T00:00:00Z' },
      ],
      now: '2026-03-10T00:00:00Z',
    }),
    policy.editionUpgradePrice({
      fromEdition: 'Pro',
      toEdition: 'Ent',
      fromMajor: 12,
      toMajor: 12,
      prices: { Pro: 1, Ent: 3 },
    }),
    policy.editionUpgradePrice({
      fromEdition: 'Pro',
      toEdition: 'Ent',
      fromMajor: 11,
      toMajor: 12,
      prices: { Pro: 1, Ent: 3 },
    }),
    policy.anomalyCoverage({ category: 'C', hasMaintenance: true, inWarranty: false }),
    policy.supportPackBalance({ minutesPurchased: 60 }, [{ minutes: 90, billable: true }]),
    policy.evaluateNamedContact({ plan: gold, namedContacts: 3, wantsNamed: true }),
    policy.versionSupport({ currentMajor: 12, major: 10, activeMaintenance: false }),
    policy.transferAllowed({ fromCustomerId: 'a', toCustomerId: 'b', consent: null }),
    policy.remoteAccessAllowed({ incidentId: 't', agreements: [], at: '2026-03-01T00:00:00Z' }),
    policy.hotlineOpen(policy.presets.plans['addonmail-websupport-plus']!, '2026-07-14T08:00:00Z'),
    policy.serverLicenseCheck({ licensesBought: 1, servers: 2 }),
    policy.anomalyWorkAllowed({
      category: 'C',
      hasMaintenance: true,
      inWarranty: false,
      estimateStatus: 'sent',
    }),
    policy.effectiveBillable({ billable: true, billableOverride: { billable: false, reason: 'Our fault.' } }),
  ]
}

describe('D-3 every decision returns reasons in plain language', () => {
  it('D-3: each decision of the contract carries { ruleId, message } reasons citing the rulebook', () => {
    for (const d of everyDecision()) expectReadable(d.reasons)
  })

  it('D-3: entitlement over random plans and histories always explains itself, and never refuses without a way out', () => {
    const day = (n: number) => new Date(Date.UTC(2024, 0, 1) + n * 86_400_000).toISOString().slice(0, 10)
    fc.assert(
      fc.property(
        fc.record({
          plan: fc.constantFrom(...plans),
          start: fc.integer({ min: 0, max: 900 }),
          length: fc.option(fc.integer({ min: 0, max: 800 })),
          status: fc.constantFrom('active', 'lapsed', 'cancelled' as const),
          severity: fc.constantFrom(...SEVERITIES),
          extendedHours: fc.boolean(),
          contactIsNamed: fc.boolean(),
          priors: fc.array(
            fc.record({
              at: fc.integer({ min: 0, max: 1200 }),
              severity: fc.constantFrom(...SEVERITIES),
              extendedHours: fc.boolean(),
              resolution: fc.constantFrom(undefined, 'fixed', 'duplicate', 'opened-in-error'),
            }),
            { maxLength: 20 },
          ),
          now: fc.integer({ min: 0, max: 1200 }),
        }),
        (x) => {
          const r = policy.evaluateEntitlement({
            plan: x.plan,
            subscription: {
              start: day(x.start),
              end: x.length === null ? null : day(x.start + x.length),
              status: x.status,
            },
            purchasedAt: day(x.start),
            severity: x.severity,
            extendedHours: x.extendedHours,
            contactIsNamed: x.contactIsNamed,
            priorIncidents: x.priors.map((p) => ({ ...p, openedAt: `${day(p.at)}T12:00:00Z` })),
            now: `${day(x.now)}T12:00:00Z`,
          })
          expectReadable(r.reasons)
          if (r.decision === 'covered') expect(r.actions).toEqual([])
          else expect(r.actions.length).toBeGreaterThan(0)
          if (r.decision === 'over-allowance') expect(r.reasons.map((y) => y.ruleId)).toContain('D-2')
        },
      ),
      { numRuns: 300 },
    )
  })
})

describe('D-4 policy functions are pure', () => {
  afterEach(() => vi.useRealTimers())

  it('D-4: the same inputs give the same answers whatever the machine clock says', () => {
    vi.useFakeTimers()
    vi.setSystemTime(new Date('2001-01-01T00:00:00Z'))
    const before = everyDecision()
    vi.setSystemTime(new Date('2042-06-01T12:00:00Z'))
    expect(everyDecision()).toEqual(before)
  })

  it('D-4: inputs are not modified, and the presets cannot be', () => {
    const input = { minutesPurchased: 60 }
    const entries = [{ minutes: 30, billable: true }]
    const copy = structuredClone([input, entries])
    policy.supportPackBalance(input, entries)
    expect([input, entries]).toEqual(copy)
    expect(Object.isFrozen(policy.presets.plans['softartisans-gold']!.allowances[0])).toBe(true)
  })
})
