/**
 * Support packs (R-PM-5): prepaid hours. The balance is never stored: it is the minutes purchased minus the
 * billable minutes of the time entries drawn from the pack (`packBalance`).
 */
import type { SupportPack } from '@shared/domain'
import { z } from 'zod'
import { dateOf, dateSchema, idSchema, type NewRow } from './common'
import { defineMutator } from './mutator'
import type { Reader } from './tx'

export type SupportPackRow = SupportPack

const purchaseArgs = z.object({
  id: idSchema,
  customerId: idSchema,
  /** the size bought, in minutes (a 10-hour pack is 600) */
  minutes: z.number().int().positive().max(1_000_000),
  label: z.string().trim().max(200).default(''),
  /** defaults to today */
  purchasedAt: dateSchema.optional(),
})

export const supportPackPurchase = defineMutator({
  name: 'supportPack.purchase',
  version: 1,
  args: purchaseArgs,
  scope: async (args) => ({ customerId: args.customerId }),
  async run(tx, args, ctx) {
    const content = { customerId: args.customerId, minutesPurchased: args.minutes }
    if (await tx.replayOf('supportPacks', args.id, content)) return
    const row: NewRow<SupportPackRow> = {
      id: args.id,
      customerId: args.customerId,
      label: args.label,
      minutesPurchased: args.minutes,
      purchasedAt: args.purchasedAt ?? dateOf(ctx.now),
    }
    await tx.insert('supportPacks', row)
  },
})

/** The packs of a customer in the order they are drawn from: oldest purchase first, then id. */
export async function packsOf(reader: Reader, customerId: string): Promise<SupportPackRow[]> {
  const packs = await reader.query<SupportPackRow>('supportPacks', 'customerId', customerId)
  return packs.sort((a, b) =>
    a.purchasedAt !== b.purchasedAt ? (a.purchasedAt < b.purchasedAt ? -1 : 1) : a.id < b.id ? -1 : 1,
  )
}
