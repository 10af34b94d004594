import type { Calendar, Plan, Reason } from '../domain'
import { isOpenAt } from './calendar'
import { parseInstant } from './instants'
import { calendarById, calendarsOf, optionsOf, planOf } from './plans'

/** R-AM-5: whether the plan's phone line answers at an instant (standard hours, or 24/7 with Extended Call Access). */
export function hotlineOpen(
  plan: Plan,
  at: string,
  opts?: { calendars?: Record<string, Calendar> },
): { open: boolean; calendarId: string | null; reasons: Reason[] } {
  const p = planOf(plan)
  const t = parseInstant(at, 'at')
  const calendars = calendarsOf(optionsOf(opts, 'opts').calendars, 'opts.calendars')
  if (p.hotline === null) {
    return {
      open: false,
      calendarId: null,
      reasons: [{ ruleId: p.coverageRuleId, message: `${p.label} includes no hotline.` }],
    }
  }
  const index = calendarById(p.hotline.calendarId, calendars, 'plan.hotline.calendarId')
  const open = isOpenAt(index, t)
  const message = `The hotline follows the "${index.calendar.label}" hours and is ${open ? 'open' : 'closed'} now.`
  return { open, calendarId: p.hotline.calendarId, reasons: [{ ruleId: p.hotline.ruleId, message }] }
}
