import { describe, expect, it } from 'vitest'
import { presets } from '@shared/policy'
import { duplicatePlanForm, parsePlanForm, planFieldName, planToForm } from './plan-form'

const calendarIds = new Set(Object.keys(presets.calendars))

describe('plan form → Plan', () => {
  it('round-trips every preset plan', () => {
    for (const plan of Object.values(presets.plans)) {
      expect(parsePlanForm(planToForm(plan), { calendarIds })).toEqual({ ok: true, plan })
    }
  })

  it('makes a copy on another calendar with a new target', () => {
    const form = duplicatePlanForm(presets.plans['softartisans-gold']!, new Set())
    expect(form.id).toBe('softartisans-gold-copy')
    form.calendarId = 'paris-office'
    form.targets.emergency = {
      clock: 'calendar',
      minutes: '60',
      calendarId: '',
      label: 'One hour',
      ruleId: 'ORG-EMERG-1',
    }
    const result = parsePlanForm(form, { calendarIds: new Set([...calendarIds, 'paris-office']) })
    expect(result.ok).toBe(true)
    if (!result.ok) return
    expect(result.plan.calendarId).toBe('paris-office')
    expect(result.plan.responseTargets.emergency).toEqual({
      clock: 'calendar',
      minutes: 60,
      label: 'One hour',
      ruleId: 'ORG-EMERG-1',
    })
    expect(result.plan.escalation).toBeNull()
    expect(result.plan.extendedHours?.calendarId).toBe('softartisans-extended')
  })

  it('names each bad field', () => {
    const form = planToForm(presets.plans['softartisans-silver']!)
    form.label = ' '
    form.targets.priority.minutes = 'x'
    form.targets.priority.clock = 'business'
    form.allowances[0]!.limit = 'five'
    form.namedContactCap = '3'
    form.namedContactRuleId = ''
    form.calendarId = 'nowhere'
    form.lifetime = true
    form.warrantyDays = '30'
    const result = parsePlanForm(form, { calendarIds })
    expect(result.ok).toBe(false)
    if (result.ok) return
    expect(result.errors).toMatchObject({
      label: expect.any(String),
      'responseTargets.priority.minutes': '"x" is not a whole number',
      'allowances.0.limit': '"five" is not a whole number',
      namedContactRuleId: 'a named-contact cap needs the rule it comes from',
      warrantyDays: 'a lifetime plan has no warranty period',
      calendarId: 'no calendar with id "nowhere"',
    })
    expect(planFieldName('responseTargets.priority.minutes')).toBe('Priority target minutes')
    expect(planFieldName('allowances.0.limit')).toBe('Allowance 1 limit')
  })

  it('refuses an extended-hours allowance without extended hours, and a taken id', () => {
    const form = planToForm(presets.plans['softartisans-gold']!)
    form.extendedHours.enabled = false
    const result = parsePlanForm(form, { calendarIds, takenIds: new Set(['softartisans-gold']) })
    expect(!result.ok && result.errors).toMatchObject({
      allowances: 'an extended-hours allowance needs an extendedHours calendar',
      id: '"softartisans-gold" is already used by another plan; choose another id',
    })
  })
})
