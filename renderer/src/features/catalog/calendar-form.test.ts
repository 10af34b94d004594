import { describe, expect, it } from 'vitest'
import { CalendarSchema } from '@shared/domain'
import { presets } from '@shared/policy'
import {
  calendarFieldName,
  calendarToForm,
  duplicateCalendarForm,
  emptyCalendarForm,
  parseCalendarForm,
  type CalendarForm,
} from './calendar-form'

function parisOffice(): CalendarForm {
  const form = emptyCalendarForm()
  form.id = 'paris-office'
  form.label = 'Paris office'
  form.zone = 'Europe/Paris'
  for (const d of ['mon', 'tue', 'wed', 'thu', 'fri'] as const)
    form.hours[d] = [{ start: '09:00', end: '17:00' }]
  form.countries = ['FR']
  form.holidayDates = '2026-12-24\n\n2026-12-31\n'
  return form
}

describe('calendar form → Calendar', () => {
  it('maps a valid form to the calendar calendar.save accepts', () => {
    const result = parseCalendarForm(parisOffice())
    expect(result.ok).toBe(true)
    if (!result.ok) return
    expect(result.calendar).toMatchObject({
      id: 'paris-office',
      zone: 'Europe/Paris',
      hours: { mon: [{ start: '09:00', end: '17:00' }], sat: [] },
      holidays: { dates: ['2026-12-24', '2026-12-31'], countries: ['FR'] },
    })
    expect(CalendarSchema.safeParse(result.calendar).success).toBe(true)
  })

  it('round-trips every preset', () => {
    for (const cal of Object.values(presets.calendars)) {
      const result = parseCalendarForm(calendarToForm(cal))
      expect(result).toEqual({ ok: true, calendar: cal })
    }
  })

  it('sorts intervals typed out of order instead of calling them overlapping', () => {
    const form = parisOffice()
    form.hours.mon = [
      { start: '14:00', end: '18:00' },
      { start: '09:00', end: '12:00' },
    ]
    const result = parseCalendarForm(form)
    expect(result.ok && result.calendar.hours.mon).toEqual([
      { start: '09:00', end: '12:00' },
      { start: '14:00', end: '18:00' },
    ])
  })

  it('names the day and both intervals when they overlap', () => {
    const form = parisOffice()
    form.hours.tue = [
      { start: '11:00', end: '14:00' },
      { start: '09:00', end: '12:00' },
    ]
    const result = parseCalendarForm(form)
    expect(result.ok).toBe(false)
    if (result.ok) return
    expect(result.errors['hours.tue']).toBe(
      'Tuesday: 09:00–12:00 overlaps 11:00–14:00; intervals must not overlap',
    )
    expect(calendarFieldName('hours.tue')).toBe('Tuesday hours')
  })

  it('puts an end-before-start error on the row the user typed, not the sorted position', () => {
    const form = parisOffice()
    form.hours.wed = [
      { start: '14:00', end: '18:00' },
      { start: '10:00', end: '09:00' },
    ]
    const result = parseCalendarForm(form)
    expect(result.ok).toBe(false)
    if (result.ok) return
    expect(result.errors['hours.wed.1.end']).toBe('an interval must end after it starts')
    expect(result.errors['hours.wed.0.end']).toBeUndefined()
    expect(calendarFieldName('hours.wed.1.end')).toBe('Wednesday interval 2 end')
  })

  it('rejects a time that is not HH:mm', () => {
    const form = parisOffice()
    form.hours.thu = [{ start: '9h', end: '17:00' }]
    const result = parseCalendarForm(form)
    expect(!result.ok && result.errors['hours.thu.0.start']).toBe('expected HH:mm (00:00–24:00)')
  })

  it('rejects a zone luxon does not know', () => {
    const form = parisOffice()
    form.zone = 'Europe/Pariss'
    const result = parseCalendarForm(form)
    expect(!result.ok && result.errors.zone).toBe('not an IANA time zone (e.g. "Europe/Paris")')
    expect(calendarFieldName('zone')).toBe('Time zone')
  })

  it('names the line of a holiday that is not a date', () => {
    const form = parisOffice()
    form.holidayDates = '2026-12-24\n\n2026-02-30'
    const result = parseCalendarForm(form)
    expect(!result.ok && result.errors.holidayDates).toBe(
      'line 3: "2026-02-30" is not a date (expected YYYY-MM-DD)',
    )
  })

  it('needs some opening hours unless 24x7, and an id and a name', () => {
    const form = emptyCalendarForm()
    form.zone = 'UTC'
    const result = parseCalendarForm(form)
    expect(result.ok).toBe(false)
    if (result.ok) return
    expect(result.errors.hours).toBe('a calendar that is not 24x7 needs at least one opening interval')
    expect(result.errors.id).toBe('expected a lowercase slug like "softartisans-gold"')
    expect(result.errors.label).toBeDefined()
    expect(parseCalendarForm({ ...form, id: 'x', label: 'X', alwaysOpen: true }).ok).toBe(true)
  })

  it('refuses an id already taken: saving would overwrite that calendar', () => {
    const result = parseCalendarForm(parisOffice(), new Set(['paris-office']))
    expect(!result.ok && result.errors.id).toBe(
      '"paris-office" is already used by another calendar; choose another id',
    )
  })

  it('duplicates a preset under a free id', () => {
    const form = duplicateCalendarForm(presets.calendars['smartertools']!, new Set(['smartertools-copy']))
    expect(form.id).toBe('smartertools-copy-2')
    expect(form.label).toBe('SmarterTools business hours (copy)')
    expect(form.assumption?.ruleId).toBe('R-CAL-4')
  })
})
