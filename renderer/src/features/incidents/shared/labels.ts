import { OverAllowanceActionSchema, type OverAllowanceAction } from '@shared/domain'

/** What each action of the rulebook means for the engineer, in words (D-2, D-5, R-ST-1). */
export const actionLabel: Record<string, string> = {
  'bill-incident': 'Bill this incident to the customer',
  downgrade: 'Downgrade it (priority becomes standard, out of the allowance)',
  'approve-exception': 'Approve an exception (covered this once)',
  'reinstate-maintenance': 'Reinstate maintenance (M&S) for this license, then open the ticket as covered',
  'add-named-contact': 'Make this contact a named contact of the plan, or ask a named contact to call',
  'buy-support-pack': 'Offer a support pack: billable time is drawn from prepaid hours',
}

/** the actions of a decision that answer "over the allowance" (what incident.chooseOverAllowanceAction takes) */
export function isOverAllowanceAction(action: string): action is OverAllowanceAction {
  return OverAllowanceActionSchema.safeParse(action).success
}

export const decisionLabel: Record<string, string> = {
  covered: 'Covered',
  'over-allowance': 'Over allowance',
  'not-entitled': 'Not entitled',
}
