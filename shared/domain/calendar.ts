import { IANAZone } from 'luxon'
import { z } from 'zod'
import { IsoDateSchema, RuleIdSchema, SlugSchema } from './common'

/** `HH:mm` on the 24-hour clock; `24:00` only as the end of an interval (midnight at the end of the day). */
export const TimeOfDaySchema = z
  .string()
  .regex(/^(?:[01]\d|2[0-3]):[0-5]\d$|^24:00$/, 'expected HH:mm (00:00–24:00)')
export type TimeOfDay = z.infer<typeof TimeOfDaySchema>

export const OpeningIntervalSchema = z
  .object({ start: TimeOfDaySchema, end: TimeOfDaySchema })
  .refine((i) => i.start !== '24:00', { path: ['start'], message: '24:00 can only end an interval' })
  .refine((i) => i.start < i.end, { path: ['end'], message: 'an interval must end after it starts' })
export type OpeningInterval = z.infer<typeof OpeningIntervalSchema>

export const WEEKDAYS = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'] as const
export const WeekdaySchema = z.enum(WEEKDAYS)
export type Weekday = z.infer<typeof WeekdaySchema>

/** Several intervals a day (a lunch break), in order and not overlapping; touching is fine. */
const DayHoursSchema = z
  .array(OpeningIntervalSchema)
  .default([])
  .refine((list) => list.every((iv, i) => i === 0 || list[i - 1]!.end <= iv.start), {
    message: 'intervals must be in order and must not overlap',
  })

export const WeeklyHoursSchema = z.object({
  mon: DayHoursSchema,
  tue: DayHoursSchema,
  wed: DayHoursSchema,
  thu: DayHoursSchema,
  fri: DayHoursSchema,
  sat: DayHoursSchema,
  sun: DayHoursSchema,
})
export type WeeklyHours = z.infer<typeof WeeklyHoursSchema>

/** Countries whose public holidays Caseload can generate for any year (R-CAL-5). */
export const HolidayCountrySchema = z.enum(['FR', 'US'])
export type HolidayCountry = z.infer<typeof HolidayCountrySchema>

export const ZoneSchema = z
  .string()
  .refine((zone) => IANAZone.isValidZone(zone), { message: 'not an IANA time zone (e.g. "Europe/Paris")' })

/** A rule of the preset that is a guess, shown as such in the UI and meant to be edited (R-CAL-4). */
export const AssumptionSchema = z.object({ ruleId: RuleIdSchema, note: z.string().min(1) })
export type Assumption = z.infer<typeof AssumptionSchema>

/**
 * Business hours as plain data (R-CAL-1): a zone, weekly intervals and holidays. A 24x7 calendar counts plain
 * elapsed time and ignores hours and holidays (R-CAL-6). Treat a calendar as an immutable value: the policy
 * module caches per calendar object, so edit by making a new object.
 */
export const CalendarSchema = z
  .object({
    id: SlugSchema,
    label: z.string().min(1),
    description: z.string().default(''),
    zone: ZoneSchema,
    alwaysOpen: z.boolean().default(false),
    hours: WeeklyHoursSchema.default({ mon: [], tue: [], wed: [], thu: [], fri: [], sat: [], sun: [] }),
    holidays: z
      .object({
        dates: z.array(IsoDateSchema).default([]),
        countries: z.array(HolidayCountrySchema).default([]),
      })
      .default({ dates: [], countries: [] }),
    assumption: AssumptionSchema.nullable().default(null),
    ruleIds: z.array(RuleIdSchema).default([]),
  })
  .refine((c) => c.alwaysOpen || WEEKDAYS.some((d) => c.hours[d].length > 0), {
    path: ['hours'],
    message: 'a calendar that is not 24x7 needs at least one opening interval',
  })
export type Calendar = z.infer<typeof CalendarSchema>
export type CalendarInput = z.input<typeof CalendarSchema>
