/** Customers: the organisations that buy licenses and support. Each belongs to one team (the permission unit). */
import type { Customer } from '@shared/domain'
import { z } from 'zod'
import { baseVersionSchema, idSchema, textSchema, utc, type NewRow } from './common'
import { reject } from './errors'
import { defineMutator } from './mutator'

const createArgs = z.object({
  id: idSchema,
  name: textSchema(200),
  teamId: idSchema,
  notes: z.string().max(5000).optional(),
})

export const customerCreate = defineMutator({
  name: 'customer.create',
  version: 1,
  args: createArgs,
  scope: async (args) => ({ teamId: args.teamId }),
  async run(tx, args, ctx) {
    const content = { name: args.name, teamId: args.teamId, notes: args.notes ?? '' }
    if (await tx.replayOf('customers', args.id, content)) return
    const row: NewRow<Customer> & { createdAt: string; createdBy: string } = {
      id: args.id,
      ...content,
      createdAt: utc(ctx.now),
      createdBy: ctx.userId,
    }
    await tx.insert('customers', row)
  },
})

const updateArgs = z
  .object({
    customerId: idSchema,
    baseVersion: baseVersionSchema,
    name: textSchema(200).optional(),
    notes: z.string().max(5000).optional(),
    /** moving a customer to another team: the user must belong to both */
    teamId: idSchema.optional(),
  })
  .refine((a) => a.name !== undefined || a.notes !== undefined || a.teamId !== undefined, {
    message: 'Nothing to change.',
    path: ['name'],
  })

export const customerUpdate = defineMutator({
  name: 'customer.update',
  version: 1,
  args: updateArgs,
  scope: async (args) => ({ customerId: args.customerId }),
  async run(tx, args, ctx) {
    if (args.teamId !== undefined && ctx.role !== 'admin' && !ctx.teamIds.includes(args.teamId)) {
      // a team change hands the customer to another team: only someone in that team (or an admin) can
      reject('forbidden', 'You can only move a customer to one of your own teams.', 'args.teamId')
    }
    const patch: Record<string, unknown> = {}
    if (args.name !== undefined) patch.name = args.name
    if (args.notes !== undefined) patch.notes = args.notes
    if (args.teamId !== undefined) patch.teamId = args.teamId
    await tx.update('customers', args.customerId, patch, { baseVersion: args.baseVersion })
  },
})
