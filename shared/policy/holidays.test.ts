import { describe, expect, it } from 'vitest'
import { PolicyInputError, easterSunday, publicHolidays } from './index'
import { formatDate } from './instants'

describe('R-CAL-5 generated holiday sets', () => {
  it('R-CAL-5: Easter by the Gregorian computus, including the earliest and latest possible dates', () => {
    const known: Record<number, string> = {
      2000: '2000-04-23',
      2008: '2008-03-23',
      2019: '2019-04-21',
      2024: '2024-03-31',
      2025: '2025-04-20',
      2026: '2026-04-05',
      2038: '2038-04-25',
      2285: '2285-03-22',
    }
    for (const [year, date] of Object.entries(known))
      expect(formatDate(easterSunday(Number(year)))).toBe(date)
  })

  it('R-CAL-5: France 2026, with Easter Monday, Ascension Thursday and Whit Monday moved by Easter', () => {
    expect(publicHolidays('FR', 2026)).toEqual([
      '2026-01-01',
      '2026-04-06',
      '2026-05-01',
      '2026-05-08',
      '2026-05-14',
      '2026-05-25',
      '2026-07-14',
      '2026-08-15',
      '2026-11-01',
      '2026-11-11',
      '2026-12-25',
    ])
  })

  it('R-CAL-5: United States 2026, as observed (Independence Day on a Saturday is observed Friday July 3)', () => {
    expect(publicHolidays('US', 2026)).toEqual([
      '2026-01-01',
      '2026-01-19',
      '2026-02-16',
      '2026-05-25',
      '2026-06-19',
      '2026-07-03',
      '2026-09-07',
      '2026-10-12',
      '2026-11-11',
      '2026-11-26',
      '2026-12-25',
    ])
  })

  it('R-CAL-5: a Sunday holiday is observed the Monday after; New Year on a Saturday is observed on Dec 31 before', () => {
    const us2022 = publicHolidays('US', 2022)
    expect(us2022[0]).toBe('2021-12-31') // Jan 1 2022 was a Saturday
    expect(us2022).toContain('2022-06-20') // Juneteenth on a Sunday
    expect(us2022).toContain('2022-12-26') // Christmas on a Sunday
    expect(publicHolidays('US', 2021)).toContain('2021-12-24') // Christmas on a Saturday
    expect(publicHolidays('US', 2023)[0]).toBe('2023-01-02')
    expect(publicHolidays('US', 2027)).toContain('2027-07-05')
  })

  it('R-CAL-5: always eleven dates, sorted, for any year', () => {
    for (let year = 1990; year <= 2060; year++) {
      for (const country of ['FR', 'US'] as const) {
        const list = publicHolidays(country, year)
        expect(list).toHaveLength(11)
        expect([...list].sort()).toEqual(list)
      }
    }
  })

  it('bad input: an unknown country or a year outside the Gregorian calendar names the field', () => {
    expect(() => publicHolidays('DE' as 'FR', 2026)).toThrow(PolicyInputError)
    expect(() => publicHolidays('DE' as 'FR', 2026)).toThrow(/^country: /)
    expect(() => publicHolidays('FR', 2026.5)).toThrow(/^year: /)
    expect(() => publicHolidays('US', 1200)).toThrow(/^year: /)
    expect(() => publicHolidays('US', Number.NaN)).toThrow(/^year: /)
  })
})
