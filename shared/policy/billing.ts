import {
  INCIDENT_CATEGORIES,
  ROOT_CAUSES,
  type IncidentCategory,
  type Reason,
  type RootCause,
} from '../domain'
import { PolicyInputError, requireBoolean, requireObject, requireOneOf, requireString } from './errors'

export interface BillableClassification {
  billable: boolean
  ruleId: string
  reason: string
  reasons: Reason[]
}

/** R-PM-2: work that is not the vendor's responsibility, and why, in words for the customer. */
const BILLABLE_WORK: Partial<Record<IncidentCategory, string>> = {
  'mail-flow-investigation':
    'Investigating why mail was treated a certain way, or following up with external senders, is billable.',
  'system-maintenance': 'System maintenance the customer would normally do is billable.',
  'unrelated-configuration': 'Configuration and server issues not related to the product are billable.',
  'delegated-administration':
    'Administration or diagnostics handed to support for lack of time or expertise are billable.',
}

function result(billable: boolean, ruleId: string, reason: string): BillableClassification {
  return { billable, ruleId, reason, reasons: [{ ruleId, message: reason }] }
}

/**
 * R-PM-1..3, R-ST-4. The override of R-PM-3 (the product at fault, or documentation not sufficient to investigate
 * alone) wins over R-PM-2, but not over an emergency ticket, which is paid whatever the outcome (R-ST-4). A
 * question nobody checked against the knowledge base is given the benefit of the doubt.
 */
export function classifyBillable(input: {
  category: IncidentCategory
  rootCause?: RootCause
  kbArticleExisted?: boolean
}): BillableClassification {
  const i = requireObject(input, 'input')
  const category = requireOneOf(i.category, INCIDENT_CATEGORIES, 'category')
  const rootCause = i.rootCause == null ? 'unknown' : requireOneOf(i.rootCause, ROOT_CAUSES, 'rootCause')
  const kbExisted =
    i.kbArticleExisted == null ? false : requireBoolean(i.kbArticleExisted, 'kbArticleExisted')

  if (category === 'emergency') {
    return result(
      true,
      'R-ST-4',
      'Emergency 24x7 support is bought per incident: billable and not refundable, whatever the outcome.',
    )
  }
  if (rootCause === 'product-defect')
    return result(false, 'R-PM-3', 'The product was at fault, so this incident is not billable.')
  if (rootCause === 'documentation-gap') {
    return result(
      false,
      'R-PM-3',
      'The documentation was not enough to investigate alone, so this incident is not billable.',
    )
  }
  const billableWork = BILLABLE_WORK[category]
  if (billableWork) return result(true, 'R-PM-2', billableWork)
  if (kbExisted && category === 'question') {
    return result(
      true,
      'R-PM-2',
      'The answer was already in the knowledge base or the interface, so the investigation is billable.',
    )
  }
  const free: Record<string, string> = {
    feedback: 'Customer feedback is not billable.',
    'feature-request': 'Feature requests are not billable.',
    'bug-report': 'Bug reports are not billable.',
    question: 'A question the knowledge base did not already answer is not billable.',
  }
  return result(false, 'R-PM-1', free[category]!)
}

type EntryBilling = { billable: boolean; billableOverride?: { billable: boolean; reason: string } | null }

export function effectiveBillableAt(
  entry: unknown,
  field: string,
): { billable: boolean; source: 'override' | 'classification'; reasons: Reason[] } {
  const e = requireObject(entry, field)
  const classified = requireBoolean(e.billable, `${field}.billable`)
  if (e.billableOverride == null) {
    const message = `Billable as classified: ${classified ? 'yes' : 'no'}.`
    return { billable: classified, source: 'classification', reasons: [{ ruleId: 'R-PM-3', message }] }
  }
  const o = requireObject(e.billableOverride, `${field}.billableOverride`)
  const billable = requireBoolean(o.billable, `${field}.billableOverride.billable`)
  const reason = requireString(o.reason, `${field}.billableOverride.reason`)
  const message = `Set to ${billable ? 'billable' : 'not billable'} by an engineer: ${reason}`
  return { billable, source: 'override', reasons: [{ ruleId: 'R-PM-3', message }] }
}

/** An engineer's override, which must give a reason, wins over the classification of a time entry. */
export function effectiveBillable(entry: EntryBilling): ReturnType<typeof effectiveBillableAt> {
  return effectiveBillableAt(entry, 'entry')
}

/** R-PM-4: a question answered without an existing article, or a documentation gap, should produce one. */
export function needsKbArticle(input: {
  category: IncidentCategory
  kbArticleExisted?: boolean
  rootCause?: RootCause
}): {
  needed: boolean
  ruleId: string
  reason: string
} {
  const i = requireObject(input, 'input')
  const category = requireOneOf(i.category, INCIDENT_CATEGORIES, 'category')
  const rootCause = i.rootCause == null ? 'unknown' : requireOneOf(i.rootCause, ROOT_CAUSES, 'rootCause')
  if (i.kbArticleExisted != null && typeof i.kbArticleExisted !== 'boolean') {
    throw new PolicyInputError('kbArticleExisted', 'is not true or false')
  }
  if (rootCause === 'documentation-gap') {
    return {
      needed: true,
      ruleId: 'R-PM-4',
      reason:
        'The documentation fell short: write or update an article so the next customer can investigate alone.',
    }
  }
  if (category === 'question' && i.kbArticleExisted !== true) {
    return {
      needed: true,
      ruleId: 'R-PM-4',
      reason: 'This question had no article: write one so others find the answer.',
    }
  }
  return { needed: false, ruleId: 'R-PM-4', reason: 'No new article is needed.' }
}
