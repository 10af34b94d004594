import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { PolicyInputError } from './errors'
import {
  civilDate,
  dayNumber,
  formatDate,
  formatInstant,
  isoWeekday,
  parseCanonicalInstant,
  parseDate,
  parseInstant,
} from './instants'

describe('instants', () => {
  it('accepts any offset and writes UTC with Z, without milliseconds unless there are some', () => {
    const ms = parseInstant('2026-03-06T16:00:00-05:00', 'at')
    expect(formatInstant(ms)).toBe('2026-03-06T21:00:00Z')
    expect(formatInstant(parseInstant('2026-03-06T22:00+0100', 'at'))).toBe('2026-03-06T21:00:00Z')
    expect(formatInstant(parseInstant('2026-03-06T21:00:00.250Z', 'at'))).toBe('2026-03-06T21:00:00.250Z')
    expect(formatInstant(parseInstant('2026-03-06T21:00:00.1239Z', 'at'))).toBe('2026-03-06T21:00:00.123Z')
  })

  it('refuses what is not an instant, naming the field', () => {
    for (const bad of [
      '2026-13-01T00:00:00Z',
      '2026-02-29T00:00:00Z',
      '2026-03-06T24:00:00Z',
      '2026-03-06T21:00:00',
      '2026-03-06',
      'soon',
      42,
      null,
    ]) {
      expect(() => parseInstant(bad, 'start')).toThrow(PolicyInputError)
      expect(() => parseInstant(bad, 'start')).toThrow(/^start: /)
    }
    expect(() => parseInstant('2026-13-01', 'start')).toThrow(
      'start: "2026-13-01" is not an ISO-8601 instant',
    )
  })

  it('counts days as integers and knows the weekday', () => {
    expect(dayNumber(1970, 1, 1)).toBe(0)
    expect(isoWeekday(dayNumber(2026, 3, 6))).toBe(5) // a Friday
    expect(isoWeekday(dayNumber(1969, 12, 28))).toBe(7) // a Sunday, before day 0
    expect(civilDate(dayNumber(2024, 2, 29))).toEqual({ year: 2024, month: 2, day: 29 })
    expect(formatDate(parseDate('2026-12-31', 'd'))).toBe('2026-12-31')
    expect(() => parseDate('2026-02-30', 'purchasedAt')).toThrow(/^purchasedAt: /)
  })

  it('the hand-written parser and formatter agree with Date on any instant from year 1 to 9999', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: Date.UTC(1, 0, 1), max: Date.UTC(9999, 11, 31, 23, 59, 59, 999) }),
        (ms) => {
          const iso = new Date(ms).toISOString()
          const canonical = iso.endsWith('.000Z') ? `${iso.slice(0, -5)}Z` : iso
          expect(formatInstant(ms)).toBe(canonical)
          expect(parseInstant(canonical, 'at')).toBe(ms)
          expect(parseInstant(iso, 'at')).toBe(ms)
        },
      ),
      { numRuns: 500 },
    )
  })

  it('the fast path only takes the exact canonical form and leaves the rest to the full parser', () => {
    expect(parseCanonicalInstant('2026-03-06T21:00:00Z')).toBe(Date.UTC(2026, 2, 6, 21))
    for (const other of [
      '2026-03-06T21:00:00+00:00',
      '2026-0a-06T21:00:00Z',
      '2026-03-06t21:00:00Z',
      '2026-03-06T21:00:60Z',
      '2026-02-29T12:00:00Z',
      '2026/03/06T21:00:00Z',
    ]) {
      expect(parseCanonicalInstant(other)).toBeNaN()
    }
    // with milliseconds, as Date#toISOString writes every stored instant
    expect(parseCanonicalInstant('2026-03-06T21:00:00.250Z')).toBe(Date.UTC(2026, 2, 6, 21, 0, 0, 250))
    expect(parseCanonicalInstant('1999-12-31T23:59:59.999Z')).toBe(Date.UTC(1999, 11, 31, 23, 59, 59, 999))
    for (const other of [
      '2026-03-06T21:00:00,250Z',
      '2026-03-06T21:00:00.2a0Z',
      '2026-03-06T21:00:00.250z',
      '2026-03-06T21:00:60.000Z',
      '2026-03-06T21:00:00.25Z',
    ]) {
      expect(parseCanonicalInstant(other)).toBeNaN()
    }
    expect(parseInstant('2026-03-06T21:00:00,250Z', 'at')).toBe(Date.UTC(2026, 2, 6, 21, 0, 0, 250))
    expect(parseInstant('2026-03-06t21:00:00z', 'at')).toBe(Date.UTC(2026, 2, 6, 21))
    expect(() => parseInstant('2026-03-06T21:00:60Z', 'at')).toThrow(/^at: /)
  })
})
