import { describe, expect, it } from 'vitest'
import type { Plan } from '../domain'
import { evaluateNamedContact, namedContactCap, presets } from './index'

const plan = (id: string): Plan => presets.plans[id]!

describe('named-contact caps', () => {
  it('R-SA-3: Platinum allows up to 6 named contacts', () => {
    expect(namedContactCap(plan('softartisans-platinum'))).toBe(6)
    expect(plan('softartisans-platinum').namedContactRuleId).toBe('R-SA-3')
  })

  it('R-SA-4: Gold allows up to 3 named contacts; plans without a stated cap have none', () => {
    expect(namedContactCap(plan('softartisans-gold'))).toBe(3)
    expect(namedContactCap(plan('softartisans-silver'))).toBeNull()
    expect(namedContactCap(plan('smartertools-mns'))).toBeNull()
  })

  it('D-2: a named contact beyond the cap is kept as a contact who is not named, never deleted', () => {
    const gold = plan('softartisans-gold')
    expect(evaluateNamedContact({ plan: gold, namedContacts: 2, wantsNamed: true })).toMatchObject({
      named: true,
      overCap: false,
    })
    const over = evaluateNamedContact({ plan: gold, namedContacts: 3, wantsNamed: true })
    expect(over).toMatchObject({ named: false, overCap: true })
    expect(over.reasons.map((r) => r.ruleId)).toEqual(['R-SA-4', 'D-2'])
    expect(over.reasons[1]!.message).toContain('kept')
    expect(
      evaluateNamedContact({ plan: plan('softartisans-silver'), namedContacts: 40, wantsNamed: true }).named,
    ).toBe(true)
    expect(evaluateNamedContact({ plan: gold, namedContacts: 3, wantsNamed: false })).toMatchObject({
      named: false,
      overCap: false,
    })
  })

  it('bad input: a plan of the wrong shape, a negative count', () => {
    expect(() => namedContactCap({ ...plan('softartisans-gold'), namedContactCap: -1 })).toThrow(
      /^plan\.namedContactCap: /,
    )
    expect(() =>
      evaluateNamedContact({ plan: plan('softartisans-gold'), namedContacts: -1, wantsNamed: true }),
    ).toThrow(/^namedContacts: /)
    expect(() =>
      evaluateNamedContact({ plan: plan('softartisans-gold'), namedContacts: 1, wantsNamed: 'y' as never }),
    ).toThrow(/^wantsNamed: /)
  })
})
