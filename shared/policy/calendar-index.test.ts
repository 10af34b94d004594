import fc from 'fast-check'
import { IANAZone } from 'luxon'
import { describe, expect, it } from 'vitest'
import { calendarIndex, localDay, offsetAt } from './calendar-index'
import { DAY_MS, MINUTE_MS } from './instants'
import { calendar } from './test-fixtures'

// zones with a change on the hour, on the half hour (Lord Howe moves by 30 minutes) and none
const ZONES = ['America/New_York', 'Europe/London', 'Australia/Lord_Howe', 'Asia/Kolkata', 'UTC']
const FROM = Date.UTC(2024, 0, 1)
const TO = Date.UTC(2028, 0, 1)

describe('offsetAt (kept per day)', () => {
  it('is what the zone says at any instant, asked in any order, through every change of 2024-2027', () => {
    for (const zone of ZONES) {
      const index = calendarIndex(calendar({ zone, alwaysOpen: true }))
      const tz = IANAZone.create(zone)
      fc.assert(
        fc.property(fc.integer({ min: FROM, max: TO }), (ms) => {
          expect(offsetAt(index, ms)).toBe(tz.offset(ms) * MINUTE_MS)
        }),
        { numRuns: 2000 },
      )
    }
  })

  it('changes at the very minute the zone does, on the days the clocks move', () => {
    const zone = 'America/New_York'
    const index = calendarIndex(calendar({ zone, alwaysOpen: true }))
    const tz = IANAZone.create(zone)
    // 2026-03-08 07:00Z (02:00 EST → 03:00 EDT) and 2026-11-01 06:00Z (02:00 EDT → 01:00 EST)
    for (const change of [Date.UTC(2026, 2, 8, 7), Date.UTC(2026, 10, 1, 6)]) {
      for (let ms = change - 3 * MINUTE_MS; ms <= change + 3 * MINUTE_MS; ms += 30_000)
        expect(offsetAt(index, ms)).toBe(tz.offset(ms) * MINUTE_MS)
      expect(offsetAt(index, change - 1)).not.toBe(offsetAt(index, change))
    }
    // a local day across the change is still the right one
    expect(localDay(index, Date.UTC(2026, 2, 8, 6, 59))).toBe(Math.floor(Date.UTC(2026, 2, 8) / DAY_MS))
  })
})
