import { describe, expect, it } from 'vitest'
import { escalation, presets } from './index'

const platinum = presets.plans['softartisans-platinum']!
const opened = '2026-03-02T10:00:00Z'
const after = (hours: number) =>
  new Date(Date.parse(opened) + hours * 3_600_000).toISOString().replace('.000Z', 'Z')

describe('R-SA-6 escalation of unresolved Platinum business-critical issues', () => {
  it('R-SA-6: not escalated before 48 hours; the next level is due at 48 h', () => {
    expect(escalation(platinum, 'business-critical', opened, after(47.99))).toMatchObject({
      level: 0,
      role: null,
      nextAt: '2026-03-04T10:00:00Z',
    })
  })

  it('R-SA-6: at exactly 48 h the level is 1, Manager of Technical Services', () => {
    expect(escalation(platinum, 'business-critical', opened, after(48))).toMatchObject({
      level: 1,
      role: 'Manager of Technical Services',
      nextAt: '2026-03-06T10:00:00Z',
      contactRole: 'Support account manager',
    })
  })

  it('R-SA-6: every full 48 hours one more level, up to the CEO, where it stays', () => {
    expect(escalation(platinum, 'business-critical', opened, after(96)).role).toBe('Lead Product Developer')
    expect(escalation(platinum, 'business-critical', opened, after(143)).role).toBe('Lead Product Developer')
    expect(escalation(platinum, 'business-critical', opened, after(144)).role).toBe('Development Manager')
    expect(escalation(platinum, 'business-critical', opened, after(192))).toMatchObject({
      level: 4,
      role: 'CEO',
      nextAt: null,
    })
    expect(escalation(platinum, 'business-critical', opened, after(24 * 30))).toMatchObject({
      level: 4,
      role: 'CEO',
      nextAt: null,
    })
  })

  it('R-SA-6: the support account manager stays the customer’s contact throughout', () => {
    const e = escalation(platinum, 'business-critical', opened, after(100))
    expect(e.reasons[0]!.ruleId).toBe('R-SA-6')
    expect(e.reasons[0]!.message).toContain('support account manager stays the customer')
  })

  it('R-SA-6: only business-critical Platinum issues escalate; a resolved one stops where it was', () => {
    expect(escalation(platinum, 'standard', opened, after(500))).toMatchObject({
      level: 0,
      role: null,
      nextAt: null,
    })
    expect(
      escalation(presets.plans['softartisans-gold']!, 'business-critical', opened, after(500)).level,
    ).toBe(0)
    expect(
      escalation(platinum, 'business-critical', opened, after(24 * 30), { resolvedAt: after(100) }),
    ).toMatchObject({
      level: 2,
      nextAt: null,
    })
    expect(escalation(platinum, 'business-critical', opened, after(50), { resolvedAt: null }).level).toBe(1)
  })

  it('bad input: now before openedAt, malformed instants, unknown severity', () => {
    expect(() => escalation(platinum, 'business-critical', opened, '2026-03-01T00:00:00Z')).toThrow(
      /^now: .*before openedAt/,
    )
    expect(() => escalation(platinum, 'business-critical', 'Monday', after(1))).toThrow(/^openedAt: /)
    expect(() => escalation(platinum, 'critical' as 'standard', opened, after(1))).toThrow(/^severity: /)
    expect(() =>
      escalation(platinum, 'business-critical', opened, after(60), { resolvedAt: '2026-01-01T00:00:00Z' }),
    ).toThrow(/^opts\.resolvedAt: /)
    expect(() => escalation({} as never, 'business-critical', opened, after(1))).toThrow(/^plan\./)
  })
})
