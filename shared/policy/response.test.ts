import { describe, expect, it } from 'vitest'
import { PlanSchema, type Plan } from '../domain'
import { PolicyInputError, presets, responseDue, responseTargetFor } from './index'
import { calendar, lunchBreakParis } from './test-fixtures'

const plan = (id: string): Plan => presets.plans[id]!
const due = (
  id: string,
  severity: Parameters<typeof responseDue>[1],
  openedAt: string,
  opts?: Parameters<typeof responseDue>[3],
) => responseDue(plan(id), severity, openedAt, opts)

/** each rule's first-response target: the due time, on which clock and calendar, and the rule it cites */
describe.each([
  {
    rule: 'R-SA-2: Maintenance, next business day in the meaning of R-SA-5 (Thu 15:00 EST → Fri 15:00 EST)',
    plans: ['softartisans-maintenance'],
    severity: 'standard',
    openedAt: '2026-03-05T20:00:00Z',
    target: {
      dueAt: '2026-03-06T20:00:00Z',
      clock: 'business',
      calendarId: 'softartisans',
      ruleId: 'R-SA-2',
    },
  },
  {
    rule: 'R-SA-3: Platinum business-critical is 2 hours on the calendar clock, weekends included (Fri 22:00 EST)',
    plans: ['softartisans-platinum'],
    severity: 'business-critical',
    openedAt: '2026-03-07T03:00:00Z',
    target: { dueAt: '2026-03-07T05:00:00Z', clock: 'calendar', calendarId: 'always', ruleId: 'R-SA-3' },
  },
  {
    rule: 'R-SA-3: other Platinum issues are 2 business hours (Saturday → Monday 11:00 EDT)',
    plans: ['softartisans-platinum'],
    severity: 'standard',
    openedAt: '2026-03-07T03:00:00Z',
    target: {
      dueAt: '2026-03-09T15:00:00Z',
      clock: 'business',
      calendarId: 'softartisans',
      ruleId: 'R-SA-3',
    },
  },
  {
    rule: 'R-ST-3: SmarterTools standard tickets get a first response within 4 business hours (Mon 15:00 MST → Tue 10:00 MST)',
    plans: ['smartertools-mns', 'smartertools-hosted', 'smartertools-partner'],
    severity: 'standard',
    openedAt: '2026-03-02T22:00:00Z',
    target: {
      dueAt: '2026-03-03T17:00:00Z',
      clock: 'business',
      calendarId: 'smartertools',
      ruleId: 'R-ST-3',
    },
  },
  {
    rule: 'R-ST-4: SmarterTools emergency is 1 hour on the calendar clock, any day',
    plans: ['smartertools-mns'],
    severity: 'emergency',
    openedAt: '2026-03-07T03:00:00Z',
    target: { dueAt: '2026-03-07T04:00:00Z', clock: 'calendar', calendarId: 'always', ruleId: 'R-ST-4' },
  },
] satisfies {
  rule: string
  plans: string[]
  severity: Parameters<typeof responseDue>[1]
  openedAt: string
  target: object
}[])('$rule', ({ plans, severity, openedAt, target }) => {
  it.each(plans)('%s', (id) => {
    expect(due(id, severity, openedAt)).toMatchObject(target)
  })
})

describe('R-SA-3 Platinum', () => {
  it('R-SA-3: a priority issue is 2 business hours too (Thu 16:30 EST → Fri 10:00 EST)', () => {
    expect(due('softartisans-platinum', 'priority', '2026-03-05T21:30:00Z').dueAt).toBe(
      '2026-03-06T15:00:00Z',
    )
  })
})

describe('R-SA-4 Gold', () => {
  it('R-SA-4: 2 business hours (Thu 16:30 EST → Fri 10:00 EST)', () => {
    expect(due('softartisans-gold', 'standard', '2026-03-05T21:30:00Z')).toMatchObject({
      dueAt: '2026-03-06T15:00:00Z',
      ruleId: 'R-SA-4',
    })
  })

  it('R-SA-4: a pre-arranged extended-hours incident runs 07:00–19:00 (Thu 18:00 EST → Fri 08:00 EST)', () => {
    const r = due('softartisans-gold', 'standard', '2026-03-05T23:00:00Z', { extendedHours: true })
    expect(r).toMatchObject({
      dueAt: '2026-03-06T13:00:00Z',
      calendarId: 'softartisans-extended',
      ruleId: 'R-SA-4',
    })
    // the same incident in normal hours: Fri 09:00 + 2 h
    expect(due('softartisans-gold', 'standard', '2026-03-05T23:00:00Z').dueAt).toBe('2026-03-06T16:00:00Z')
  })
})

describe('R-SA-5 Silver: the same time next business day (Decision)', () => {
  const silver = (openedAt: string) => due('softartisans-silver', 'standard', openedAt).dueAt

  it('R-SA-5: opened Thursday 15:00 EST while open → Friday 15:00 EST (20:00Z)', () => {
    expect(silver('2026-03-05T20:00:00Z')).toBe('2026-03-06T20:00:00Z')
  })

  it('R-SA-5: opened Friday 16:00 EST → Monday 16:00, which is EDT after the spring change (20:00Z)', () => {
    expect(silver('2026-03-06T21:00:00Z')).toBe('2026-03-09T20:00:00Z')
  })

  it('R-SA-5: opened Friday 16:45 EST, after Friday closing → next opening day (Mon) → its next business day (Tue) at opening', () => {
    expect(silver('2026-03-06T21:45:00Z')).toBe('2026-03-10T13:00:00Z')
  })

  it('R-SA-5: opened Thursday 17:00 EST → Friday 17:00 clamped to Friday closing 16:30 EST', () => {
    expect(silver('2026-03-05T22:00:00Z')).toBe('2026-03-06T21:30:00Z')
  })

  it('R-SA-5: opened on Saturday or before Monday opening → Tuesday at opening', () => {
    expect(silver('2026-03-07T17:00:00Z')).toBe('2026-03-10T13:00:00Z')
    expect(silver('2026-03-09T12:00:00Z')).toBe('2026-03-10T13:00:00Z') // Mon 08:00 EDT
    expect(silver('2026-03-09T13:00:00Z')).toBe('2026-03-10T13:00:00Z') // Mon 09:00 EDT, open: same time Tuesday
  })

  it('R-SA-5: across the autumn change (Fri 10:00 EDT → Mon 10:00 EST)', () => {
    expect(silver('2026-10-30T14:00:00Z')).toBe('2026-11-02T15:00:00Z')
  })

  it('R-SA-5: on an organisation calendar, a wall time in the next day’s lunch break is clamped back to its closing', () => {
    const cal = calendar({
      id: 'split',
      zone: 'Europe/Paris',
      hours: {
        mon: [{ start: '09:00', end: '18:00' }],
        tue: [
          { start: '09:00', end: '12:00' },
          { start: '14:00', end: '18:00' },
        ],
      },
    })
    const nbd = orgPlan(
      { standard: { clock: 'next-business-day', ruleId: 'ORG-1', label: 'next business day' } },
      'split',
    )
    // Mon 13:00 CEST → Tue 13:00 is lunch → Tue 12:00 CEST
    expect(responseDue(nbd, 'standard', '2026-06-01T11:00:00Z', { calendars: { split: cal } }).dueAt).toBe(
      '2026-06-02T10:00:00Z',
    )
    // Monday 19:00 is closed → the next opening day is Tuesday → its next business day is the next Monday, at 09:00
    expect(responseDue(nbd, 'standard', '2026-06-01T17:00:00Z', { calendars: { split: cal } }).dueAt).toBe(
      '2026-06-08T07:00:00Z',
    )
    // opened in a lunch break → closed → next opening (same day, 14:00) → next business day at its opening
    const lunch = orgPlan(
      { standard: { clock: 'next-business-day', ruleId: 'ORG-1', label: 'nbd' } },
      'lunch',
    )
    expect(
      responseDue(lunch, 'standard', '2026-06-01T10:30:00Z', { calendars: { lunch: lunchBreakParis } }).dueAt,
    ).toBe('2026-06-02T07:00:00Z')
  })
})

describe('R-SA-7 business hours of Gold and Silver', () => {
  it('R-SA-7: the business-hour targets of Gold and Silver use the softartisans calendar', () => {
    for (const id of ['softartisans-gold', 'softartisans-silver']) {
      const r = due(id, 'standard', '2026-03-05T20:00:00Z')
      expect(r.calendarId).toBe('softartisans')
      expect(r.clock).toBe('business')
      expect(r.reasons.map((x) => x.message).join(' ')).toContain('SoftArtisans Technical Services')
    }
  })
})

describe('R-AM-2 AddOnMail email support has no committed response time', () => {
  it('R-AM-2: no target, and asking for a due time says so instead of inventing one', () => {
    expect(responseTargetFor(plan('addonmail-maintenance'), 'standard')).toBeNull()
    expect(() => due('addonmail-maintenance', 'standard', '2026-03-05T20:00:00Z')).toThrow(
      /^severity: .*no response time/,
    )
  })
})

function orgPlan(responseTargets: object, calendarId: string): Plan {
  return PlanSchema.parse({
    id: 'acme',
    label: 'Acme',
    calendarId,
    coverageRuleId: 'ORG-1',
    whenNotCovered: { message: 'Renew.', ruleId: 'ORG-1' },
    responseTargets,
  })
}

describe('responseDue bad input', () => {
  it('names the field: severity, openedAt, plan shape, options, calendars', () => {
    const gold = plan('softartisans-gold')
    expect(() => responseDue(gold, 'urgent' as 'standard', '2026-03-05T20:00:00Z')).toThrow(
      /^severity: "urgent" is not one of/,
    )
    expect(() => responseDue(gold, 'standard', '2026-03-05')).toThrow(/^openedAt: /)
    expect(() =>
      responseDue({ ...gold, calendarId: undefined } as unknown as Plan, 'standard', '2026-03-05T20:00:00Z'),
    ).toThrow(/^plan\.calendarId: /)
    const badTarget = {
      ...gold,
      responseTargets: { standard: { clock: 'business', minutes: -120, ruleId: 'R-SA-4', label: 'x' } },
    }
    expect(() => responseDue(badTarget as Plan, 'standard', '2026-03-05T20:00:00Z')).toThrow(
      /^plan\.responseTargets\.standard\.minutes: /,
    )
    expect(() =>
      due('softartisans-silver', 'standard', '2026-03-05T20:00:00Z', { extendedHours: true }),
    ).toThrow(/^opts\.extendedHours: /)
    expect(() => due('softartisans-gold', 'standard', '2026-03-05T20:00:00Z', 'fast' as never)).toThrow(
      /^opts: /,
    )
    const nowhere = orgPlan(
      { standard: { clock: 'business', minutes: 60, ruleId: 'ORG-1', label: '1 h' } },
      'nowhere',
    )
    expect(() => responseDue(nowhere, 'standard', '2026-03-05T20:00:00Z')).toThrow(PolicyInputError)
    expect(() => responseDue(nowhere, 'standard', '2026-03-05T20:00:00Z')).toThrow(
      /^plan\.calendarId: no calendar "nowhere"/,
    )
    const badCal = { nowhere: { ...presets.calendars.softartisans!, zone: 'Nowhere/Land' } }
    expect(() => responseDue(nowhere, 'standard', '2026-03-05T20:00:00Z', { calendars: badCal })).toThrow(
      /^calendars\.nowhere\.zone: /,
    )
  })
})
