import { describe, expect, it } from 'vitest'
import type { Plan } from '@shared/domain'
import type { AnomalyRow, EstimateRow } from '@shared/mutations'
import { presets } from '@shared/policy'
import { anomalyView, coverageByCategory, coverageLabel, maintenanceState } from './model'

const plans = new Map<string, Plan>(Object.entries(presets.plans))
const none = { hasMaintenance: false, inWarranty: false }
const maintained = { hasMaintenance: true, inWarranty: false }

let seq = 0
function estimate(status: EstimateRow['status']): EstimateRow {
  seq += 1
  return {
    id: `0190000${seq.toString().padStart(2, '0')}-0000-7000-8000-000000000000`,
    version: 1,
    deleted: false,
    anomalyId: 'a',
    customerId: 'c',
    hours: 4,
    hourlyRate: 120,
    currency: 'EUR',
    status,
    sentAt: null,
    decidedAt: null,
    acceptedBy: null,
    declineReason: null,
  }
}

const categoryC: Pick<AnomalyRow, 'category' | 'status' | 'coverage'> = {
  category: 'C',
  status: 'awaiting-estimate',
  coverage: {
    covered: false,
    requires: 'cost-estimate',
    ruleId: 'R-AM-3',
    reasons: [{ ruleId: 'R-AM-3', message: 'excluded' }],
  },
}

describe('anomalyView: the category C path (R-AM-3)', () => {
  it('blocks work until an estimate exists, says so, and offers only to make one', () => {
    const v = anomalyView(categoryC, [], maintained)
    expect(v.stage).toBe('none')
    expect(v.work.allowed).toBe(false)
    expect(v.work.reasons.map((r) => r.ruleId)).toContain('R-AM-3')
    expect(v.nextStep).toMatch(/before any work \(R-AM-3\)\. Make the estimate/)
    expect(v.can).toMatchObject({ estimate: true, send: false, decide: false, linkPatch: false })
  })

  it('a draft can be sent, a sent one decided; neither lets work start', () => {
    const draft = anomalyView(categoryC, [estimate('draft')], maintained)
    expect(draft.can).toMatchObject({ estimate: false, send: true, decide: false, linkPatch: false })
    expect(draft.work.allowed).toBe(false)
    const sent = anomalyView(categoryC, [estimate('sent')], maintained)
    expect(sent.can).toMatchObject({ estimate: false, send: false, decide: true, linkPatch: false })
    expect(sent.work.allowed).toBe(false)
    expect(sent.nextStep).toMatch(/waits on the customer/)
  })

  it('accepted: work is allowed and a patch may be linked', () => {
    const v = anomalyView(categoryC, [estimate('accepted')], none)
    expect(v.work.allowed).toBe(true)
    expect(v.can).toMatchObject({ estimate: false, linkPatch: true })
    expect(v.nextStep).toMatch(/work may start/)
  })

  it('declined stays blocked, and a new estimate may be made', () => {
    const v = anomalyView(categoryC, [estimate('declined')], maintained)
    expect(v.stage).toBe('declined')
    expect(v.work.allowed).toBe(false)
    expect(v.work.reasons.at(-1)?.message).toMatch(/declined, not accepted/)
    expect(v.can.estimate).toBe(true)
  })

  it('an accepted estimate decides even when a later one was declined', () => {
    const v = anomalyView(categoryC, [estimate('accepted'), estimate('declined')], none)
    expect(v.stage).toBe('accepted')
    expect(v.work.allowed).toBe(true)
  })

  it('a deleted estimate does not count', () => {
    const gone = { ...estimate('accepted'), deleted: true }
    expect(anomalyView(categoryC, [gone], none).work.allowed).toBe(false)
  })

  it('a patched anomaly offers nothing more', () => {
    const v = anomalyView({ ...categoryC, status: 'patched' }, [estimate('accepted')], none)
    expect(v.can).toMatchObject({ classify: false, estimate: false, linkPatch: false })
  })
})

describe('anomalyView: categories A and B', () => {
  it('unclassified: the decision is previewed from the reported category and maintenance', () => {
    const v = anomalyView({ category: 'B', status: 'reported', coverage: null }, [], maintained)
    expect(v.classified).toBe(false)
    expect(v.coverage).toMatchObject({ covered: true, ruleId: 'R-AM-2' })
    expect(v.work.allowed).toBe(true)
    expect(v.can.estimate).toBe(false)
    expect(v.nextStep).toMatch(/Classify/)
  })

  it('without maintenance it is flagged, not blocked (as the time-entry mutator does)', () => {
    const v = anomalyView({ category: 'A', status: 'reported', coverage: null }, [], none)
    expect(v.coverage).toMatchObject({ covered: false, requires: 'maintenance' })
    expect(v.work.allowed).toBe(true)
  })
})

describe('coverageByCategory', () => {
  it('maintenance covers A and B under R-AM-2; C always needs an estimate (R-AM-3)', () => {
    const c = coverageByCategory(maintained)
    expect([c.A.ruleId, c.B.ruleId, c.C.ruleId]).toEqual(['R-AM-2', 'R-AM-2', 'R-AM-3'])
    expect(c.C.requires).toBe('cost-estimate')
    expect(coverageByCategory({ hasMaintenance: false, inWarranty: true }).A.ruleId).toBe('R-AM-1')
  })
})

describe('maintenanceState', () => {
  const license = { purchasedAt: '2026-01-10' }
  it('an active maintenance subscription is maintenance', () => {
    const subs = [
      { planId: 'addonmail-maintenance', status: 'active' as const, start: '2026-01-10', end: null },
    ]
    expect(maintenanceState(license, subs, plans, {}, '2026-06-01T10:00:00Z')).toEqual(maintained)
  })
  it('a lapsed one is not', () => {
    const subs = [
      { planId: 'addonmail-maintenance', status: 'active' as const, start: '2025-01-10', end: '2026-01-09' },
    ]
    expect(maintenanceState(license, subs, plans, {}, '2026-06-01T10:00:00Z')).toEqual(none)
  })
  it('the warranty lasts its days from purchase (R-AM-1)', () => {
    const subs = [{ planId: 'addonmail-warranty', status: 'active' as const, start: '2026-01-10', end: null }]
    expect(maintenanceState(license, subs, plans, {}, '2026-02-08T10:00:00Z').inWarranty).toBe(true)
    expect(maintenanceState(license, subs, plans, {}, '2026-02-09T10:00:00Z').inWarranty).toBe(false)
  })
})

describe('coverageLabel', () => {
  it('names the decision', () => {
    expect(coverageLabel(null)).toBe('Not classified')
    expect(coverageLabel(categoryC.coverage)).toBe('Needs estimate')
  })
})
