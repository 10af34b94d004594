import { describe, expect, it } from 'vitest'
import { presets } from '@shared/policy'
import type { Plan } from '@shared/domain'
import { capDisplay, cappingPlan, keptUnnamed, namingRefusal, overCapAdvice } from './contacts-model'

const plans = new Map<string, Plan>(Object.entries(presets.plans))
const gold = plans.get('softartisans-gold')!
const sub = (
  planId: string,
  over: Partial<{ status: 'active' | 'lapsed' | 'cancelled'; start: string; end: string | null }> = {},
) => ({
  planId,
  status: 'active' as const,
  start: '2026-01-01',
  end: '2026-12-31',
  ...over,
})
const contact = (id: string, named: boolean, overCap: Plan['notes'] | null = null) => ({
  id,
  name: `Person ${id}`,
  named,
  overCap: overCap ? overCap.map((m) => ({ ruleId: 'D-2', message: m })) : null,
})

describe('cappingPlan: the cap contact.setNamed applies (R-SA-3/4)', () => {
  it('takes the largest cap among the active subscriptions', () => {
    const p = cappingPlan([sub('softartisans-gold'), sub('softartisans-platinum')], plans, '2026-06-01')
    expect(p?.id).toBe('softartisans-platinum')
  })
  it('ignores lapsed (past their end), cancelled and not yet started subscriptions', () => {
    expect(cappingPlan([sub('softartisans-gold')], plans, '2027-01-01')).toBeNull()
    expect(cappingPlan([sub('softartisans-gold', { status: 'cancelled' })], plans, '2026-06-01')).toBeNull()
    expect(cappingPlan([sub('softartisans-gold', { start: '2026-07-01' })], plans, '2026-06-01')).toBeNull()
  })
  it('a plan without a cap gives none', () => {
    expect(cappingPlan([sub('smartertools-mns')], plans, '2026-06-01')).toBeNull()
  })
})

describe('capDisplay', () => {
  it('reads "2 of 3 named" under a cap and "2 named" without one', () => {
    expect(capDisplay(2, 3)).toBe('2 of 3 named')
    expect(capDisplay(2, null)).toBe('2 named')
  })
})

describe('namingRefusal: refused locally before anything is written (R-SA-4, D-2)', () => {
  const three = [contact('a', true), contact('b', true), contact('c', true), contact('d', false)]
  it('refuses a fourth named contact on Gold with the rule and its message', () => {
    const reasons = namingRefusal(three, gold, 'd')
    expect(reasons?.[0]).toEqual({
      ruleId: 'R-SA-4',
      message: 'SoftArtisans Gold Support allows up to 3 named contacts, and 3 are already named.',
    })
    expect(reasons?.map((r) => r.ruleId)).toContain('D-2')
  })
  it('allows the third, and a new contact while there is room', () => {
    expect(namingRefusal(three.slice(0, 2), gold, 'd')).toBeNull()
    expect(namingRefusal(three.slice(0, 2), gold, null)).toBeNull()
  })
  it('does not count the contact itself (re-naming a named one is not over the cap)', () => {
    expect(namingRefusal(three, gold, 'c')).toBeNull()
  })
  it('no capping plan: never refused', () => {
    expect(namingRefusal(three, null, 'd')).toBeNull()
  })
})

describe('over the cap, as the server flagged it (D-2)', () => {
  it('lists the contacts kept un-named with reasons', () => {
    const list = [contact('a', true), contact('b', false, ['kept']), contact('c', false)]
    expect(keptUnnamed(list).map((c) => c.id)).toEqual(['b'])
  })
  it('says to un-name another contact first, or upgrade to a plan of the same vendor with a larger cap', () => {
    const advice = overCapAdvice(gold, plans, ['Ada', 'Brian', 'Chloé'])
    expect(advice[0]).toBe('Un-name one of the named contacts (Ada, Brian, Chloé), then name this one.')
    expect(advice[1]).toContain('SoftArtisans Platinum Support allows up to 6 named contacts (R-SA-3)')
  })
  it('at the largest cap, says to move to a plan with more', () => {
    const platinum = plans.get('softartisans-platinum')!
    expect(overCapAdvice(platinum, plans, [])).toEqual([
      'Or move the customer to a plan that allows more than 6 named contacts.',
    ])
  })
})
