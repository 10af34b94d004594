import type { Calendar, OpeningInterval, WeeklyHours } from '../domain'

const closed: OpeningInterval[] = []
const span = (start: string, end: string): OpeningInterval[] => [{ start, end }]
const weekdays = (hours: OpeningInterval[]): WeeklyHours => ({
  mon: hours,
  tue: hours,
  wed: hours,
  thu: hours,
  fri: hours,
  sat: closed,
  sun: closed,
})

export const presetCalendars: Record<string, Calendar> = {
  softartisans: {
    id: 'softartisans',
    label: 'SoftArtisans Technical Services',
    description:
      'Monday to Thursday 9:00–17:30 and Friday 9:00–16:30, US Eastern time. The vendor writes "EST"; ' +
      'Caseload reads it as Eastern local time, daylight saving included. The vendor states no holidays.',
    zone: 'America/New_York',
    alwaysOpen: false,
    hours: { ...weekdays(span('09:00', '17:30')), fri: span('09:00', '16:30') },
    holidays: { dates: [], countries: [] },
    assumption: null,
    ruleIds: ['R-CAL-2', 'R-SA-7'],
  },
  'softartisans-extended': {
    id: 'softartisans-extended',
    label: 'SoftArtisans extended hours',
    description:
      'Pre-arranged extended-hours incidents of Gold support: Monday to Friday 7:00–19:00, US Eastern time.',
    zone: 'America/New_York',
    alwaysOpen: false,
    hours: weekdays(span('07:00', '19:00')),
    holidays: { dates: [], countries: [] },
    assumption: null,
    ruleIds: ['R-SA-4'],
  },
  'addonmail-paris': {
    id: 'addonmail-paris',
    label: 'AddOnMail hotline',
    description: 'Monday to Friday 9:00–18:00 Paris time, closed on French public holidays.',
    zone: 'Europe/Paris',
    alwaysOpen: false,
    hours: weekdays(span('09:00', '18:00')),
    holidays: { dates: [], countries: ['FR'] },
    assumption: null,
    ruleIds: ['R-CAL-3', 'R-AM-5'],
  },
  smartertools: {
    id: 'smartertools',
    label: 'SmarterTools business hours',
    description: 'Monday to Friday 8:00–17:00 Arizona time (no daylight saving).',
    zone: 'America/Phoenix',
    alwaysOpen: false,
    hours: weekdays(span('08:00', '17:00')),
    holidays: { dates: [], countries: [] },
    assumption: {
      ruleId: 'R-CAL-4',
      note:
        'SmarterTools does not publish its business hours. These are an assumption (a working day in Arizona, ' +
        'where the company is); edit this calendar if you know its real hours.',
    },
    ruleIds: ['R-CAL-4', 'R-ST-3'],
  },
  always: {
    id: 'always',
    label: '24x7',
    description: 'Always open: every hour of every day, holidays included. Counts plain elapsed time.',
    zone: 'UTC',
    alwaysOpen: true,
    hours: { mon: closed, tue: closed, wed: closed, thu: closed, fri: closed, sat: closed, sun: closed },
    holidays: { dates: [], countries: [] },
    assumption: null,
    ruleIds: ['R-CAL-6'],
  },
}
