// Calendars used only by the tests: shapes the presets do not have (a lunch break, night hours across DST).
import type { Calendar, CalendarInput, OpeningInterval } from '../domain'
import { CalendarSchema } from '../domain'

export function calendar(input: Partial<CalendarInput> & Pick<CalendarInput, 'zone'>): Calendar {
  return CalendarSchema.parse({ id: 'test', label: 'test', ...input })
}

export function everyDay(intervals: OpeningInterval[]): CalendarInput['hours'] {
  return {
    mon: intervals,
    tue: intervals,
    wed: intervals,
    thu: intervals,
    fri: intervals,
    sat: intervals,
    sun: intervals,
  }
}

export const lunchBreakParis = calendar({
  zone: 'Europe/Paris',
  hours: {
    mon: [
      { start: '09:00', end: '12:00' },
      { start: '14:00', end: '18:00' },
    ],
    tue: [
      { start: '09:00', end: '12:00' },
      { start: '14:00', end: '18:00' },
    ],
    wed: [
      { start: '09:00', end: '12:00' },
      { start: '14:00', end: '18:00' },
    ],
    thu: [
      { start: '09:00', end: '12:00' },
      { start: '14:00', end: '18:00' },
    ],
    fri: [
      { start: '09:00', end: '12:00' },
      { start: '14:00', end: '18:00' },
    ],
  },
})

/** Open through both DST changes of the zone; endpoints avoid the repeated and the skipped hour. */
export function nightAndDay(zone: string): Calendar {
  return calendar({
    zone,
    hours: everyDay([
      { start: '00:00', end: '04:00' },
      { start: '06:00', end: '12:00' },
      { start: '13:00', end: '24:00' },
    ]),
  })
}
