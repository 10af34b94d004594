/**
 * A subscription as the customer screen shows it: its status on today's date in the plan's zone (a stored
 * 'active' past its end is lapsed: shared/mutations/subscriptions.ts), its period (or "lifetime", R-ST-2), the
 * warranty of a plan that has one (R-AM-1), and which of renew / reinstate / cancel apply.
 */
import type { Calendar, Plan, Subscription } from '@shared/domain'
import { effectiveStatus, oneYearFrom } from '@shared/mutations/subscriptions'
import { presets } from '@shared/policy'
import { addDays, addYears, formatDate, zonedDate } from './dates'

/**
 * Today in the zone of the plan's calendar, where subscription dates are read (as planToday in
 * shared/mutations/catalog.ts): the organisation's calendar, else the preset, else UTC.
 */
export function planTodayOf(
  plan: Pick<Plan, 'calendarId'> | undefined,
  calendars: Readonly<Record<string, Pick<Calendar, 'zone'>>>,
  nowMs: number,
): string {
  const id = plan?.calendarId ?? ''
  const zone = calendars[id]?.zone ?? presets.calendars[id]?.zone ?? 'UTC'
  return zonedDate(nowMs, zone)
}

export type SubscriptionState = 'active' | 'not-started' | 'lapsed' | 'cancelled'

export const stateLabel: Record<SubscriptionState, string> = {
  active: 'Active',
  'not-started': 'Not started yet',
  lapsed: 'Lapsed',
  cancelled: 'Cancelled',
}

export interface SubscriptionView {
  id: string
  planLabel: string
  state: SubscriptionState
  lifetime: boolean
  /** "1 Jan 2026 – 31 Dec 2026", "Since 1 Jan 2026 · lifetime" */
  period: string
  /** the rule that grants support while it is active */
  ruleId: string
  /** "30-day warranty from purchase (R-AM-1): until 31 Jan 2026" or null */
  warranty: string | null
  canRenew: boolean
  canReinstate: boolean
  canCancel: boolean
  /** renewal proposal: one more year after the current end */
  renewEnd: string | null
}

export type SubscriptionLike = Pick<Subscription, 'id' | 'planId' | 'status' | 'start' | 'end'>

export function subscriptionState(sub: SubscriptionLike, today: string): SubscriptionState {
  const status = effectiveStatus(sub, today)
  if (status === 'active' && sub.start > today) return 'not-started'
  return status
}

/**
 * @param purchasedAt the license's purchase date, from which a warranty runs (R-AM-1); the subscription's
 *   start when it is not bound to a license
 */
export function subscriptionView(
  sub: SubscriptionLike,
  plan: Plan | undefined,
  today: string,
  purchasedAt: string | null = null,
): SubscriptionView {
  const state = subscriptionState(sub, today)
  const lifetime = plan?.lifetime === true || sub.end === null
  const period = lifetime
    ? `Since ${formatDate(sub.start)} · lifetime`
    : `${formatDate(sub.start)} – ${formatDate(sub.end)}`
  let warranty: string | null = null
  if (plan?.warrantyDays) {
    const from = purchasedAt ?? sub.start
    const until = addDays(from, plan.warrantyDays - 1)
    warranty = `${plan.warrantyDays}-day warranty from purchase (${plan.coverageRuleId}): ${
      until < today ? `ended ${formatDate(until)}` : `until ${formatDate(until)}`
    }`
  }
  return {
    id: sub.id,
    planLabel: plan?.label ?? sub.planId,
    state,
    lifetime,
    period,
    ruleId: plan?.coverageRuleId ?? '',
    warranty,
    canRenew: !lifetime && (state === 'active' || state === 'not-started'),
    canReinstate: state === 'lapsed' || state === 'cancelled',
    canCancel: state === 'active' || state === 'not-started',
    renewEnd: !lifetime && sub.end ? addYears(sub.end, 1) : null,
  }
}

/** The dates subscription.reinstate is given: a new contract year from today (D-1), none for lifetime plans. */
export function reinstateDates(plan: Plan | undefined, today: string): { start: string; end: string | null } {
  return { start: today, end: plan?.lifetime ? null : oneYearFrom(today) }
}

/** The end proposed when buying: one year of cover (R-ST-1, R-SA-2), none for a lifetime plan (R-ST-2). */
export function defaultEnd(plan: Plan | undefined, start: string): string | null {
  return plan?.lifetime ? null : oneYearFrom(start)
}

const stateRank: Record<SubscriptionState, number> = { active: 0, 'not-started': 1, lapsed: 2, cancelled: 3 }

/**
 * The subscription that speaks for the customer in the list: an active one first, then the one that ended
 * last; ties go to the latest start.
 */
export function headlineSubscription<S extends SubscriptionLike>(
  subs: readonly S[],
  /** today in the zone of the subscription's plan (a date string: the same for every plan) */
  today: string | ((sub: S) => string),
): S | undefined {
  const on = typeof today === 'string' ? () => today : today
  return [...subs].sort((a, b) => {
    const r = stateRank[subscriptionState(a, on(a))] - stateRank[subscriptionState(b, on(b))]
    if (r !== 0) return r
    const ae = a.end ?? '9999-12-31'
    const be = b.end ?? '9999-12-31'
    if (ae !== be) return ae < be ? 1 : -1
    return a.start < b.start ? 1 : a.start > b.start ? -1 : 0
  })[0]
}
