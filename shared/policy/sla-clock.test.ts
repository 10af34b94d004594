import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import type { Plan, Severity } from '../domain'
import { presets, responseDue, slaClock, type SlaEventInput } from './index'
import { formatInstant } from './instants'

const plan = (id: string): Plan => presets.plans[id]!
const gold = plan('softartisans-gold')
const opened = '2026-03-05T19:00:00Z' // Thursday 14:00 EST; due 16:00 EST = 21:00Z
/** The Gold plan's standard severity, opened at `opened`: the clock most cases here read. */
const goldStandard = (events: SlaEventInput[], now: string, opts?: Parameters<typeof slaClock>[5]) =>
  slaClock(gold, 'standard', opened, events, now, opts)
const ev = (type: SlaEventInput['type'], at: string): SlaEventInput => ({ type, at })

describe('SLA clock: pauses while waiting on the customer', () => {
  it('running, at risk within 1 business hour, breached after the due time', () => {
    expect(goldStandard([], '2026-03-05T19:30:00Z')).toMatchObject({
      state: 'running',
      dueAt: '2026-03-05T21:00:00Z',
      remainingMinutes: 90,
      ruleId: 'R-SA-4',
      calendarId: 'softartisans',
    })
    expect(goldStandard([], '2026-03-05T20:15:00Z')).toMatchObject({
      state: 'at-risk',
      remainingMinutes: 45,
    })
    expect(goldStandard([], '2026-03-05T21:00:00Z')).toMatchObject({
      state: 'at-risk',
      remainingMinutes: 0,
    })
    expect(goldStandard([], '2026-03-05T21:01:00Z')).toMatchObject({
      state: 'breached',
      remainingMinutes: -1,
    })
  })

  it('a pause moves the due time by the paused business time (Thu 14:30 → Fri 10:00 EST: 240 business minutes)', () => {
    const events = [ev('pause', '2026-03-05T19:30:00Z'), ev('resume', '2026-03-06T15:00:00Z')]
    expect(goldStandard(events, '2026-03-06T15:00:00Z')).toMatchObject({
      state: 'running',
      baseDueAt: '2026-03-05T21:00:00Z',
      dueAt: '2026-03-06T16:30:00Z', // Fri 11:30 EST
      remainingMinutes: 90,
      pausedMinutes: 240,
    })
  })

  it('responding stops the first-response clock: met in time, or breached late', () => {
    const paused = [ev('pause', '2026-03-05T19:30:00Z'), ev('resume', '2026-03-06T15:00:00Z')]
    expect(
      goldStandard([...paused, ev('respond', '2026-03-06T16:00:00Z')], '2026-03-09T18:00:00Z'),
    ).toMatchObject({
      state: 'met',
      respondedAt: '2026-03-06T16:00:00Z',
      remainingMinutes: 30,
      dueAt: '2026-03-06T16:30:00Z',
    })
    expect(
      goldStandard(
        [ev('pause', '2026-03-05T19:30:00Z'), ev('respond', '2026-03-06T14:00:00Z')],
        '2026-03-06T18:00:00Z',
      ),
    ).toMatchObject({
      state: 'met',
      remainingMinutes: 90,
    })
    expect(goldStandard([ev('respond', '2026-03-05T21:30:00Z')], '2026-03-06T18:00:00Z')).toMatchObject({
      state: 'breached',
      remainingMinutes: -30,
    })
  })

  it('a pause that begins after the due time does not un-breach; replayed events change nothing', () => {
    const late = [ev('pause', '2026-03-05T21:30:00Z'), ev('resume', '2026-03-06T14:00:00Z')]
    expect(goldStandard(late, '2026-03-06T15:00:00Z')).toMatchObject({
      state: 'breached',
      dueAt: '2026-03-05T21:00:00Z',
      remainingMinutes: -150,
    })
    const replayed = [
      ev('resume', '2026-03-05T19:10:00Z'),
      ev('pause', '2026-03-05T19:30:00Z'),
      ev('pause', '2026-03-05T20:00:00Z'),
      ev('resume', '2026-03-06T15:00:00Z'),
      ev('resume', '2026-03-06T15:00:00Z'),
    ]
    expect(goldStandard(replayed, '2026-03-06T15:00:00Z').dueAt).toBe('2026-03-06T16:30:00Z')
  })

  it.each([
    {
      name: 'while paused the remaining time is frozen, and the due time is where it would be if resumed now',
      plan: gold,
      severity: 'standard',
      openedAt: opened,
      events: [ev('pause', '2026-03-05T19:30:00Z')],
      now: '2026-03-05T23:00:00Z',
      expected: { state: 'paused', remainingMinutes: 90, pausedMinutes: 180, dueAt: '2026-03-06T15:30:00Z' },
    },
    {
      name: 'on the calendar clock (R-ST-4 emergency) paused time is elapsed time',
      plan: plan('smartertools-mns'),
      severity: 'emergency',
      openedAt: '2026-03-07T03:00:00Z',
      events: [ev('pause', '2026-03-07T03:10:00Z'), ev('resume', '2026-03-07T03:40:00Z')],
      now: '2026-03-07T04:10:00Z',
      expected: {
        state: 'at-risk',
        dueAt: '2026-03-07T04:30:00Z',
        pausedMinutes: 30,
        remainingMinutes: 20,
        clock: 'calendar',
      },
    },
    {
      name: 'on a next-business-day target (R-SA-5) the shift is in business minutes, across the DST weekend',
      plan: plan('softartisans-silver'),
      severity: 'standard',
      openedAt: '2026-03-05T20:00:00Z',
      events: [ev('pause', '2026-03-05T21:00:00Z'), ev('resume', '2026-03-06T14:30:00Z')],
      now: '2026-03-06T14:30:00Z',
      expected: { baseDueAt: '2026-03-06T20:00:00Z', dueAt: '2026-03-09T13:30:00Z', pausedMinutes: 120 },
    },
  ] satisfies {
    name: string
    plan: Plan
    severity: Severity
    openedAt: string
    events: SlaEventInput[]
    now: string
    expected: object
  }[])('$name', ({ plan, severity, openedAt, events, now, expected }) => {
    expect(slaClock(plan, severity, openedAt, events, now)).toMatchObject(expected)
  })

  it('bad input: events out of bounds or of an unknown type, now before openedAt, a plan without a target', () => {
    expect(() =>
      goldStandard([ev('hold' as 'pause', '2026-03-05T19:30:00Z')], '2026-03-06T00:00:00Z'),
    ).toThrow(/^events\.0\.type: /)
    expect(() => goldStandard([ev('pause', '2026-03-05T18:00:00Z')], '2026-03-06T00:00:00Z')).toThrow(
      /^events\.0\.at: .*before openedAt/,
    )
    expect(() => goldStandard([ev('pause', '2026-03-07T00:00:00Z')], '2026-03-06T00:00:00Z')).toThrow(
      /^events\.0\.at: .*after now/,
    )
    expect(() => goldStandard([ev('pause', 'later')], '2026-03-06T00:00:00Z')).toThrow(/^events\.0\.at: /)
    expect(() => goldStandard(null as never, '2026-03-06T00:00:00Z')).toThrow(/^events: /)
    expect(() => goldStandard([], '2026-03-05T18:00:00Z')).toThrow(/^now: /)
    expect(() => slaClock(gold, 'high' as Severity, opened, [], '2026-03-06T00:00:00Z')).toThrow(
      /^severity: /,
    )
    expect(() =>
      slaClock(plan('addonmail-maintenance'), 'standard', opened, [], '2026-03-06T00:00:00Z'),
    ).toThrow(/^severity: /)
    expect(() => goldStandard([], '2026-03-06T00:00:00Z', { atRiskMinutes: -5 })).toThrow(
      /^opts\.atRiskMinutes: /,
    )
  })
})

describe('SLA clock properties', () => {
  const targets: Array<[string, Severity]> = [
    ['softartisans-gold', 'standard'],
    ['softartisans-silver', 'priority'],
    ['softartisans-platinum', 'business-critical'],
    ['smartertools-mns', 'standard'],
    ['smartertools-mns', 'emergency'],
  ]
  const MINUTE = 60_000
  const scenario = fc.record({
    target: fc.constantFrom(...targets),
    opened: fc.integer({ min: Date.UTC(2026, 0, 1) / MINUTE, max: Date.UTC(2027, 0, 1) / MINUTE }),
    gaps: fc.array(fc.integer({ min: 1, max: 3 * 24 * 60 }), { minLength: 0, maxLength: 8 }),
  })

  it('paused time only ever moves a due time later', () => {
    fc.assert(
      fc.property(scenario, ({ target: [id, severity], opened, gaps }) => {
        // alternating pause/resume at increasing times, as many pairs as the gaps allow
        let t = opened * MINUTE
        const times = gaps.map((g) => (t += g * MINUTE))
        const events = times.map((at, i) => ev(i % 2 === 0 ? 'pause' : 'resume', formatInstant(at)))
        const now = formatInstant(t + MINUTE)
        const openedAt = formatInstant(opened * MINUTE)
        const base = Date.parse(responseDue(plan(id), severity, openedAt).dueAt)
        let previous = base
        for (let pairs = 0; pairs * 2 <= events.length; pairs++) {
          const s = slaClock(plan(id), severity, openedAt, events.slice(0, pairs * 2), now)
          expect(Date.parse(s.baseDueAt)).toBe(base)
          expect(Date.parse(s.dueAt)).toBeGreaterThanOrEqual(previous)
          expect(s.pausedMinutes).toBeGreaterThanOrEqual(0)
          previous = Date.parse(s.dueAt)
        }
      }),
      { numRuns: 200 },
    )
  })
})
