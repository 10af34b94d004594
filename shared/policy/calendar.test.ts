import { describe, expect, it } from 'vitest'
import {
  PolicyInputError,
  addBusinessMinutes as add,
  businessMinutesBetween as between,
  isOpen,
  nextOpening,
  presets,
} from './index'
import { calendar, everyDay, lunchBreakParis } from './test-fixtures'

const softartisans = presets.calendars.softartisans!
const smartertools = presets.calendars.smartertools!
const always = presets.calendars.always!
const paris = presets.calendars['addonmail-paris']!

describe('R-CAL-1 zone, weekly intervals, holidays; arithmetic in the zone across DST', () => {
  const night = (zone: string) => calendar({ zone, hours: everyDay([{ start: '01:00', end: '04:00' }]) })

  it('R-CAL-1: an interval 01:00–04:00 lasts 2 h on the spring-forward night and 4 h on the fall-back night (New York)', () => {
    const cal = night('America/New_York')
    expect(between(cal, '2026-03-07T00:00:00Z', '2026-03-08T00:00:00Z')).toBe(180)
    expect(between(cal, '2026-03-08T00:00:00Z', '2026-03-09T00:00:00Z')).toBe(120)
    expect(between(cal, '2026-11-01T00:00:00Z', '2026-11-02T00:00:00Z')).toBe(240)
  })

  it('R-CAL-1: the same in Paris, whose clocks change at 02:00 and 03:00 on other dates', () => {
    const cal = night('Europe/Paris')
    expect(between(cal, '2026-03-28T12:00:00Z', '2026-03-29T12:00:00Z')).toBe(120)
    expect(between(cal, '2026-10-24T12:00:00Z', '2026-10-25T12:00:00Z')).toBe(240)
  })

  it('R-CAL-1: a whole day lasts 23 h when clocks go forward and 25 h when they go back', () => {
    const cal = calendar({ zone: 'Europe/Paris', hours: everyDay([{ start: '00:00', end: '24:00' }]) })
    expect(between(cal, '2026-03-28T23:00:00Z', '2026-03-29T22:00:00Z')).toBe(23 * 60)
    expect(between(cal, '2026-10-24T22:00:00Z', '2026-10-25T23:00:00Z')).toBe(25 * 60)
    // and adding across the change lands on the right wall-clock time
    expect(add(cal, '2026-03-28T11:00:00Z', 24 * 60)).toBe('2026-03-29T11:00:00Z') // 12:00 CET → 13:00 CEST
  })

  it('R-CAL-1: a time the clocks skip means the moment they jump; one they repeat means its first occurrence', () => {
    const gap = calendar({ zone: 'America/New_York', hours: everyDay([{ start: '02:00', end: '02:30' }]) })
    expect(between(gap, '2026-03-08T00:00:00Z', '2026-03-09T00:00:00Z')).toBe(0)
    expect(between(gap, '2026-03-09T00:00:00Z', '2026-03-10T00:00:00Z')).toBe(30)
    const half = calendar({ zone: 'America/New_York', hours: everyDay([{ start: '02:30', end: '03:15' }]) })
    expect(between(half, '2026-03-08T00:00:00Z', '2026-03-09T00:00:00Z')).toBe(15) // 03:00–03:15 EDT
    const repeated = calendar({
      zone: 'America/New_York',
      hours: everyDay([{ start: '00:00', end: '01:30' }]),
    })
    expect(between(repeated, '2026-11-01T00:00:00Z', '2026-11-02T00:00:00Z')).toBe(90) // closes at the first 01:30
    expect(isOpen(repeated, '2026-11-01T05:29:00Z')).toBe(true) // 01:29 EDT
    expect(isOpen(repeated, '2026-11-01T06:15:00Z')).toBe(false) // 01:15 EST, the second time round
  })

  it('R-CAL-1: several intervals a day (a lunch break)', () => {
    // Mon 2026-06-01 11:00 CEST + 2 h = 1 h before lunch and 1 h after, 15:00 CEST
    expect(add(lunchBreakParis, '2026-06-01T09:00:00Z', 120)).toBe('2026-06-01T13:00:00Z')
    expect(isOpen(lunchBreakParis, '2026-06-01T10:30:00Z')).toBe(false) // 12:30 CEST
    expect(between(lunchBreakParis, '2026-06-01T00:00:00Z', '2026-06-02T00:00:00Z')).toBe(7 * 60)
  })

  it('R-CAL-1: explicit holiday dates close the whole local day', () => {
    const cal = calendar({
      zone: 'America/New_York',
      hours: everyDay([{ start: '09:00', end: '17:00' }]),
      holidays: { dates: ['2026-12-24'] },
    })
    expect(isOpen(cal, '2026-12-24T15:00:00Z')).toBe(false)
    expect(isOpen(cal, '2026-12-23T15:00:00Z')).toBe(true)
  })

  it('R-CAL-1: a US federal-holiday calendar is closed on a New Year observed on Dec 31 of the year before', () => {
    const cal = calendar({
      zone: 'America/New_York',
      hours: everyDay([{ start: '09:00', end: '17:00' }]),
      holidays: { countries: ['US'] },
    })
    expect(isOpen(cal, '2027-12-31T15:00:00Z')).toBe(false) // Jan 1 2028 is a Saturday
    expect(isOpen(cal, '2026-07-03T15:00:00Z')).toBe(false)
    expect(isOpen(cal, '2026-07-06T15:00:00Z')).toBe(true)
  })
})

describe('R-CAL-2 SoftArtisans hours', () => {
  it('R-CAL-2: Mon–Thu 09:00–17:30 and Fri 09:00–16:30 US Eastern local time, DST included', () => {
    expect(softartisans.zone).toBe('America/New_York')
    expect(isOpen(softartisans, '2026-01-08T14:00:00Z')).toBe(true) // Thu 09:00 EST
    expect(isOpen(softartisans, '2026-01-08T13:59:00Z')).toBe(false)
    expect(isOpen(softartisans, '2026-07-09T13:00:00Z')).toBe(true) // Thu 09:00 EDT
    expect(isOpen(softartisans, '2026-01-08T22:29:00Z')).toBe(true) // Thu 17:29 EST
    expect(isOpen(softartisans, '2026-01-08T22:30:00Z')).toBe(false) // closing time is closed
    expect(isOpen(softartisans, '2026-01-09T21:29:00Z')).toBe(true) // Fri 16:29
    expect(isOpen(softartisans, '2026-01-09T21:30:00Z')).toBe(false) // Fri 16:30
    expect(isOpen(softartisans, '2026-01-10T15:00:00Z')).toBe(false) // Saturday
  })

  it('R-CAL-2: no holidays are stated, so the preset is open on US holidays', () => {
    expect(softartisans.holidays).toEqual({ dates: [], countries: [] })
    expect(isOpen(softartisans, '2026-07-03T14:00:00Z')).toBe(true)
  })

  it('R-CAL-2: one business week is 4 × 8.5 h + 7.5 h', () => {
    expect(between(softartisans, '2026-01-05T00:00:00Z', '2026-01-12T00:00:00Z')).toBe(4 * 510 + 450)
  })
})

describe('R-CAL-3 AddOnMail hotline hours', () => {
  it('R-CAL-3: Mon–Fri 09:00–18:00 Paris time', () => {
    expect(paris.zone).toBe('Europe/Paris')
    expect(isOpen(paris, '2026-07-13T07:00:00Z')).toBe(true) // Mon 09:00 CEST
    expect(isOpen(paris, '2026-07-13T16:00:00Z')).toBe(false) // Mon 18:00 CEST
    expect(isOpen(paris, '2026-01-12T08:00:00Z')).toBe(true) // Mon 09:00 CET
  })

  it('R-CAL-3: closed on French public holidays (Bastille Day, Ascension Thursday)', () => {
    expect(isOpen(paris, '2026-07-14T08:00:00Z')).toBe(false)
    expect(isOpen(paris, '2026-05-14T08:00:00Z')).toBe(false)
    // Mon 13 July 17:30 CEST + 60 min: 30 min on Monday, Tuesday is Bastille Day, 30 min on Wednesday
    expect(add(paris, '2026-07-13T15:30:00Z', 60)).toBe('2026-07-15T07:30:00Z')
  })
})

describe('R-CAL-4 SmarterTools hours are an assumption', () => {
  it('R-CAL-4: Mon–Fri 08:00–17:00 America/Phoenix, marked as an editable assumption', () => {
    expect(smartertools.zone).toBe('America/Phoenix')
    expect(smartertools.assumption?.ruleId).toBe('R-CAL-4')
    expect(smartertools.assumption?.note).toMatch(/assumption/)
    // Arizona keeps standard time all year: 08:00 is 15:00Z in January and in July
    expect(isOpen(smartertools, '2026-01-07T15:00:00Z')).toBe(true)
    expect(isOpen(smartertools, '2026-07-08T15:00:00Z')).toBe(true)
    expect(isOpen(smartertools, '2026-07-08T14:59:00Z')).toBe(false)
  })
})

describe('R-CAL-6 adding business minutes', () => {
  it('R-CAL-6: time only runs while open (Thu 16:30 EST + 2 h = Fri 10:00 EST)', () => {
    expect(add(softartisans, '2026-03-05T21:30:00Z', 120)).toBe('2026-03-06T15:00:00Z')
  })

  it('R-CAL-6: from a closed time the clock starts at the next opening (Sat noon + 30 min = Mon 09:30 EDT)', () => {
    expect(add(softartisans, '2026-03-07T17:00:00Z', 30)).toBe('2026-03-09T13:30:00Z')
    expect(nextOpening(softartisans, '2026-03-07T17:00:00Z')).toBe('2026-03-09T13:00:00Z')
  })

  it('R-CAL-6: across the DST weekends in both directions', () => {
    expect(add(softartisans, '2026-03-06T21:00:00Z', 60)).toBe('2026-03-09T13:30:00Z') // Fri 16:00 EST → Mon 09:30 EDT
    expect(add(softartisans, '2026-10-30T20:00:00Z', 60)).toBe('2026-11-02T14:30:00Z') // Fri 16:00 EDT → Mon 09:30 EST
  })

  it('R-CAL-6: a deadline that uses the last minute of the day is that day’s closing time', () => {
    expect(add(softartisans, '2026-03-05T15:30:00-05:00', 120)).toBe('2026-03-05T22:30:00Z')
  })

  it('R-CAL-6: adding zero is the start itself; measuring is the inverse of adding', () => {
    expect(add(softartisans, '2026-03-07T17:00:00Z', 0)).toBe('2026-03-07T17:00:00Z')
    expect(between(softartisans, '2026-03-05T21:30:00Z', '2026-03-06T15:00:00Z')).toBe(120)
  })

  it('R-CAL-6: a 24x7 calendar is plain elapsed time, holidays and DST included', () => {
    expect(always.alwaysOpen).toBe(true)
    expect(add(always, '2026-03-08T06:30:00Z', 60)).toBe('2026-03-08T07:30:00Z')
    expect(add(always, '2026-12-25T00:00:00+01:00', 1440)).toBe('2026-12-25T23:00:00Z')
    expect(between(always, '2026-03-07T00:00:00Z', '2026-03-09T00:00:00Z')).toBe(2880)
    expect(isOpen(always, '2026-12-25T03:00:00Z')).toBe(true)
  })

  it('R-CAL-6: seconds are kept and minutes may be fractional', () => {
    expect(add(softartisans, '2026-03-05T15:00:30Z', 1.5)).toBe('2026-03-05T15:02:00Z')
    expect(between(softartisans, '2026-03-05T15:00:00Z', '2026-03-05T15:00:30Z')).toBe(0.5)
  })
})

describe('calendar bad input', () => {
  const cal = softartisans
  it('addBusinessMinutes: malformed start, negative or non-numeric minutes, a bad calendar', () => {
    expect(() => add(cal, '2026-13-01T00:00:00Z', 10)).toThrow(PolicyInputError)
    expect(() => add(cal, '2026-13-01T00:00:00Z', 10)).toThrow(/^start: /)
    expect(() => add(cal, '2026-03-05T15:00:00Z', -1)).toThrow(/^minutes: /)
    expect(() => add(cal, '2026-03-05T15:00:00Z', Number.NaN)).toThrow(/^minutes: /)
    expect(() => add(cal, '2026-03-05T15:00:00Z', '10' as unknown as number)).toThrow(/^minutes: /)
    expect(() => add(cal, '2026-03-05T15:00:00Z', 1e12)).toThrow(/^minutes: /)
    expect(() => add({ ...cal, zone: 'Mars/Olympus' }, '2026-03-05T15:00:00Z', 10)).toThrow(/^cal\.zone: /)
    expect(() => add(null as never, '2026-03-05T15:00:00Z', 10)).toThrow(/^cal: /)
  })

  it('a calendar with overlapping or reversed intervals, or with no opening at all, is refused', () => {
    const hours = {
      ...cal.hours,
      mon: [
        { start: '09:00', end: '12:00' },
        { start: '11:00', end: '13:00' },
      ],
    }
    expect(() => isOpen({ ...cal, hours }, '2026-03-05T15:00:00Z')).toThrow(/^cal\.hours\.mon: /)
    const reversed = { ...cal.hours, tue: [{ start: '17:00', end: '09:00' }] }
    expect(() => isOpen({ ...cal, hours: reversed }, '2026-03-05T15:00:00Z')).toThrow(
      /^cal\.hours\.tue\.0\.end: /,
    )
    const none = { mon: [], tue: [], wed: [], thu: [], fri: [], sat: [], sun: [] }
    expect(() => isOpen({ ...cal, hours: none }, '2026-03-05T15:00:00Z')).toThrow(/^cal\.hours: /)
    const badTime = { ...cal.hours, wed: [{ start: '9:00', end: '17:00' }] }
    expect(() => isOpen({ ...cal, hours: badTime }, '2026-03-05T15:00:00Z')).toThrow(
      /^cal\.hours\.wed\.0\.start: /,
    )
    expect(() =>
      isOpen({ ...cal, holidays: { dates: ['2026-02-30'], countries: [] } }, '2026-03-05T15:00:00Z'),
    ).toThrow(/^cal\.holidays\.dates\.0: /)
  })

  it('a calendar whose every opening is a holiday for ten years is refused rather than walked forever', () => {
    const dates = Array.from({ length: 600 }, (_, i) => {
      const d = new Date(Date.UTC(2026, 0, 5 + i * 7))
      return d.toISOString().slice(0, 10)
    })
    const mondaysOnly = calendar({
      zone: 'UTC',
      hours: { mon: [{ start: '09:00', end: '10:00' }] },
      holidays: { dates },
    })
    expect(() => add(mondaysOnly, '2026-01-01T00:00:00Z', 10)).toThrow(/^cal: /)
  })

  it('businessMinutesBetween: end before start, malformed instants', () => {
    expect(() => between(cal, '2026-03-06T00:00:00Z', '2026-03-05T00:00:00Z')).toThrow(/^to: .*before from/)
    expect(() => between(cal, 'yesterday', '2026-03-05T00:00:00Z')).toThrow(/^from: /)
    expect(() => between(cal, '2026-03-05T00:00:00Z', '2026-03-05')).toThrow(/^to: /)
  })

  it('isOpen and nextOpening: malformed instant', () => {
    expect(() => isOpen(cal, '2026-03-05 15:00')).toThrow(/^at: /)
    expect(() => nextOpening(cal, '')).toThrow(/^at: /)
  })
})
