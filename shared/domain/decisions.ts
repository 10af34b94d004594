import { z } from 'zod'
import { reasonSchema } from '../protocol/reasons'
import { InstantSchema, IsoDateSchema } from './common'
import { EntitlementActionSchema } from './vocabulary'

/** The result of evaluateEntitlement, as it is snapshotted on an incident when it is opened. */
export const EntitlementDecisionSchema = z.object({
  decision: z.enum(['covered', 'over-allowance', 'not-entitled']),
  reasons: z.array(reasonSchema),
  allowance: z
    .object({
      limit: z.number().int().nonnegative().nullable(),
      used: z.number().int().nonnegative(),
      periodStart: IsoDateSchema,
      periodEnd: IsoDateSchema,
    })
    .nullable(),
  actions: z.array(EntitlementActionSchema),
})
export type EntitlementDecision = z.infer<typeof EntitlementDecisionSchema>

export const EntitlementSnapshotSchema = EntitlementDecisionSchema.extend({
  evaluatedAt: InstantSchema,
  planId: z.string().min(1),
})
export type EntitlementSnapshot = z.infer<typeof EntitlementSnapshotSchema>
