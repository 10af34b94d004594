import { deepFreeze, type Calendar, type Plan } from '../domain'
import { presetCalendars } from './presets-calendars'
import { presetPlans } from './presets-plans'

/**
 * The vendors' policies of design/policies.md as data: the same shape an organisation uses for its own plans.
 * Frozen, because the policy module caches per calendar and plan object; copy one to edit it.
 */
export const presets: { calendars: Record<string, Calendar>; plans: Record<string, Plan> } = deepFreeze({
  calendars: presetCalendars,
  plans: presetPlans,
})
