import { z } from 'zod'
import { IdSchema, InstantSchema, IsoDateSchema, SlugSchema, syncedRowShape } from './common'

/** A license a customer bought (R-SA-1, R-ST-5..9, R-AM-1, R-AM-4). */
export const LicenseSchema = z
  .object({
    ...syncedRowShape,
    customerId: IdSchema,
    product: z.string().trim().min(1),
    edition: z.string().trim().min(1),
    major: z.number().int().nonnegative(),
    minor: z.number().int().nonnegative().default(0),
    /** the latest major of the product when this row was written: legacy is judged against it (R-ST-5) */
    currentMajor: z.number().int().nonnegative(),
    /** patches and upgrades are delivered for this operating system only (R-AM-4) */
    os: z.string().trim().min(1),
    /** a failover license may have a standby installation (R-ST-7) */
    failover: z.boolean(),
    purchasedAt: IsoDateSchema,
    licenseKey: z.string().default(''),
    keyDisabledAt: InstantSchema.nullable().default(null),
    /** written consent of the vendor for a transfer to another organisation (R-ST-9) */
    transferConsent: z
      .object({ toCustomerId: IdSchema, recordedAt: InstantSchema, reference: z.string().trim().min(1) })
      .nullable()
      .default(null),
  })
  .refine((l) => l.major <= l.currentMajor, {
    path: ['major'],
    message: 'major is later than the current major',
  })
export type License = z.infer<typeof LicenseSchema>

/** One server a license key was seen on, and the fraud-prevention steps taken for it (R-ST-7). */
export const InstallationSchema = z
  .object({
    ...syncedRowShape,
    licenseId: IdSchema,
    host: z.string().trim().min(1),
    firstSeen: InstantSchema,
    lastSeen: InstantSchema.nullable().default(null),
    retiredAt: InstantSchema.nullable().default(null),
    fraud: z
      .object({
        customerNotifiedAt: InstantSchema.nullable().default(null),
        fraudTeamNotifiedAt: InstantSchema.nullable().default(null),
        customerCalledAt: InstantSchema.nullable().default(null),
        keyDisabledAt: InstantSchema.nullable().default(null),
      })
      .default({
        customerNotifiedAt: null,
        fraudTeamNotifiedAt: null,
        customerCalledAt: null,
        keyDisabledAt: null,
      }),
  })
  .refine((i) => i.retiredAt === null || Date.parse(i.retiredAt) >= Date.parse(i.firstSeen), {
    path: ['retiredAt'],
    message: 'retiredAt is before firstSeen',
  })
export type Installation = z.infer<typeof InstallationSchema>

/**
 * One plan bought for a period. `end` is the last day covered (inclusive) or null (lifetime plans, R-ST-2);
 * contract years count from `start` (D-1). `licenseId` is null for hosted customers and partners.
 */
export const SubscriptionSchema = z
  .object({
    ...syncedRowShape,
    customerId: IdSchema,
    licenseId: IdSchema.nullable(),
    planId: SlugSchema,
    start: IsoDateSchema,
    end: IsoDateSchema.nullable(),
    status: z.enum(['active', 'lapsed', 'cancelled']),
  })
  .refine((s) => s.end === null || s.end >= s.start, { path: ['end'], message: 'end is before start' })
export type Subscription = z.infer<typeof SubscriptionSchema>
export type SubscriptionStatus = Subscription['status']
