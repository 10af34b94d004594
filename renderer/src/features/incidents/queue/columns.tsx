import type { ColumnDef } from '@tanstack/react-table'
import { INCIDENT_STATUSES, SEVERITIES } from '@shared/domain'
import { countdown, dueState, duration, severityLabel, statusLabel } from '../shared/format'
import type { QueueRow } from './model'

declare module '@tanstack/react-table' {
  // eslint-disable-next-line @typescript-eslint/no-unused-vars
  interface ColumnMeta<TData, TValue> {
    label: string
    filter: { kind: 'text' } | { kind: 'select'; options: { value: string; label: string }[] }
    width: string
  }
}

export interface CellContext {
  now: number
  me: string
}

const entitlementLabel: Record<QueueRow['entitlement'], string> = {
  covered: 'Covered',
  'over-allowance': 'Over allowance',
  'not-entitled': 'Not entitled',
  unknown: '—',
}

export function DueCell({ row, now }: { row: QueueRow; now: number }) {
  const state = dueState(row.dueIso, now, { responded: row.responded, paused: row.paused })
  if (state === 'none') return <span className="muted">No deadline</span>
  if (state === 'met') return <span className="muted">Answered</span>
  if (state === 'paused') return <span className="due-paused">Paused</span>
  return (
    <span className={`due due-${state}`} title={countdown(row.dueIso as string, now)}>
      {state === 'breached'
        ? `Breached ${duration(now - row.dueAt)}`
        : state === 'at-risk'
          ? `At risk · ${duration(row.dueAt - now)}`
          : `in ${duration(row.dueAt - now)}`}
    </span>
  )
}

export function queueColumns(ctx: CellContext): ColumnDef<QueueRow>[] {
  return [
    {
      id: 'id',
      header: 'ID',
      meta: { label: 'ID', filter: { kind: 'text' }, width: '64px' },
      cell: ({ row }) => <code>{row.original.short}</code>,
    },
    {
      id: 'subject',
      header: 'Subject',
      meta: { label: 'Subject', filter: { kind: 'text' }, width: 'minmax(200px, 2.4fr)' },
      cell: ({ row }) => (
        <a className="subject" href={`#/incident/${row.original.id}`} tabIndex={-1}>
          {row.original.subject}
        </a>
      ),
    },
    {
      id: 'customer',
      header: 'Customer',
      meta: { label: 'Customer', filter: { kind: 'text' }, width: 'minmax(120px, 1.2fr)' },
      cell: ({ row }) => row.original.customer,
    },
    {
      id: 'product',
      header: 'Product / plan',
      meta: { label: 'Product / plan', filter: { kind: 'text' }, width: 'minmax(140px, 1.3fr)' },
      cell: ({ row }) => (
        <span className="stack">
          <span>{row.original.product}</span>
          <span className="muted small">{row.original.plan}</span>
        </span>
      ),
    },
    {
      id: 'severity',
      header: 'Severity',
      meta: {
        label: 'Severity',
        filter: { kind: 'select', options: SEVERITIES.map((s) => ({ value: s, label: severityLabel[s] })) },
        width: '100px',
      },
      cell: ({ row }) => (
        <span className={`pill sev-${row.original.severity}`}>{severityLabel[row.original.severity]}</span>
      ),
    },
    {
      id: 'status',
      header: 'Status',
      meta: {
        label: 'Status',
        filter: {
          kind: 'select',
          options: INCIDENT_STATUSES.map((s) => ({ value: s, label: statusLabel[s] })),
        },
        width: '104px',
      },
      cell: ({ row }) => statusLabel[row.original.status],
    },
    {
      id: 'assignee',
      header: 'Assignee',
      meta: {
        label: 'Assignee',
        filter: {
          kind: 'select',
          options: [
            { value: 'me', label: 'Me' },
            { value: 'none', label: 'Nobody' },
          ],
        },
        width: '76px',
      },
      cell: ({ row }) =>
        row.original.assigneeId === null ? (
          <span className="muted">Nobody</span>
        ) : row.original.assigneeId === ctx.me ? (
          'Me'
        ) : (
          <code>{row.original.assigneeId.slice(-4)}</code>
        ),
    },
    {
      id: 'responseDue',
      header: 'Response due',
      meta: {
        label: 'Response due',
        filter: {
          kind: 'select',
          options: [
            { value: 'breached', label: 'Breached' },
            { value: 'at-risk', label: 'At risk' },
            { value: 'ok', label: 'On time' },
            { value: 'none', label: 'No deadline' },
          ],
        },
        width: '136px',
      },
      cell: ({ row }) => <DueCell row={row.original} now={ctx.now} />,
    },
    {
      id: 'escalation',
      header: 'Escalation',
      meta: {
        label: 'Escalation',
        filter: {
          kind: 'select',
          options: [0, 1, 2, 3, 4].map((n) => ({ value: String(n), label: `Level ${n}` })),
        },
        width: '76px',
      },
      cell: ({ row }) =>
        row.original.escalationLevel === 0 ? (
          <span className="muted">—</span>
        ) : (
          <span title={row.original.escalationRole ?? undefined}>Level {row.original.escalationLevel}</span>
        ),
    },
    {
      id: 'entitlement',
      header: 'Entitlement',
      meta: {
        label: 'Entitlement',
        filter: {
          kind: 'select',
          options: (['covered', 'over-allowance', 'not-entitled'] as const).map((v) => ({
            value: v,
            label: entitlementLabel[v],
          })),
        },
        width: '112px',
      },
      cell: ({ row }) => (
        <span className={`flag flag-${row.original.entitlement}`}>
          {entitlementLabel[row.original.entitlement]}
        </span>
      ),
    },
    {
      id: 'billable',
      header: 'Billable',
      meta: {
        label: 'Billable',
        filter: {
          kind: 'select',
          options: [
            { value: 'yes', label: 'Billable' },
            { value: 'no', label: 'Not billable' },
          ],
        },
        width: '64px',
      },
      cell: ({ row }) => (row.original.billable === null ? '—' : row.original.billable ? 'Yes' : 'No'),
    },
  ]
}
