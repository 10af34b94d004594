/**
 * Subscriptions: one plan bought for a period (R-ST-1 yearly M&S, R-ST-2 lifetime, R-SA-2 one year).
 * `end` is the last day covered, inclusive; dates are read in the zone of the plan's calendar.
 * A subscription whose end has passed is *lapsed* whatever its stored status says: the stored status only
 * records what a person did (bought, reinstated, cancelled), time does the rest.
 */
import type { Subscription } from '@shared/domain'
import { DateTime } from 'luxon'
import { z } from 'zod'
import { dateSchema, idSchema, requireSameCustomer, type NewRow } from './common'
import { loadPlan, planToday } from './catalog'
import { reject } from './errors'
import { defineMutator, scopeOfRow } from './mutator'
import type { Reader, Row, Tx } from './tx'

export type SubscriptionRow = Subscription

/** The status the policy sees on `today`: a stored 'active' past its end is 'lapsed'. */
export function effectiveStatus(
  sub: Pick<Subscription, 'status' | 'end'>,
  today: string,
): Subscription['status'] {
  if (sub.status === 'active' && sub.end !== null && sub.end < today) return 'lapsed'
  return sub.status
}

/** Whether the subscription covers the date (active and within start..end). */
export function coversDate(sub: Pick<Subscription, 'status' | 'start' | 'end'>, date: string): boolean {
  return sub.status === 'active' && sub.start <= date && (sub.end === null || sub.end >= date)
}

/** One year of cover from `start`: the day before the anniversary (R-ST-1, R-SA-2). */
export function oneYearFrom(start: string): string {
  return DateTime.fromISO(start, { zone: 'utc' }).plus({ years: 1 }).minus({ days: 1 }).toISODate() as string
}

/**
 * The subscription an incident on this license (or, without a license, this customer) falls under on `date`:
 * one that covers the date, else the one that ended last (so the decision can say "reinstate"), else none.
 */
export async function subscriptionFor(
  reader: Reader,
  customerId: string,
  licenseId: string | null,
  date: string,
): Promise<Row<SubscriptionRow> | undefined> {
  const candidates = licenseId
    ? await reader.query<SubscriptionRow>('subscriptions', 'licenseId', licenseId)
    : (await reader.query<SubscriptionRow>('subscriptions', 'customerId', customerId)).filter(
        (s) => !s.licenseId,
      )
  const covering = candidates.filter((s) => coversDate(s, date))
  const pool = covering.length > 0 ? covering : candidates
  // latest start first; ties by id (deterministic)
  return [...pool].sort((a, b) =>
    a.start !== b.start ? (a.start < b.start ? 1 : -1) : a.id < b.id ? 1 : -1,
  )[0]
}

/** Active (on `today`) subscriptions of a customer, license-bound or not. */
export async function activeSubscriptionsOfCustomer(
  reader: Reader,
  customerId: string,
  today: string,
): Promise<Row<SubscriptionRow>[]> {
  const subs = await reader.query<SubscriptionRow>('subscriptions', 'customerId', customerId)
  return subs.filter((s) => effectiveStatus(s, today) === 'active' && s.start <= today)
}

const buyArgs = z
  .object({
    id: idSchema,
    customerId: idSchema,
    /** null for hosted customers and partners (R-ST-2) */
    licenseId: idSchema.nullish(),
    planId: z.string().min(1).max(100),
    start: dateSchema,
    /** last day covered; default one year from start, none for lifetime plans */
    end: dateSchema.nullish(),
  })
  .refine((a) => !a.end || a.end >= a.start, { path: ['end'], message: 'end is before start' })

async function requireSubscription(tx: Tx, id: string): Promise<Row<SubscriptionRow>> {
  return tx.require<SubscriptionRow>('subscriptions', id, 'args.subscriptionId', 'subscription')
}

export const subscriptionBuy = defineMutator({
  name: 'subscription.buy',
  version: 1,
  args: buyArgs,
  scope: async (args) => ({ customerId: args.customerId }),
  async run(tx, args) {
    const content = { customerId: args.customerId, planId: args.planId, start: args.start }
    if (await tx.replayOf('subscriptions', args.id, content)) return
    const plan = await loadPlan(tx, args.planId, 'args.planId')
    if (args.licenseId) {
      const license = await tx.require('licenses', args.licenseId, 'args.licenseId', 'license')
      requireSameCustomer(license, args.customerId, 'args.licenseId', 'license')
    }
    let end: string | null
    if (plan.lifetime) {
      if (args.end)
        reject(
          'invalid',
          `${plan.label} lasts for the lifetime of the subscription: it has no end date.`,
          'args.end',
        )
      end = null
    } else {
      end = args.end ?? oneYearFrom(args.start)
    }
    const row: NewRow<SubscriptionRow> = {
      id: args.id,
      customerId: args.customerId,
      licenseId: args.licenseId ?? null,
      planId: args.planId,
      start: args.start,
      end,
      status: 'active',
    }
    await tx.insert('subscriptions', row)
  },
})

const renewArgs = z.object({
  subscriptionId: idSchema,
  /**
   * The new last day covered, as an absolute date (the UI proposes one year after the current end): a replay
   * writes the same date again instead of adding another year.
   */
  end: dateSchema,
})

export const subscriptionRenew = defineMutator({
  name: 'subscription.renew',
  version: 1,
  args: renewArgs,
  scope: (args, reader) => scopeOfRow(reader, 'subscriptions', args.subscriptionId, 'args.subscriptionId'),
  async run(tx, args, ctx) {
    const sub = await requireSubscription(tx, args.subscriptionId)
    const plan = await loadPlan(tx, sub.planId, 'args.subscriptionId')
    if (sub.end === null)
      reject('invalid-state', 'A lifetime subscription has no end date to renew.', 'args.subscriptionId')
    const end = args.end
    if (end === sub.end) return // a replay of this renewal
    if (end < sub.end)
      reject('invalid', `The new end must be after the current end (${sub.end}).`, 'args.end')
    const today = await planToday(tx, plan, ctx.now)
    const status = effectiveStatus(sub, today)
    if (status !== 'active') {
      reject(
        'invalid-state',
        `This subscription is ${status}: it can't be renewed, reinstate it instead (${plan.coverageRuleId}).`,
        'args.subscriptionId',
      )
    }
    await tx.update('subscriptions', sub.id, { end })
  },
})

const reinstateArgs = z
  .object({
    subscriptionId: idSchema,
    /** the new contract year starts here (D-1) */
    start: dateSchema,
    end: dateSchema.nullish(),
  })
  .refine((a) => !a.end || a.end >= a.start, { path: ['end'], message: 'end is before start' })

export const subscriptionReinstate = defineMutator({
  name: 'subscription.reinstate',
  version: 1,
  args: reinstateArgs,
  scope: (args, reader) => scopeOfRow(reader, 'subscriptions', args.subscriptionId, 'args.subscriptionId'),
  async run(tx, args, ctx) {
    const sub = await requireSubscription(tx, args.subscriptionId)
    const plan = await loadPlan(tx, sub.planId, 'args.subscriptionId')
    const end = plan.lifetime ? null : (args.end ?? oneYearFrom(args.start))
    if (sub.status === 'active' && sub.start === args.start && sub.end === end) return // a replay
    const today = await planToday(tx, plan, ctx.now)
    if (effectiveStatus(sub, today) === 'active') {
      reject(
        'invalid-state',
        'This subscription is active: renew it instead of reinstating it.',
        'args.subscriptionId',
      )
    }
    await tx.update('subscriptions', sub.id, { status: 'active', start: args.start, end })
  },
})

export const subscriptionCancel = defineMutator({
  name: 'subscription.cancel',
  version: 1,
  args: z.object({ subscriptionId: idSchema }),
  scope: (args, reader) => scopeOfRow(reader, 'subscriptions', args.subscriptionId, 'args.subscriptionId'),
  async run(tx, args) {
    const sub = await requireSubscription(tx, args.subscriptionId)
    await tx.update('subscriptions', sub.id, { status: 'cancelled' })
  },
})
