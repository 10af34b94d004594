/**
 * Licenses (R-SA-1, R-ST-1, R-ST-5..9, R-AM-1, R-AM-4). A transfer to another organisation needs the vendor's
 * written consent, recorded on the license (R-ST-9): without it the transfer is refused.
 */
import type { License } from '@shared/domain'
import { transferAllowed } from '@shared/policy'
import { z } from 'zod'
import { dateSchema, idSchema, requireCustomerAccess, textSchema, utc, type NewRow } from './common'
import { loadPlan } from './catalog'
import { reject } from './errors'
import { defineMutator, scopeOfRow } from './mutator'
import { oneYearFrom, type SubscriptionRow } from './subscriptions'
import type { Row } from './tx'

export type LicenseRow = License

const addArgs = z
  .object({
    id: idSchema,
    customerId: idSchema,
    product: textSchema(200),
    edition: textSchema(100),
    major: z.number().int().nonnegative(),
    minor: z.number().int().nonnegative().default(0),
    /** the product's latest major today (R-ST-5) */
    currentMajor: z.number().int().nonnegative(),
    os: textSchema(100),
    failover: z.boolean().default(false),
    purchasedAt: dateSchema,
    licenseKey: z.string().trim().max(500).default(''),
    /** the subscription a new license comes with (R-ST-1: 12 months of M&S), bought in the same step */
    includedSubscription: z.object({ id: idSchema, planId: z.string().min(1).max(100) }).optional(),
  })
  .refine((a) => a.major <= a.currentMajor, {
    path: ['major'],
    message: 'major is later than the current major',
  })

export const licenseAdd = defineMutator({
  name: 'license.add',
  version: 1,
  args: addArgs,
  scope: async (args) => ({ customerId: args.customerId }),
  async run(tx, args) {
    const content = { customerId: args.customerId, product: args.product, licenseKey: args.licenseKey }
    if (await tx.replayOf('licenses', args.id, content)) return
    const row: NewRow<LicenseRow> = {
      id: args.id,
      customerId: args.customerId,
      product: args.product,
      edition: args.edition,
      major: args.major,
      minor: args.minor,
      currentMajor: args.currentMajor,
      os: args.os,
      failover: args.failover,
      purchasedAt: args.purchasedAt,
      licenseKey: args.licenseKey,
      keyDisabledAt: null,
      transferConsent: null,
    }
    await tx.insert('licenses', row)
    if (args.includedSubscription) {
      const { id, planId } = args.includedSubscription
      await tx.replayOf('subscriptions', id, {}, 'args.includedSubscription.id')
      const plan = await loadPlan(tx, planId, 'args.includedSubscription.planId')
      const sub: NewRow<SubscriptionRow> = {
        id,
        customerId: args.customerId,
        licenseId: args.id,
        planId,
        start: args.purchasedAt,
        end: plan.lifetime ? null : oneYearFrom(args.purchasedAt),
        status: 'active',
      }
      await tx.insert('subscriptions', sub)
    }
  },
})

const consentArgs = z.object({
  licenseId: idSchema,
  toCustomerId: idSchema,
  /** where the written consent is (a letter, a ticket, an email) */
  reference: textSchema(500),
})

export const licenseRecordTransferConsent = defineMutator({
  name: 'license.recordTransferConsent',
  version: 1,
  args: consentArgs,
  scope: (args, reader) => scopeOfRow(reader, 'licenses', args.licenseId, 'args.licenseId'),
  async run(tx, args, ctx) {
    const license = await tx.require<LicenseRow>('licenses', args.licenseId, 'args.licenseId', 'license')
    await requireCustomerAccess(tx, args.toCustomerId, 'args.toCustomerId')
    const current = license.transferConsent
    if (current && current.toCustomerId === args.toCustomerId && current.reference === args.reference) return
    await tx.update('licenses', license.id, {
      transferConsent: {
        toCustomerId: args.toCustomerId,
        recordedAt: utc(ctx.now),
        reference: args.reference,
      },
    })
  },
})

const transferArgs = z.object({
  licenseId: idSchema,
  toCustomerId: idSchema,
  /** the written consent, if it was not recorded before (R-ST-9) */
  consent: z.object({ reference: textSchema(500) }).optional(),
})

export const licenseTransfer = defineMutator({
  name: 'license.transfer',
  version: 1,
  args: transferArgs,
  scope: (args, reader) => scopeOfRow(reader, 'licenses', args.licenseId, 'args.licenseId'),
  async run(tx, args, ctx) {
    const license = await tx.require<LicenseRow>('licenses', args.licenseId, 'args.licenseId', 'license')
    if (license.customerId === args.toCustomerId) return // already there: a replay, or nothing to do
    await requireCustomerAccess(tx, args.toCustomerId, 'args.toCustomerId')
    let consent = license.transferConsent
    if (args.consent) {
      consent = {
        toCustomerId: args.toCustomerId,
        recordedAt: utc(ctx.now),
        reference: args.consent.reference,
      }
    }
    const decision = transferAllowed({
      fromCustomerId: license.customerId,
      toCustomerId: args.toCustomerId,
      consent,
    })
    if (!decision.allowed) {
      const why = decision.reasons.map((r) => `${r.message} (${r.ruleId})`).join(' ')
      reject('consent-required', why, 'args.consent')
    }
    await tx.update('licenses', license.id, { customerId: args.toCustomerId, transferConsent: consent })
    // what belongs to the license follows it; incidents stay with the customer who opened them
    for (const inst of await tx.query<Row>('installations', 'licenseId', license.id)) {
      await tx.update('installations', inst.id, { customerId: args.toCustomerId })
    }
    for (const sub of await tx.query<SubscriptionRow>('subscriptions', 'licenseId', license.id)) {
      await tx.update('subscriptions', sub.id, { customerId: args.toCustomerId })
    }
  },
})
