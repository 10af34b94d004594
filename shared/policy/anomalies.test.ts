import { describe, expect, it } from 'vitest'
import { anomalyCoverage, anomalyWorkAllowed, costEstimateTotal, presets } from './index'

describe('anomalies', () => {
  it('R-AM-2: maintenance covers categories A and B', () => {
    for (const category of ['A', 'B'] as const) {
      expect(anomalyCoverage({ category, hasMaintenance: true, inWarranty: false })).toMatchObject({
        covered: true,
        requires: 'none',
        ruleId: 'R-AM-2',
      })
    }
    expect(anomalyCoverage({ category: 'A', hasMaintenance: false, inWarranty: false })).toMatchObject({
      covered: false,
      requires: 'maintenance',
      ruleId: 'R-AM-2',
    })
  })

  it('R-AM-1: during the 30-day warranty, A and B are handled as under maintenance', () => {
    expect(anomalyCoverage({ category: 'B', hasMaintenance: false, inWarranty: true })).toMatchObject({
      covered: true,
      ruleId: 'R-AM-1',
    })
  })

  it('R-AM-3: category C is excluded and needs an accepted cost estimate before any work', () => {
    expect(anomalyCoverage({ category: 'C', hasMaintenance: true, inWarranty: true })).toMatchObject({
      covered: false,
      requires: 'cost-estimate',
      ruleId: 'R-AM-3',
    })
    const base = { category: 'C' as const, hasMaintenance: true, inWarranty: false }
    expect(anomalyWorkAllowed({ ...base, estimateStatus: null }).allowed).toBe(false)
    expect(anomalyWorkAllowed({ ...base, estimateStatus: 'sent' }).allowed).toBe(false)
    expect(anomalyWorkAllowed({ ...base, estimateStatus: 'declined' }).allowed).toBe(false)
    expect(anomalyWorkAllowed({ ...base, estimateStatus: 'accepted' }).allowed).toBe(true)
    expect(
      anomalyWorkAllowed({ category: 'A', hasMaintenance: true, inWarranty: false, estimateStatus: null })
        .allowed,
    ).toBe(true)
    expect(costEstimateTotal({ hours: 6.5, hourlyRate: 95 })).toBe(617.5)
  })

  it('R-AM-3: a plan says which categories it covers (S.O.R. analyses category C)', () => {
    const sor = presets.plans['addonmail-sor']!
    expect(
      anomalyCoverage({ category: 'C', hasMaintenance: true, inWarranty: false, plan: sor }).covered,
    ).toBe(true)
    expect(
      anomalyCoverage({
        category: 'A',
        hasMaintenance: true,
        inWarranty: false,
        plan: presets.plans['addonmail-maintenance']!,
      }).covered,
    ).toBe(true)
  })

  it('bad input: unknown category, non-boolean flags, negative hours', () => {
    expect(() => anomalyCoverage({ category: 'D' as 'A', hasMaintenance: true, inWarranty: false })).toThrow(
      /^category: /,
    )
    expect(() => anomalyCoverage({ category: 'A', hasMaintenance: 1 as never, inWarranty: false })).toThrow(
      /^hasMaintenance: /,
    )
    expect(() => anomalyCoverage({ category: 'A', hasMaintenance: true, inWarranty: null as never })).toThrow(
      /^inWarranty: /,
    )
    expect(() =>
      anomalyWorkAllowed({
        category: 'C',
        hasMaintenance: true,
        inWarranty: false,
        estimateStatus: 'maybe' as never,
      }),
    ).toThrow(/^estimateStatus: /)
    expect(() => costEstimateTotal({ hours: -1, hourlyRate: 95 })).toThrow(/^estimate\.hours: /)
  })
})
