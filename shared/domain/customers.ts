import { z } from 'zod'
import { IdSchema, InstantSchema, syncedRowShape } from './common'

/** A customer organisation; `teamId` scopes which engineers see it (design/sync.md P6). */
export const CustomerSchema = z.object({
  ...syncedRowShape,
  teamId: IdSchema,
  name: z.string().trim().min(1).max(200),
  notes: z.string().default(''),
})
export type Customer = z.infer<typeof CustomerSchema>

/**
 * A person at a customer. `named` marks a named contact of a capped plan (R-SA-3/4, D-5); a contact beyond
 * the cap is kept with `named: false`, never deleted (D-2).
 */
export const ContactSchema = z.object({
  ...syncedRowShape,
  customerId: IdSchema,
  name: z.string().trim().min(1).max(200),
  email: z.email(),
  phone: z.string().nullable().default(null),
  named: z.boolean(),
  namedSince: InstantSchema.nullable().default(null),
})
export type Contact = z.infer<typeof ContactSchema>
