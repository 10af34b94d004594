import { z } from 'zod'
import { IdSchema, InstantSchema, syncedRowShape } from './common'
import { AnomalyCategorySchema } from './vocabulary'

/** A defect report (R-AM-2/3); a category C anomaly waits on an accepted cost estimate. */
export const AnomalyReportSchema = z.object({
  ...syncedRowShape,
  incidentId: IdSchema.nullable().default(null),
  licenseId: IdSchema,
  category: AnomalyCategorySchema,
  status: z.enum([
    'reported',
    'confirmed',
    'awaiting-estimate',
    'in-progress',
    'patched',
    'rejected',
    'closed',
  ]),
  title: z.string().trim().min(1),
  description: z.string().default(''),
  /** the fix, for one operating system only (R-AM-4) */
  patch: z
    .object({ url: z.url(), os: z.string().trim().min(1), version: z.string().trim().min(1) })
    .nullable()
    .default(null),
})
export type AnomalyReport = z.infer<typeof AnomalyReportSchema>

/** An S.O.R. estimate by the hour, accepted by the customer before any work on a category C anomaly (R-AM-3). */
export const CostEstimateSchema = z.object({
  ...syncedRowShape,
  anomalyId: IdSchema,
  hours: z.number().positive(),
  hourlyRate: z.number().nonnegative(),
  currency: z
    .string()
    .regex(/^[A-Z]{3}$/, 'expected an ISO 4217 code like "EUR"')
    .default('EUR'),
  status: z.enum(['draft', 'sent', 'accepted', 'declined']),
  sentAt: InstantSchema.nullable().default(null),
  decidedAt: InstantSchema.nullable().default(null),
})
export type CostEstimate = z.infer<typeof CostEstimateSchema>
