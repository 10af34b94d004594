import { describe, expect, it } from 'vitest'
import { presets } from '@shared/policy'
import {
  defaultEnd,
  headlineSubscription,
  planTodayOf,
  reinstateDates,
  subscriptionState,
  subscriptionView,
} from './subscription-model'
import { formatDate } from './dates'

const plans = presets.plans
const sub = (
  over: Partial<{
    id: string
    planId: string
    status: 'active' | 'lapsed' | 'cancelled'
    start: string
    end: string | null
  }> = {},
) => ({
  id: 's1',
  planId: 'softartisans-gold',
  status: 'active' as const,
  start: '2026-01-01',
  end: '2026-12-31' as string | null,
  ...over,
})

describe('subscription status on a date', () => {
  it('is active within its period, lapsed after its end whatever is stored, cancelled when cancelled', () => {
    expect(subscriptionState(sub(), '2026-06-01')).toBe('active')
    expect(subscriptionState(sub(), '2026-12-31')).toBe('active')
    expect(subscriptionState(sub(), '2027-01-01')).toBe('lapsed')
    expect(subscriptionState(sub({ status: 'cancelled' }), '2026-06-01')).toBe('cancelled')
    expect(subscriptionState(sub({ start: '2026-07-01' }), '2026-06-01')).toBe('not-started')
  })
})

describe('subscriptionView', () => {
  it('an active yearly plan can be renewed one more year, or cancelled, not reinstated', () => {
    const v = subscriptionView(sub(), plans['softartisans-gold'], '2026-06-01')
    expect(v).toMatchObject({
      state: 'active',
      lifetime: false,
      canRenew: true,
      canCancel: true,
      canReinstate: false,
      renewEnd: '2027-12-31',
      ruleId: 'R-SA-4',
      warranty: null,
    })
  })
  it('a lapsed or cancelled one can only be reinstated', () => {
    for (const v of [
      subscriptionView(sub(), plans['softartisans-gold'], '2027-02-01'),
      subscriptionView(sub({ status: 'cancelled' }), plans['softartisans-gold'], '2026-06-01'),
    ]) {
      expect([v.canRenew, v.canCancel, v.canReinstate]).toEqual([false, false, true])
    }
  })
  it('hosted and partner plans are lifetime (R-ST-2): no end, nothing to renew', () => {
    const v = subscriptionView(
      sub({ planId: 'smartertools-hosted', end: null }),
      plans['smartertools-hosted'],
      '2030-01-01',
    )
    expect(v.lifetime).toBe(true)
    expect(v.state).toBe('active')
    expect(v.period).toMatch(/lifetime$/)
    expect(v.canRenew).toBe(false)
    expect(v.canCancel).toBe(true)
  })
  it('shows the 30-day warranty from the license purchase (R-AM-1), ended once past', () => {
    const plan = plans['addonmail-warranty']
    const during = subscriptionView(sub({ planId: 'addonmail-warranty' }), plan, '2026-01-10', '2026-01-05')
    expect(during.warranty).toBe(`30-day warranty from purchase (R-AM-1): until ${formatDate('2026-02-03')}`)
    const after = subscriptionView(sub({ planId: 'addonmail-warranty' }), plan, '2026-02-04', '2026-01-05')
    expect(after.warranty).toMatch(/: ended /)
    // 2026-01-05 + 29 days = 2026-02-03, the last day covered
    const last = subscriptionView(sub({ planId: 'addonmail-warranty' }), plan, '2026-02-03', '2026-01-05')
    expect(last.warranty).toMatch(/: until /)
  })
})

describe('dates proposed to the mutators', () => {
  it('buying: one year of cover, none for a lifetime plan', () => {
    expect(defaultEnd(plans['softartisans-gold'], '2026-03-01')).toBe('2027-02-28')
    expect(defaultEnd(plans['smartertools-partner'], '2026-03-01')).toBeNull()
  })
  it('reinstating starts a new contract year today (D-1)', () => {
    expect(reinstateDates(plans['smartertools-mns'], '2026-05-10')).toEqual({
      start: '2026-05-10',
      end: '2027-05-09',
    })
    expect(reinstateDates(plans['smartertools-hosted'], '2026-05-10')).toEqual({
      start: '2026-05-10',
      end: null,
    })
  })
})

describe('headlineSubscription: the one the list shows', () => {
  it('prefers an active subscription, then the one that ended last', () => {
    const old = sub({ id: 'old', start: '2024-01-01', end: '2024-12-31' })
    const recent = sub({ id: 'recent', start: '2025-01-01', end: '2025-12-31' })
    const cancelled = sub({ id: 'cancelled', status: 'cancelled' })
    expect(headlineSubscription([old, recent, cancelled], '2026-06-01')?.id).toBe('recent')
    expect(headlineSubscription([old, sub({ id: 'now' }), recent], '2026-06-01')?.id).toBe('now')
    expect(headlineSubscription([], '2026-06-01')).toBeUndefined()
  })
})

describe('planTodayOf: dates are read in the zone of the plan’s calendar', () => {
  const late = Date.parse('2026-11-22T03:00:00Z')
  it('is still the 21st in New York (SoftArtisans) when it is the 22nd in UTC and Paris', () => {
    expect(planTodayOf(plans['softartisans-gold'], {}, late)).toBe('2026-11-21')
    expect(planTodayOf(plans['addonmail-maintenance'], {}, late)).toBe('2026-11-22')
  })
  it('an organisation’s own calendar wins over the preset; without a plan, UTC', () => {
    expect(planTodayOf(plans['softartisans-gold'], { softartisans: { zone: 'Asia/Tokyo' } }, late)).toBe(
      '2026-11-22',
    )
    expect(planTodayOf(undefined, {}, late)).toBe('2026-11-22')
  })
})
