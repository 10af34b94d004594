import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import type { Plan } from '../domain'
import {
  AT_RISK_MINUTES,
  addBusinessMinutes,
  atRiskUntil,
  businessMinutesBetween,
  presets,
  responseCalendarId,
  slaClock,
} from './index'

const plan = (id: string): Plan => presets.plans[id]!
const softartisans = presets.calendars.softartisans!

describe('at risk: 60 business minutes or fewer left on the target calendar', () => {
  it('is 60 minutes of open time, not of wall-clock time', () => {
    // Thursday 10:00 EST: an ordinary hour later
    expect(atRiskUntil('softartisans', '2026-03-05T15:00:00Z')).toBe('2026-03-05T16:00:00Z')
    // Friday 16:00 EST (closes 16:30): 30 minutes on Friday, 30 on Monday from 09:00
    expect(atRiskUntil('softartisans', '2026-03-06T21:00:00Z')).toBe('2026-03-09T13:30:00Z')
    // Saturday: nothing is open until Monday 09:00, so the hour runs 09:00-10:00 Monday
    expect(atRiskUntil('softartisans', '2026-03-07T15:00:00Z')).toBe('2026-03-09T14:00:00Z')
  })

  it('an hour that ends at a closing time covers everything due until the next opening', () => {
    // Thursday 16:30 EST, closing 17:30: due at 17:30 or any time before Friday 09:00 is 60 business minutes away
    expect(atRiskUntil('softartisans', '2026-03-05T21:30:00Z')).toBe('2026-03-06T14:00:00Z')
    expect(businessMinutesBetween(softartisans, '2026-03-05T21:30:00Z', '2026-03-06T14:00:00Z')).toBe(60)
  })

  it('a calendar-clock target counts every minute', () => {
    expect(responseCalendarId(plan('smartertools-mns'), 'emergency')).toBe('always')
    expect(atRiskUntil('always', '2026-03-07T15:00:00Z')).toBe('2026-03-07T16:00:00Z')
  })

  it('names the calendar a response runs on: extended hours, the target, or none', () => {
    const gold = plan('softartisans-gold')
    expect(responseCalendarId(gold, 'standard')).toBe('softartisans')
    expect(responseCalendarId(gold, 'standard', { extendedHours: true })).toBe('softartisans-extended')
    // AddOnMail commits to no response time at all (R-AM-2)
    expect(responseCalendarId(plan('addonmail-maintenance'), 'standard')).toBeNull()
  })

  it('agrees with the SLA clock and with the business-time measure for any now and due time', () => {
    const gold = plan('softartisans-gold')
    const start = Date.parse('2026-03-02T00:00:00Z')
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 14 * 24 * 60 }),
        fc.integer({ min: 0, max: 4 * 24 * 60 }),
        (openedOffset, nowOffset) => {
          const opened = new Date(start + openedOffset * 60_000).toISOString()
          const now = new Date(start + (openedOffset + nowOffset) * 60_000).toISOString()
          const clock = slaClock(gold, 'standard', opened, [], now)
          const due = Date.parse(clock.dueAt)
          const until = Date.parse(atRiskUntil(clock.calendarId, now))
          const atRisk = Date.parse(now) <= due && due <= until
          expect(clock.state === 'at-risk').toBe(atRisk)
          if (Date.parse(now) <= due) {
            const left = businessMinutesBetween(softartisans, now, clock.dueAt)
            expect(left <= AT_RISK_MINUTES).toBe(atRisk)
          }
        },
      ),
      { numRuns: 300 },
    )
  })

  it('the threshold can be moved, and bad input names its field', () => {
    expect(atRiskUntil('softartisans', '2026-03-05T15:00:00Z', { atRiskMinutes: 0 })).toBe(
      '2026-03-05T15:00:00Z',
    )
    expect(atRiskUntil('softartisans', '2026-03-05T15:00:00Z', { atRiskMinutes: 120 })).toBe(
      addBusinessMinutes(softartisans, '2026-03-05T15:00:00Z', 120),
    )
    expect(() => atRiskUntil('softartisans', 'soon')).toThrow(/^now: /)
    expect(() => atRiskUntil('nowhere', '2026-03-05T15:00:00Z')).toThrow(/^calendarId: /)
    expect(() => atRiskUntil('softartisans', '2026-03-05T15:00:00Z', { atRiskMinutes: -1 })).toThrow(
      /^opts\.atRiskMinutes: /,
    )
    expect(() => atRiskUntil('softartisans', '2026-03-05T15:00:00Z', { atRiskMinutes: 1e9 })).toThrow(
      /^opts\.atRiskMinutes: /,
    )
    expect(() => responseCalendarId(plan('softartisans-gold'), 'urgent' as never)).toThrow(/^severity: /)
  })
})
