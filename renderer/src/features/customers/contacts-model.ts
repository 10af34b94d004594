/**
 * Named contacts against the plan's cap (R-SA-3: 6, R-SA-4: 3, D-2, D-5), as the customer screen shows them.
 * The cap is found exactly as contact.add / contact.setNamed find it on the server: the largest cap among the
 * plans of the customer's subscriptions active today (UTC); without a capped plan there is no cap.
 */
import type { Contact, Plan, Reason, Subscription } from '@shared/domain'
import { effectiveStatus } from '@shared/mutations/subscriptions'
import { evaluateNamedContact, namedContactCap } from '@shared/policy'

/** A contact as synced: the server sets `overCap` when it kept the contact un-named over the cap (D-2). */
export type ContactLike = Pick<Contact, 'id' | 'name' | 'named'> & { overCap?: Reason[] | null }

/** The plan whose cap applies on `today`, or null when no active subscription has a capped plan. */
export function cappingPlan(
  subscriptions: readonly Pick<Subscription, 'planId' | 'status' | 'start' | 'end'>[],
  plans: ReadonlyMap<string, Plan>,
  today: string,
): Plan | null {
  let capped: Plan | null = null
  for (const sub of subscriptions) {
    if (effectiveStatus(sub, today) !== 'active' || sub.start > today) continue
    const plan = plans.get(sub.planId)
    if (!plan) continue
    const cap = namedContactCap(plan)
    if (cap !== null && (capped === null || cap > (capped.namedContactCap ?? 0))) capped = plan
  }
  return capped
}

/** "2 of 3 named" under a cap, "2 named" without one. */
export function capDisplay(named: number, cap: number | null): string {
  return cap === null ? `${named} named` : `${named} of ${cap} named`
}

/**
 * Why naming `contactId` must be refused here, before anything is written: the rule of the plan and its
 * message (evaluateNamedContact), or null when it may be named. Only the local copy is known: two engineers
 * offline may both pass this check; the server then keeps one of them un-named and flags it (D-2).
 */
export function namingRefusal(
  contacts: readonly ContactLike[],
  plan: Plan | null,
  contactId: string | null,
): Reason[] | null {
  if (!plan) return null
  const namedContacts = contacts.filter((c) => c.named && c.id !== contactId).length
  const decision = evaluateNamedContact({ plan, namedContacts, wantsNamed: true })
  return decision.overCap ? decision.reasons : null
}

/** Contacts the server kept un-named because the cap was reached when they were named (D-2). */
export function keptUnnamed<C extends ContactLike>(contacts: readonly C[]): C[] {
  return contacts.filter((c) => !c.named && c.overCap && c.overCap.length > 0)
}

/**
 * What to do about a contact kept un-named: un-name a named contact first, or move to a plan with more named
 * contacts (the larger caps among the plans known here, same vendor first).
 */
export function overCapAdvice(
  plan: Plan | null,
  plans: ReadonlyMap<string, Plan>,
  named: readonly string[],
): string[] {
  const steps: string[] = []
  if (named.length > 0) {
    steps.push(`Un-name one of the named contacts (${named.join(', ')}), then name this one.`)
  }
  if (plan?.namedContactCap != null) {
    const cap = plan.namedContactCap
    const bigger = [...plans.values()]
      .filter((p) => p.namedContactCap === null || p.namedContactCap > cap)
      .filter((p) => p.vendor === plan.vendor && p.namedContactCap !== null)
      .sort((a, b) => (a.namedContactCap ?? 0) - (b.namedContactCap ?? 0))
    const upgrade = bigger[0]
    steps.push(
      upgrade
        ? `Or upgrade the plan: ${upgrade.label} allows up to ${upgrade.namedContactCap} named contacts (${upgrade.namedContactRuleId ?? upgrade.coverageRuleId}).`
        : `Or move the customer to a plan that allows more than ${cap} named contacts.`,
    )
  }
  return steps
}
