import type { ColumnDef } from '@tanstack/react-table'
import { INCIDENT_STATUSES, SEVERITIES } from '@shared/domain'
import { countdown, dueState, duration, severityLabel, shortDuration, statusLabel } from '../shared/format'
import type { Names } from '../../directory/names'
import type { QueueRow } from './model'
import type { RiskHorizon } from '../shared/risk'

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
  /** names for assignee ids (the directory; a short id when unknown) */
  names: Names
  /** "at risk" at this minute, per response calendar */
  risk: RiskHorizon
}

const entitlementLabel: Record<QueueRow['entitlement'], string> = {
  covered: 'Covered',
  'over-allowance': 'Over allowance',
  'not-entitled': 'Not entitled',
  unknown: '—',
}

export function DueCell({ row, now, risk }: { row: QueueRow; now: number; risk: RiskHorizon }) {
  const state = dueState(row.dueIso, risk.now, {
    responded: row.responded,
    paused: row.paused,
    atRiskUntil: risk.untilOn(row.calendarId),
  })
  if (state === 'none') return <span className="muted">No deadline</span>
  if (state === 'met') return <span className="muted">Answered</span>
  if (state === 'paused') return <span className="due-paused">Paused</span>
  return (
    <span className={`due due-${state}`} title={countdown(row.dueIso as string, now)}>
      {state === 'breached'
        ? `Breached ${shortDuration(now - row.dueAt)}`
        : state === 'at-risk'
          ? `At risk · ${duration(row.dueAt - now)}`
          : `in ${duration(row.dueAt - now)}`}
    </span>
  )
}

/**
 * Every column has an accessor: TanStack Table only lets a column sort or filter when it has one (getCanSort). The
 * rows are sorted and filtered by queryQueue on precomputed keys (manualSorting); the accessor gives the direction
 * of the first click (text ascending, numbers descending: emergencies and the latest deadlines first).
 */
export function queueColumns(ctx: CellContext): ColumnDef<QueueRow>[] {
  return [
    {
      id: 'id',
      accessorFn: (r) => r.short,
      header: 'ID',
      meta: { label: 'ID', filter: { kind: 'text' }, width: '64px' },
      cell: ({ row }) => <code>{row.original.short}</code>,
    },
    {
      id: 'subject',
      accessorFn: (r) => r.subject,
      header: 'Subject',
      meta: { label: 'Subject', filter: { kind: 'text' }, width: 'minmax(160px, 2.4fr)' },
      cell: ({ row }) => (
        <a className="subject" href={`#/incident/${row.original.id}`} tabIndex={-1}>
          {row.original.subject}
        </a>
      ),
    },
    {
      id: 'customer',
      accessorFn: (r) => r.customer,
      header: 'Customer',
      meta: { label: 'Customer', filter: { kind: 'text' }, width: 'minmax(100px, 1.2fr)' },
      cell: ({ row }) => row.original.customer,
    },
    {
      id: 'product',
      accessorFn: (r) => r.product,
      header: 'Product / plan',
      meta: { label: 'Product / plan', filter: { kind: 'text' }, width: 'minmax(110px, 1.3fr)' },
      cell: ({ row }) => (
        <span className="stack">
          <span>{row.original.product}</span>
          <span className="muted small">{row.original.plan}</span>
        </span>
      ),
    },
    {
      id: 'severity',
      accessorFn: (r) => r.severityRank,
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
      accessorFn: (r) => r.statusRank,
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
      accessorFn: (r) => r.assigneeId ?? '',
      header: 'Assignee',
      meta: {
        label: 'Assignee',
        filter: {
          kind: 'select',
          options: [
            { value: 'me', label: 'You' },
            { value: 'none', label: 'Nobody' },
            // anyone else the directory names: the value is their id (model.ts matches it as is)
            ...ctx.names.people.filter((p) => p.id !== ctx.me).map((p) => ({ value: p.id, label: p.name })),
          ],
        },
        width: '96px',
      },
      cell: ({ row }) =>
        row.original.assigneeId === null ? (
          <span className="muted">Nobody</span>
        ) : row.original.assigneeId === ctx.me ? (
          'You'
        ) : (
          // the directory's name when it knows this user, else the short id; the full id on hover
          <span title={`Engineer ${row.original.assigneeId}`}>
            {ctx.names.nameOf(row.original.assigneeId)}
          </span>
        ),
    },
    {
      id: 'responseDue',
      accessorFn: (r) => r.dueAt,
      // the soonest deadline first, though the key is a number
      sortDescFirst: false,
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
        width: '148px',
      },
      cell: ({ row }) => <DueCell row={row.original} now={ctx.now} risk={ctx.risk} />,
    },
    {
      id: 'escalation',
      accessorFn: (r) => r.escalationLevel,
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
      accessorFn: (r) => r.entitlement,
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
      accessorFn: (r) => (r.billable === null ? -1 : r.billable ? 1 : 0),
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
        width: '72px',
      },
      cell: ({ row }) => (row.original.billable === null ? '—' : row.original.billable ? 'Yes' : 'No'),
    },
  ]
}
