import type { Plan, Reason } from '../domain'
import { requireBoolean, requireNumber, requireObject } from './errors'
import { planOf } from './plans'

/** R-SA-3/4: how many named contacts the plan allows; null when it states no cap. */
export function namedContactCap(plan: Plan): number | null {
  return planOf(plan).namedContactCap
}

export interface NamedContactDecision {
  /** whether the contact is recorded as named */
  named: boolean
  /** asked to be named but the cap is reached: kept as a contact who is not named (D-2) */
  overCap: boolean
  reasons: Reason[]
}

/** Naming a contact on a capped plan. Beyond the cap the contact is kept, not named, and never deleted (D-2). */
export function evaluateNamedContact(input: {
  plan: Plan
  namedContacts: number
  wantsNamed: boolean
}): NamedContactDecision {
  const i = requireObject(input, 'input')
  const plan = planOf(i.plan)
  const count = requireNumber(i.namedContacts, 'namedContacts', { integer: true, min: 0 })
  const wantsNamed = requireBoolean(i.wantsNamed, 'wantsNamed')
  const cap = plan.namedContactCap
  const ruleId = plan.namedContactRuleId ?? plan.coverageRuleId
  if (!wantsNamed)
    return {
      named: false,
      overCap: false,
      reasons: [{ ruleId, message: 'Added as a contact who is not named.' }],
    }
  if (cap === null) {
    return {
      named: true,
      overCap: false,
      reasons: [{ ruleId, message: `${plan.label} has no cap on named contacts.` }],
    }
  }
  if (count < cap) {
    return {
      named: true,
      overCap: false,
      reasons: [{ ruleId, message: `Named contact ${count + 1} of the ${cap} ${plan.label} allows.` }],
    }
  }
  return {
    named: false,
    overCap: true,
    reasons: [
      {
        ruleId,
        message: `${plan.label} allows up to ${cap} named contacts, and ${count} are already named.`,
      },
      {
        ruleId: 'D-2',
        message:
          'The contact is kept as a contact who is not named; name them when another named contact steps down.',
      },
    ],
  }
}
