import fc from 'fast-check'
import { DateTime, IANAZone } from 'luxon'
import { describe, expect, it } from 'vitest'
import type { Calendar } from '../domain'
import { addBusinessMinutes as add, businessMinutesBetween as between, isOpen, presets } from './index'
import { formatInstant } from './instants'
import { lunchBreakParis, nightAndDay } from './test-fixtures'

const MINUTE = 60_000
const cals: Record<string, Calendar> = {
  softartisans: presets.calendars.softartisans!,
  'addonmail-paris': presets.calendars['addonmail-paris']!,
  smartertools: presets.calendars.smartertools!,
  always: presets.calendars.always!,
  'lunch-break': lunchBreakParis,
  'night-and-day-new-york': nightAndDay('America/New_York'),
}

/** Minute-aligned instants from 2025 to 2027, as ISO strings with a random offset. */
const instant = fc
  .tuple(
    fc.integer({ min: Date.UTC(2025, 0, 1) / MINUTE, max: Date.UTC(2028, 0, 1) / MINUTE }),
    fc.constantFrom('Z', '+01:00', '-05:00', '+05:30'),
  )
  .map(([minute, offset]) => toOffset(minute * MINUTE, offset))

function toOffset(ms: number, offset: string): string {
  if (offset === 'Z') return formatInstant(ms)
  const sign = offset.startsWith('-') ? -1 : 1
  const shift = sign * (Number(offset.slice(1, 3)) * 60 + Number(offset.slice(4, 6))) * MINUTE
  return new Date(ms + shift).toISOString().slice(0, 19) + offset
}

const ms = (iso: string) => Date.parse(iso)

describe.each(Object.entries(cals))('calendar properties: %s', (_, cal) => {
  it('adding then measuring business minutes round-trips', () => {
    fc.assert(
      fc.property(instant, fc.integer({ min: 0, max: 20_000 }), (start, n) => {
        expect(between(cal, start, add(cal, start, n))).toBe(n)
      }),
      { numRuns: 200 },
    )
  })

  it('adding a + b equals adding a then b', () => {
    fc.assert(
      fc.property(
        instant,
        fc.integer({ min: 0, max: 6000 }),
        fc.integer({ min: 0, max: 6000 }),
        (start, a, b) => {
          expect(add(cal, add(cal, start, a), b)).toBe(add(cal, start, a + b))
        },
      ),
      { numRuns: 200 },
    )
  })

  it('a deadline never lands in closed time: the last minute it counts was open', () => {
    fc.assert(
      fc.property(instant, fc.integer({ min: 1, max: 20_000 }), (start, n) => {
        const due = add(cal, start, n)
        expect(isOpen(cal, formatInstant(ms(due) - MINUTE))).toBe(true)
        expect(ms(due)).toBeGreaterThan(ms(start))
      }),
      { numRuns: 200 },
    )
  })

  it('adding is monotone in the start and in the minutes', () => {
    fc.assert(
      fc.property(instant, instant, fc.integer({ min: 0, max: 5000 }), (s1, s2, n) => {
        const [early, late] = ms(s1) <= ms(s2) ? [s1, s2] : [s2, s1]
        expect(ms(add(cal, early, n))).toBeLessThanOrEqual(ms(add(cal, late, n)))
        expect(ms(add(cal, early, n))).toBeLessThanOrEqual(ms(add(cal, early, n + 1)))
      }),
      { numRuns: 200 },
    )
  })
})

/**
 * On DST-change days the arithmetic is compared with a reference that steps minute by minute and asks luxon
 * the wall-clock time of each one. The calendars' interval ends avoid the skipped and the repeated hour, where
 * "open" would depend on how those local times are read (see calendar-index.ts).
 */
function oracle(cal: Calendar) {
  const zone = IANAZone.create(cal.zone)
  const offsets = new Map<number, number>()
  // both zones tested change offset on the hour, so one offset per UTC hour is exact and keeps this quick
  const offsetAt = (t: number): number => {
    const hour = Math.floor(t / 3_600_000)
    let offset = offsets.get(hour)
    if (offset === undefined) offsets.set(hour, (offset = zone.offset(hour * 3_600_000)))
    return offset
  }
  const open = (t: number): boolean => {
    const local = t + offsetAt(t) * MINUTE
    const days = Math.floor(local / 86_400_000)
    const day = (['thu', 'fri', 'sat', 'sun', 'mon', 'tue', 'wed'] as const)[((days % 7) + 7) % 7]! // day 0 was a Thursday
    const minute = Math.floor((local - days * 86_400_000) / MINUTE)
    return cal.hours[day].some((iv) => {
      const [sh, sm] = iv.start.split(':').map(Number) as [number, number]
      const [eh, em] = iv.end.split(':').map(Number) as [number, number]
      return sh * 60 + sm <= minute && minute < eh * 60 + em
    })
  }
  return {
    add(start: number, n: number): number {
      let t = start
      for (let counted = 0; counted < n; t += MINUTE) if (open(t)) counted++
      return t
    },
    between(from: number, to: number): number {
      let count = 0
      for (let t = from; t < to; t += MINUTE) if (open(t)) count++
      return count
    },
  }
}

const dstChanges: Record<string, string[]> = {
  'America/New_York': ['2025-03-09', '2025-11-02', '2026-03-08', '2026-11-01', '2027-03-14', '2027-11-07'],
  'Europe/Paris': ['2025-03-30', '2025-10-26', '2026-03-29', '2026-10-25', '2027-03-28', '2027-10-31'],
}

describe.each(Object.entries(dstChanges))('DST-change days in %s', (zone, days) => {
  const cal = nightAndDay(zone)
  const ref = oracle(cal)
  /** starts within a day and a half either side of a change */
  const nearChange = fc
    .tuple(fc.constantFrom(...days), fc.integer({ min: -36 * 60, max: 36 * 60 }))
    .map(([day, minutes]) => formatInstant(Date.parse(`${day}T06:00:00Z`) + minutes * MINUTE))

  it('adding matches a minute-stepping reference', () => {
    fc.assert(
      fc.property(nearChange, fc.integer({ min: 0, max: 1500 }), (start, n) => {
        expect(ms(add(cal, start, n))).toBe(ref.add(ms(start), n))
      }),
      { numRuns: 100 },
    )
  })

  it('measuring matches a minute-stepping reference, and round-trips', () => {
    fc.assert(
      fc.property(nearChange, fc.integer({ min: 0, max: 1500 }), (start, span) => {
        const end = formatInstant(ms(start) + span * MINUTE)
        expect(between(cal, start, end)).toBe(ref.between(ms(start), ms(end)))
        expect(between(cal, start, add(cal, start, span))).toBe(span)
      }),
      { numRuns: 100 },
    )
  })

  it('a whole local day lasts 23, 24 or 25 hours less the closed hours', () => {
    for (const day of days) {
      const local = DateTime.fromISO(`${day}T00:00`, { zone })
      const total = between(cal, local.toUTC().toISO()!, local.plus({ days: 1 }).toUTC().toISO()!)
      const hours = local.plus({ days: 1 }).diff(local, 'hours').hours
      expect([23, 25]).toContain(hours)
      expect(total).toBe((hours - 3) * 60)
    }
  })
})
