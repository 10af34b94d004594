/**
 * Contacts: people at a customer, named or not. A plan may cap the named contacts (R-SA-3: 6, R-SA-4: 3); a
 * contact who would go over the cap is kept as a non-named contact and flagged `over-cap` (D-2), never refused.
 * The cap of a customer is the largest cap among the plans of its active subscriptions; none stated, no cap.
 */
import type { Contact, Plan, Reason } from '@shared/domain'
import { evaluateNamedContact, namedContactCap } from '@shared/policy'
import { z } from 'zod'
import { baseVersionSchema, idSchema, textSchema, utc, type NewRow } from './common'
import { localDate, loadPlan } from './catalog'
import { defineMutator, scopeOfRow } from './mutator'
import { activeSubscriptionsOfCustomer } from './subscriptions'
import type { Row, Tx } from './tx'

/** `overCap`: why the contact was asked to be named but kept non-named (D-2); null otherwise. */
export type ContactRow = Contact & { overCap: Reason[] | null }

/**
 * Why the contact can't be named (the cap of the customer's plan is reached, D-2), or null if it can. The plan
 * is the one with the largest cap among the customer's active subscriptions; without a capped plan, no cap.
 */
async function overCapReason(tx: Tx, customerId: string, exceptId: string): Promise<Reason[] | null> {
  const today = localDate(tx.ctx.now, 'UTC')
  let capped: Plan | null = null
  for (const sub of await activeSubscriptionsOfCustomer(tx, customerId, today)) {
    const plan = await loadPlan(tx, sub.planId, 'args')
    const cap = namedContactCap(plan)
    if (cap !== null && (capped === null || cap > (capped.namedContactCap ?? 0))) capped = plan
  }
  if (!capped) return null
  const contacts = await tx.query<ContactRow>('contacts', 'customerId', customerId)
  const namedContacts = contacts.filter((c) => c.named && c.id !== exceptId).length
  const d = evaluateNamedContact({ plan: capped, namedContacts, wantsNamed: true })
  return d.overCap ? d.reasons : null
}

function contactOutcome(contact: Row<ContactRow>): { flags: string[]; reasons: Reason[] } {
  return contact.overCap ? { flags: ['over-cap'], reasons: contact.overCap } : { flags: [], reasons: [] }
}

const addArgs = z.object({
  id: idSchema,
  customerId: idSchema,
  name: textSchema(200),
  email: z.email(),
  phone: z.string().trim().max(50).nullish(),
  named: z.boolean().default(false),
})

export const contactAdd = defineMutator({
  name: 'contact.add',
  version: 1,
  args: addArgs,
  scope: async (args) => ({ customerId: args.customerId }),
  async run(tx, args, ctx) {
    const prior = await tx.replayOf<ContactRow>('contacts', args.id, {
      customerId: args.customerId,
      name: args.name,
      email: args.email,
    })
    if (prior) return contactOutcome(prior)
    const over = args.named ? await overCapReason(tx, args.customerId, args.id) : null
    const named = args.named && over === null
    const row: NewRow<ContactRow> = {
      id: args.id,
      customerId: args.customerId,
      name: args.name,
      email: args.email,
      phone: args.phone ?? null,
      named,
      namedSince: named ? utc(ctx.now) : null,
      overCap: over,
    }
    return contactOutcome(await tx.insert('contacts', row))
  },
})

const updateArgs = z
  .object({
    contactId: idSchema,
    baseVersion: baseVersionSchema,
    name: textSchema(200).optional(),
    email: z.email().optional(),
    phone: z.string().trim().max(50).nullable().optional(),
  })
  .refine((a) => a.name !== undefined || a.email !== undefined || a.phone !== undefined, {
    message: 'Nothing to change.',
    path: ['name'],
  })

export const contactUpdate = defineMutator({
  name: 'contact.update',
  version: 1,
  args: updateArgs,
  scope: (args, reader) => scopeOfRow(reader, 'contacts', args.contactId, 'args.contactId'),
  async run(tx, args) {
    const patch: Record<string, unknown> = {}
    if (args.name !== undefined) patch.name = args.name
    if (args.email !== undefined) patch.email = args.email
    if (args.phone !== undefined) patch.phone = args.phone
    await tx.update('contacts', args.contactId, patch, { baseVersion: args.baseVersion })
  },
})

const setNamedArgs = z.object({
  contactId: idSchema,
  named: z.boolean(),
  baseVersion: baseVersionSchema.optional(),
})

export const contactSetNamed = defineMutator({
  name: 'contact.setNamed',
  version: 1,
  args: setNamedArgs,
  scope: (args, reader) => scopeOfRow(reader, 'contacts', args.contactId, 'args.contactId'),
  async run(tx, args, ctx) {
    const contact = await tx.require<ContactRow>('contacts', args.contactId, 'args.contactId', 'contact')
    if (!args.named) {
      const updated = await tx.update<ContactRow>(
        'contacts',
        contact.id,
        { named: false, namedSince: null, overCap: null },
        { baseVersion: args.baseVersion },
      )
      return contactOutcome(updated)
    }
    if (contact.named) return contactOutcome(contact)
    const over = await overCapReason(tx, contact.customerId, contact.id)
    const patch = over ? { overCap: over } : { named: true, namedSince: utc(ctx.now), overCap: null }
    return contactOutcome(
      await tx.update<ContactRow>('contacts', contact.id, patch, { baseVersion: args.baseVersion }),
    )
  },
})

export const contactRemove = defineMutator({
  name: 'contact.remove',
  version: 1,
  args: z.object({ contactId: idSchema }),
  scope: (args, reader) =>
    scopeOfRow(reader, 'contacts', args.contactId, 'args.contactId', { allowDeleted: true }),
  async run(tx, args) {
    await tx.remove('contacts', args.contactId)
  },
})
