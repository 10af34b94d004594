import { z } from 'zod'
import { IdSchema, IsoDateSchema, syncedRowShape } from './common'

/** Prepaid support time (R-PM-5); its balance is computed from time entries, never stored (design/sync.md). */
export const SupportPackSchema = z.object({
  ...syncedRowShape,
  customerId: IdSchema,
  label: z.string().default(''),
  minutesPurchased: z.number().int().positive(),
  purchasedAt: IsoDateSchema,
})
export type SupportPack = z.infer<typeof SupportPackSchema>
