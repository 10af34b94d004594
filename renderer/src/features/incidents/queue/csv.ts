/**
 * The queue's "Export CSV": one column per grid column, in the grid's order, with what the cell says in words
 * (the deadline as its timestamp, not a countdown that is stale by the time the file is opened).
 */
import type { CsvColumn } from '@shared/csv/write'
import { assigneeLabel, type Names } from '../../directory/names'
import { severityLabel, statusLabel } from '../shared/format'
import type { QueueRow } from './model'

const entitlementText: Record<QueueRow['entitlement'], string> = {
  covered: 'Covered',
  'over-allowance': 'Over allowance',
  'not-entitled': 'Not entitled',
  unknown: '',
}

export function queueCsvColumns(me: string, names: Pick<Names, 'nameOf'>): CsvColumn<QueueRow>[] {
  return [
    { header: 'ID', value: (r) => r.short },
    { header: 'Subject', value: (r) => r.subject },
    { header: 'Customer', value: (r) => r.customer },
    { header: 'Product', value: (r) => r.product },
    { header: 'Plan', value: (r) => r.plan },
    { header: 'Severity', value: (r) => severityLabel[r.severity] },
    { header: 'Status', value: (r) => statusLabel[r.status] },
    {
      header: 'Assignee',
      value: (r) => assigneeLabel(names, me, r.assigneeId),
    },
    {
      header: 'Response due',
      value: (r) => (r.responded ? 'Answered' : r.paused ? 'Paused' : (r.dueIso ?? 'No deadline')),
    },
    { header: 'Escalation', value: (r) => (r.escalationLevel === 0 ? '' : `Level ${r.escalationLevel}`) },
    { header: 'Entitlement', value: (r) => entitlementText[r.entitlement] },
    { header: 'Billable', value: (r) => (r.billable === null ? '' : r.billable ? 'Yes' : 'No') },
  ]
}
