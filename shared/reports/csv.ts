/**
 * The CSV of every report (shared/csv/write: RFC 4180, formula-safe), column for column what the screen's tables
 * show, so the app and the server's CLI export the same file.
 */
import { toCsv, type CsvColumn } from '@shared/csv/write'
import type { BurnDown } from './burn-down'
import { hoursMinutes } from './format'
import type { SlaReport, SlaRow } from './sla'
import type { Statement, StatementLine } from './statement'
import type { WorkloadRow } from './workload'

type StatementCsvRow =
  | { type: 'line'; line: StatementLine; emergency: boolean }
  | { type: 'pack'; pack: Statement['packs'][number] }
  | { type: 'total'; statement: Statement }

const statementColumns: CsvColumn<StatementCsvRow>[] = [
  { header: 'type', value: (r) => (r.type === 'line' ? (r.emergency ? 'emergency' : 'entry') : r.type) },
  {
    header: 'date',
    value: (r) => (r.type === 'line' ? r.line.date : r.type === 'pack' ? r.pack.purchasedAt : ''),
  },
  { header: 'engineer', value: (r) => (r.type === 'line' ? r.line.engineer : '') },
  { header: 'incident', value: (r) => (r.type === 'line' ? r.line.incidentId : '') },
  {
    header: 'subject',
    value: (r) => (r.type === 'line' ? r.line.incidentSubject : r.type === 'pack' ? r.pack.label : 'Total'),
  },
  { header: 'kind', value: (r) => (r.type === 'line' ? r.line.kind : '') },
  {
    header: 'minutes',
    value: (r) =>
      r.type === 'line' ? r.line.minutes : r.type === 'pack' ? r.pack.drawn : r.statement.totals.minutes,
  },
  { header: 'billable', value: (r) => (r.type === 'line' ? (r.line.billable ? 'yes' : 'no') : '') },
  { header: 'rule', value: (r) => (r.type === 'line' ? r.line.ruleId : 'R-PM-5') },
  { header: 'reason', value: (r) => (r.type === 'line' ? r.line.reason : '') },
  {
    header: 'pack',
    value: (r) => (r.type === 'line' ? (r.line.packLabel ?? '') : r.type === 'pack' ? r.pack.label : ''),
  },
  {
    header: 'balance before',
    value: (r) =>
      r.type === 'pack' ? r.pack.before : r.type === 'total' ? r.statement.totals.balanceBefore : '',
  },
  {
    header: 'bought in period',
    value: (r) =>
      r.type === 'pack'
        ? r.pack.purchasedInPeriod
        : r.type === 'total'
          ? r.statement.totals.purchasedInPeriod
          : '',
  },
  {
    header: 'drawn',
    value: (r) => (r.type === 'pack' ? r.pack.drawn : r.type === 'total' ? r.statement.totals.drawn : ''),
  },
  {
    header: 'balance after',
    value: (r) =>
      r.type === 'pack' ? r.pack.after : r.type === 'total' ? r.statement.totals.balanceAfter : '',
  },
]

/** Lines, then emergency lines, then one row per pack and the total; minutes throughout. */
export function statementCsv(s: Statement): string {
  const rows: StatementCsvRow[] = [
    ...s.lines.map((line) => ({ type: 'line' as const, line, emergency: false })),
    ...s.emergency.flatMap((e) => e.lines.map((line) => ({ type: 'line' as const, line, emergency: true }))),
    ...s.packs.map((pack) => ({ type: 'pack' as const, pack })),
    { type: 'total', statement: s },
  ]
  return toCsv(statementColumns, rows)
}

export const slaColumns: CsvColumn<SlaRow>[] = [
  { header: 'plan', value: (r) => r.plan },
  { header: 'severity', value: (r) => r.severity },
  { header: 'team', value: (r) => r.team },
  { header: 'rule', value: (r) => r.ruleId },
  { header: 'incidents', value: (r) => r.incidents },
  { header: 'met', value: (r) => r.met },
  { header: 'breached', value: (r) => r.breached },
  { header: 'open', value: (r) => r.open },
  {
    header: 'compliance %',
    value: (r) => (r.compliance === null ? '' : Math.round(r.compliance * 1000) / 10),
  },
  { header: 'median first response (min)', value: (r) => r.medianFirstResponseMinutes },
  { header: 'p90 first response (min)', value: (r) => r.p90FirstResponseMinutes },
  { header: 'paused (min)', value: (r) => r.pausedMinutes },
]

export function slaCsv(report: SlaReport): string {
  return toCsv(slaColumns, report.rows)
}

export function burnDownCsv(b: BurnDown): string {
  const columns: CsvColumn<BurnDown['days'][number]>[] = [
    { header: 'date', value: (d) => d.date },
    ...b.packs.map((p) => ({
      header: `${p.label} remaining (min)`,
      value: (d: BurnDown['days'][number]) => d.remaining[p.id],
    })),
    { header: 'drawn (min)', value: (d) => d.drawn },
  ]
  return toCsv(columns, b.days)
}

export const workloadColumns: CsvColumn<WorkloadRow>[] = [
  { header: 'engineer', value: (r) => r.engineer },
  { header: 'open', value: (r) => r.open },
  { header: 'at risk', value: (r) => r.atRisk },
  { header: 'overdue', value: (r) => r.breached },
  { header: 'minutes logged', value: (r) => r.minutesLogged },
  { header: 'hours logged', value: (r) => hoursMinutes(r.minutesLogged) },
  { header: 'billable minutes', value: (r) => r.billableMinutes },
]

export function workloadCsv(rows: readonly WorkloadRow[]): string {
  return toCsv(workloadColumns, rows)
}
