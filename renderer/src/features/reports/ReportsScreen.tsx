/**
 * Reports (#/reports), computed offline from the local copy by shared/reports: the billable statement of a
 * customer with its pack burn-down, SLA compliance per plan, severity and team, and engineer workload. Every
 * chart has its table beside it; every report exports as CSV; the statement prints to PDF on its own.
 */
import './reports.css'
import { useMemo, useState } from 'react'
import {
  burnDownCsv,
  engineerWorkload,
  hoursMinutes,
  percent,
  periodBounds,
  slaCsv,
  statementCsv,
  workloadCsv,
  type SlaIds,
  type SlaReport,
  type SlaRow,
} from '@shared/reports'
import { getDesktopApi } from '../../platform'
import { hrefOf } from '../../stores/route'
import { Field } from '../../ui/Field'
import { RowOptions } from '../../ui/Options'
import { TableHead, num } from '../../ui/TableHead'
import { downloadCsv } from '../csv/ExportCsvButton'
import { useDirectory } from '../directory/useDirectory'
import { BurnDownLines, SlaBars, WorkloadBars } from './charts'
import { slaFigures, statementFigures } from './figures'
import { currentMonth, periodProblem } from './period-input'
import { StatementView } from './StatementView'
import { useCustomers, useSlaRows, useStatementRows, useWorkloadRows } from './useReportData'

type Tab = 'statement' | 'sla' | 'workload'
const tabs: [Tab, string][] = [
  ['statement', 'Billable statement'],
  ['sla', 'SLA compliance'],
  ['workload', 'Engineer workload'],
]

const VENDOR = 'Caseload'

function PeriodFields({
  from,
  to,
  onChange,
}: {
  from: string
  to: string
  onChange: (p: { from: string; to: string }) => void
}) {
  return (
    <>
      <Field label="From">
        <input type="date" value={from} onChange={(e) => onChange({ from: e.target.value, to })} />
      </Field>
      <Field label="To">
        <input type="date" value={to} onChange={(e) => onChange({ from, to: e.target.value })} />
      </Field>
    </>
  )
}

export default function ReportsScreen() {
  const [tab, setTab] = useState<Tab>('statement')
  const [period, setPeriod] = useState(() => currentMonth(new Date()))
  const problem = periodProblem(period.from, period.to)
  return (
    <section className="page reports" aria-labelledby="reports-title">
      <div className="list-toolbar no-print">
        <h2 id="reports-title">Reports</h2>
      </div>
      <div className="report-tabs no-print" role="tablist" aria-label="Reports">
        {tabs.map(([id, label]) => (
          <button
            key={id}
            type="button"
            role="tab"
            id={`report-tab-${id}`}
            aria-selected={tab === id}
            aria-controls={`report-panel-${id}`}
            className={tab === id ? 'active' : 'ghost'}
            onClick={() => setTab(id)}
          >
            {label}
          </button>
        ))}
      </div>
      <div className="row filters no-print">
        <PeriodFields from={period.from} to={period.to} onChange={setPeriod} />
        {problem ? (
          <p role="alert" className="field-error">
            {problem}
          </p>
        ) : null}
      </div>
      <div role="tabpanel" id={`report-panel-${tab}`} aria-labelledby={`report-tab-${tab}`}>
        {tab === 'statement' ? <StatementTab from={period.from} to={period.to} valid={!problem} /> : null}
        {tab === 'sla' ? <SlaTab from={period.from} to={period.to} valid={!problem} /> : null}
        {tab === 'workload' ? <WorkloadTab from={period.from} to={period.to} valid={!problem} /> : null}
      </div>
    </section>
  )
}

function StatementTab({ from, to, valid }: { from: string; to: string; valid: boolean }) {
  const customers = useCustomers()
  const [customerId, setCustomerId] = useState('')
  const rows = useStatementRows(customerId, from, to, valid)
  const names = useDirectory()
  const [printMessage, setPrintMessage] = useState('')
  const computed = useMemo(
    () => (rows && valid ? statementFigures(rows, { from, to }, (id) => names.nameOf(id)) : null),
    [rows, valid, from, to, names],
  )
  const fileBase = computed
    ? `statement-${computed.statement.customer.name}-${from}-${to}`.replace(/[^\w.-]+/g, '-')
    : ''

  async function exportPdf() {
    setPrintMessage('')
    const result = await getDesktopApi().printToPdf({ fileName: `${fileBase}.pdf` })
    if (!result.ok)
      setPrintMessage(result.reason === 'cancelled' ? '' : `The PDF was not saved: ${result.reason}`)
    else if (result.savedTo) setPrintMessage(`Saved ${result.savedTo}`)
  }

  return (
    <>
      <div className="row filters no-print">
        <Field label="Customer">
          <select value={customerId} onChange={(e) => setCustomerId(e.target.value)}>
            <RowOptions rows={customers} none="Choose a customer…" label={(c) => c.name} />
          </select>
        </Field>
        <span className="spacer" />
        <button
          type="button"
          className="ghost"
          disabled={!computed}
          onClick={() => computed && downloadCsv(`${fileBase}.csv`, statementCsv(computed.statement))}
        >
          Export CSV
        </button>
        <button type="button" disabled={!computed} onClick={() => void exportPdf()}>
          Export PDF
        </button>
      </div>
      {printMessage ? (
        <p role="status" className="muted no-print">
          {printMessage}
        </p>
      ) : null}
      {!customerId ? <p className="muted no-print">Choose a customer to see its statement.</p> : null}
      {customerId && valid && rows === null ? (
        <p className="muted">This customer is not in your local copy.</p>
      ) : null}
      {computed ? (
        <>
          <StatementView statement={computed.statement} vendor={VENDOR} />
          <ReportCard
            titleId="burn-title"
            title="Support-pack burn-down"
            className="no-print"
            onExport={() => downloadCsv(`${fileBase}-burn-down.csv`, burnDownCsv(computed.burnDown))}
          >
            {computed.burnDown.packs.length === 0 ? (
              <p className="muted">No support pack.</p>
            ) : (
              <ChartAndTable
                chart={
                  <BurnDownLines
                    burnDown={computed.burnDown}
                    label={`Hours left in each support pack of ${computed.statement.customer.name}, day by day from ${from} to ${to}`}
                  />
                }
              >
                <table className="list-table" aria-label="Hours left per pack and day">
                  <thead>
                    <tr>
                      <th scope="col">Day</th>
                      {computed.burnDown.packs.map((p) => (
                        <th key={p.id} scope="col" className="num">
                          {p.label}
                        </th>
                      ))}
                      <th scope="col" className="num">
                        Drawn
                      </th>
                    </tr>
                  </thead>
                  <tbody>
                    {computed.burnDown.days.map((d) => (
                      <tr key={d.date}>
                        <td>{d.date}</td>
                        {computed.burnDown.packs.map((p) => {
                          const v = d.remaining[p.id]
                          return (
                            <td key={p.id} className="num">
                              {v === null || v === undefined ? '-' : hoursMinutes(v)}
                            </td>
                          )
                        })}
                        <td className="num">{hoursMinutes(d.drawn)}</td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </ChartAndTable>
            )}
          </ReportCard>
        </>
      ) : null}
    </>
  )
}

/** Which incidents behind a number are open under the report (one list at a time), and that list. */
function useDrill() {
  const [drill, setDrill] = useState<{ title: string; ids: string[] } | null>(null)
  const view = (subjects: ReadonlyMap<string, string>) =>
    drill ? (
      <Drill title={drill.title} ids={drill.ids} subjects={subjects} onClose={() => setDrill(null)} />
    ) : null
  return { open: setDrill, view }
}

/** A chart with its table beside it: the table says in figures what the chart draws. */
function ChartAndTable({ chart, children }: { chart: React.ReactNode; children: React.ReactNode }) {
  return (
    <div className="chart-and-table">
      {chart}
      <div className="table-wrap">{children}</div>
    </div>
  )
}

/** The incidents behind a number, one click from it. */
function Drill({
  title,
  ids,
  subjects,
  onClose,
}: {
  title: string
  ids: readonly string[]
  subjects: ReadonlyMap<string, string>
  onClose: () => void
}) {
  return (
    <section className="card drill" aria-label={title} data-testid="report-drill">
      <div className="list-toolbar">
        <h3>{title}</h3>
        <span className="spacer" />
        <button type="button" className="ghost" onClick={onClose}>
          Close
        </button>
      </div>
      <ul>
        {ids.map((id) => (
          <li key={id}>
            <a href={hrefOf({ name: 'incident', id })}>{subjects.get(id) ?? id}</a>
          </li>
        ))}
      </ul>
    </section>
  )
}

function CountButton({ n, label, onOpen }: { n: number; label: string; onOpen: () => void }) {
  if (n === 0) return <>0</>
  return (
    <button type="button" className="link" aria-label={`${n} ${label}: show the incidents`} onClick={onOpen}>
      {n}
    </button>
  )
}

const SLA_COUNTS: readonly {
  key: keyof SlaIds
  field: 'incidents' | 'met' | 'breached' | 'open'
  what: string
}[] = [
  { key: 'all', field: 'incidents', what: 'Incidents' },
  { key: 'met', field: 'met', what: 'Met' },
  { key: 'breached', field: 'breached', what: 'Breached' },
  { key: 'open', field: 'open', what: 'Open' },
]

const roundedMinutes = (m: number | null) => (m === null ? '–' : Math.round(m))

/** The figures of one line of the SLA table (or its total), each count opening the incidents behind it. */
function SlaFigureCells({
  figures,
  open,
}: {
  figures: SlaReport['total']
  open: (key: keyof SlaIds, what: string) => void
}) {
  return (
    <>
      {SLA_COUNTS.map((c) => (
        <td key={c.key} className="num">
          <CountButton n={figures[c.field]} label={c.field} onOpen={() => open(c.key, c.what)} />
        </td>
      ))}
      <td className="num">{percent(figures.compliance)}</td>
      <td className="num">{roundedMinutes(figures.medianFirstResponseMinutes)}</td>
      <td className="num">{roundedMinutes(figures.p90FirstResponseMinutes)}</td>
      <td className="num">{hoursMinutes(figures.pausedMinutes)}</td>
    </>
  )
}

function SlaTab({ from, to, valid }: { from: string; to: string; valid: boolean }) {
  const rows = useSlaRows(from, to, valid)
  const names = useDirectory()
  const drill = useDrill()
  // read once per load: the figures of open incidents are as of when the rows were read
  const report = useMemo(
    () =>
      rows ? slaFigures(rows, { from, to }, (id) => names.teamName(id), new Date().toISOString()) : null,
    [rows, from, to, names],
  )
  if (!valid) return null
  if (!report || !rows) return <p className="muted">Loading…</p>
  const open = (row: SlaRow | null, key: keyof SlaIds, what: string) =>
    drill.open({
      title: `${what}${row ? `: ${row.plan}, ${row.severity}, ${row.team}` : ''}`,
      ids: (row ? row.ids : report.total.ids)[key],
    })
  return (
    <ReportCard
      titleId="sla-title"
      title={`SLA compliance, incidents opened ${from} to ${to}`}
      onExport={() => downloadCsv(`sla-${from}-${to}.csv`, slaCsv(report))}
    >
      <p className="muted small">
        Each incident counts in the period of its plan calendar&apos;s zone. First response in minutes on the
        target&apos;s own clock, paused time left out. {report.withoutTarget.length} incident(s) without a
        response target are not counted.
      </p>
      <ChartAndTable
        chart={
          <SlaBars
            rows={report.rows}
            label={`First responses met, breached and still open per plan, severity and team: ${report.total.met} met, ${report.total.breached} breached, ${report.total.open} open`}
          />
        }
      >
        <table className="list-table" aria-label="SLA compliance">
          <TableHead
            columns={[
              'Plan',
              'Severity',
              'Team',
              num('Incidents'),
              num('Met'),
              num('Breached'),
              num('Open'),
              num('Met %'),
              num('Median (min)'),
              num('p90 (min)'),
              num('Paused'),
            ]}
          />
          <tbody>
            {report.rows.map((r) => (
              <tr key={r.key} data-testid="sla-row">
                <td>
                  {r.plan} <span className="muted small">({r.ruleId})</span>
                </td>
                <td>{r.severity}</td>
                <td>{r.team}</td>
                <SlaFigureCells figures={r} open={(key, what) => open(r, key, what)} />
              </tr>
            ))}
            <tr className="total">
              <th scope="row" colSpan={3}>
                Total
              </th>
              <SlaFigureCells
                figures={report.total}
                open={(key, what) => open(null, key, `All ${what.toLowerCase()}`)}
              />
            </tr>
          </tbody>
        </table>
      </ChartAndTable>
      {drill.view(rows.subjects)}
    </ReportCard>
  )
}

/** The workload table's counts, each opening the incidents behind it ("breached" reads "overdue" here). */
const WORKLOAD_COUNTS: readonly { key: 'open' | 'atRisk' | 'breached'; what: string }[] = [
  { key: 'open', what: 'Open' },
  { key: 'atRisk', what: 'At risk' },
  { key: 'breached', what: 'Overdue' },
]

function WorkloadTab({ from, to, valid }: { from: string; to: string; valid: boolean }) {
  const zone = Intl.DateTimeFormat().resolvedOptions().timeZone
  const bounds = useMemo(() => (valid ? periodBounds({ from, to, zone }) : null), [valid, from, to, zone])
  const rows = useWorkloadRows(bounds?.start ?? null, bounds?.end ?? null)
  const names = useDirectory()
  const drill = useDrill()
  const workload = useMemo(() => {
    if (!rows || !bounds) return null
    const ids = new Set([
      ...rows.entries.map((e) => e.userId),
      ...rows.incidents.flatMap((i) => (i.assigneeId ? [i.assigneeId] : [])),
    ])
    return engineerWorkload({
      period: { from, to, zone },
      incidents: rows.incidents,
      entries: rows.entries,
      catalog: rows.catalog,
      engineers: Object.fromEntries([...ids].map((id) => [id, names.nameOf(id)])),
      now: new Date().toISOString(),
    })
  }, [rows, bounds, from, to, zone, names])
  if (!valid) return null
  if (!workload || !rows) return <p className="muted">Loading…</p>
  return (
    <ReportCard
      titleId="workload-title"
      title="Engineer workload"
      onExport={() => downloadCsv(`workload-${from}-${to}.csv`, workloadCsv(workload))}
    >
      <p className="muted small">
        Open incidents now; hours logged from {from} to {to} (days in {zone}).
      </p>
      <ChartAndTable
        chart={
          <WorkloadBars rows={workload} label="Open incidents per engineer: on time, at risk and overdue" />
        }
      >
        <table className="list-table" aria-label="Engineer workload">
          <TableHead
            columns={[
              'Engineer',
              num('Open'),
              num('At risk'),
              num('Overdue'),
              num('Hours logged'),
              num('Billable'),
            ]}
          />
          <tbody>
            {workload.map((r) => (
              <tr key={r.engineerId} data-testid="workload-row">
                <td>{r.engineer}</td>
                {WORKLOAD_COUNTS.map((c) => (
                  <td key={c.key} className="num">
                    <CountButton
                      n={r[c.key]}
                      label={c.what.toLowerCase()}
                      onOpen={() => drill.open({ title: `${c.what}: ${r.engineer}`, ids: r.ids[c.key] })}
                    />
                  </td>
                ))}
                <td className="num">{hoursMinutes(r.minutesLogged)}</td>
                <td className="num">{hoursMinutes(r.billableMinutes)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </ChartAndTable>
      {drill.view(rows.subjects)}
    </ReportCard>
  )
}

/** A report beside its chart: the title, its Export CSV, and what it shows. */
function ReportCard({
  titleId,
  title,
  className,
  onExport,
  children,
}: {
  titleId: string
  title: string
  className?: string
  onExport: () => void
  children: React.ReactNode
}) {
  return (
    <section className={`card report-pair${className ? ` ${className}` : ''}`} aria-labelledby={titleId}>
      <div className="list-toolbar">
        <h3 id={titleId}>{title}</h3>
        <span className="spacer" />
        <button type="button" className="ghost" onClick={onExport}>
          Export CSV
        </button>
      </div>
      {children}
    </section>
  )
}
