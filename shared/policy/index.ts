// The one entry point of the rulebook (design/policy-api.md). Pure: no clock, no I/O (D-4).
export { PolicyInputError } from './errors'
export { presets } from './presets'
export { addBusinessMinutes, businessMinutesBetween, isOpen, nextOpening } from './calendar'
export { publicHolidays, easterSunday } from './holidays'
