import { useDeferredValue, useMemo, useState } from 'react'
import { ShowMoreButton, useShownRows } from '../../ui/ShowMore'
import { ANOMALY_CATEGORIES } from '@shared/domain'
import type { CsvColumn } from '@shared/csv/write'
import { hrefOf } from '../../stores/route'
import { shortId } from '../incidents/shared/format'
import { ExportCsvButton } from '../csv/ExportCsvButton'
import { anomalyStatusLabel, coverageLabel } from './model'
import { ReportAnomaly } from './ReportAnomaly'
import { useAnomalyList, type AnomalyListRow } from './useAnomalyData'
import { TableHead } from '../../ui/TableHead'
import { FilterSelect } from '../../ui/Options'

const statuses = Object.keys(anomalyStatusLabel) as (keyof typeof anomalyStatusLabel)[]
const coverages = ['Covered', 'Needs estimate', 'Needs maintenance', 'Not classified']

function licenseName(row: AnomalyListRow): string {
  const l = row.license
  return l ? `${l.product} ${l.edition} ${l.major}.${l.minor}` : '—'
}

const csvColumns: CsvColumn<AnomalyListRow>[] = [
  { header: 'Title', value: (r) => r.anomaly.title },
  { header: 'Customer', value: (r) => r.customer?.name ?? '' },
  { header: 'License', value: (r) => licenseName(r) },
  { header: 'License key', value: (r) => r.license?.licenseKey ?? '' },
  { header: 'OS', value: (r) => r.license?.os ?? '' },
  { header: 'Category', value: (r) => r.anomaly.category },
  { header: 'Coverage', value: (r) => coverageLabel(r.anomaly.coverage) },
  { header: 'Coverage rule', value: (r) => r.anomaly.coverage?.ruleId ?? '' },
  { header: 'Status', value: (r) => anomalyStatusLabel[r.anomaly.status] },
  { header: 'Patch', value: (r) => r.anomaly.patch?.version ?? '' },
]

const pageSize = 200

export function AnomalyList() {
  const all = useAnomalyList()
  const [text, setText] = useState('')
  const [category, setCategory] = useState('')
  const [coverage, setCoverage] = useState('')
  const [status, setStatus] = useState('')
  const [reporting, setReporting] = useState(false)
  const query = useDeferredValue(text.trim().toLowerCase())
  const rows = useMemo(
    () =>
      (all ?? []).filter(
        (r) =>
          (!category || r.anomaly.category === category) &&
          (!status || r.anomaly.status === status) &&
          (!coverage || coverageLabel(r.anomaly.coverage) === coverage) &&
          (!query ||
            `${r.anomaly.title} ${r.customer?.name ?? ''} ${licenseName(r)} ${r.license?.licenseKey ?? ''}`
              .toLowerCase()
              .includes(query)),
      ),
    [all, category, status, coverage, query],
  )
  const key = `${query}|${category}|${status}|${coverage}`
  // rows are rendered a page at a time (a big organisation has thousands); the count and the export cover all
  const { limit, showMore } = useShownRows(pageSize, key)

  return (
    <section className="page anomalies" aria-labelledby="anomalies-title">
      <div className="list-toolbar">
        <h2 id="anomalies-title">Anomaly reports</h2>
        <span className="muted" aria-live="polite" data-testid="anomaly-count">
          {all ? `${rows.length} of ${all.length}` : 'Loading…'}
        </span>
        <span className="spacer" />
        <ExportCsvButton fileName="anomalies" columns={csvColumns} rows={() => rows} />
        <button type="button" onClick={() => setReporting((r) => !r)} aria-expanded={reporting}>
          Report an anomaly
        </button>
      </div>
      {reporting ? <ReportAnomaly onCancel={() => setReporting(false)} /> : null}
      <div className="row filters" role="search" aria-label="Filter anomaly reports">
        <label className="field grow">
          <span>Search</span>
          <input
            type="search"
            placeholder="Title, customer, license"
            value={text}
            onChange={(e) => setText(e.target.value)}
          />
        </label>
        <FilterSelect label="Category" value={category} onChange={setCategory} values={ANOMALY_CATEGORIES} />
        <FilterSelect label="Coverage" value={coverage} onChange={setCoverage} values={coverages} />
        <FilterSelect
          label="Status"
          value={status}
          onChange={setStatus}
          values={statuses}
          optionLabel={(s) => anomalyStatusLabel[s]}
        />
      </div>
      <div className="table-wrap card">
        <table className="list-table" aria-label="Anomaly reports">
          <TableHead
            columns={['Anomaly', 'Customer', 'License', 'Product / OS', 'Category', 'Coverage', 'Status']}
          />
          <tbody>
            {rows.slice(0, limit).map((r) => (
              <tr key={r.anomaly.id} data-testid="anomaly-row">
                <td>
                  <a href={hrefOf({ name: 'anomaly', id: r.anomaly.id })}>{r.anomaly.title}</a>
                </td>
                <td className="nowrap">
                  {r.customer ? (
                    <a href={hrefOf({ name: 'customer', id: r.customer.id })}>{r.customer.name}</a>
                  ) : (
                    '—'
                  )}
                </td>
                <td className="nowrap">
                  {r.license ? (
                    <a href={hrefOf({ name: 'license', id: r.license.id })}>
                      {r.license.licenseKey || `License ${shortId(r.license.id)}`}
                    </a>
                  ) : (
                    '—'
                  )}
                </td>
                <td>
                  {licenseName(r)} · {r.license?.os ?? '—'}
                </td>
                <td>
                  <span className={`pill cat-${r.anomaly.category}`}>{r.anomaly.category}</span>
                </td>
                <td className={`coverage-${r.anomaly.coverage?.requires ?? 'none'}`}>
                  {coverageLabel(r.anomaly.coverage)}
                  {r.anomaly.coverage ? (
                    <>
                      {' '}
                      <code className="rule">{r.anomaly.coverage.ruleId}</code>
                    </>
                  ) : null}
                </td>
                <td className="nowrap">{anomalyStatusLabel[r.anomaly.status]}</td>
              </tr>
            ))}
          </tbody>
        </table>
        <ShowMoreButton
          total={rows.length}
          limit={limit}
          pageSize={pageSize}
          onMore={showMore}
          className="actions more"
        />
        {all && rows.length === 0 ? (
          <p className="empty">
            {all.length === 0 ? 'No anomaly has been reported.' : 'No anomaly matches these filters.'}
          </p>
        ) : null}
      </div>
    </section>
  )
}
