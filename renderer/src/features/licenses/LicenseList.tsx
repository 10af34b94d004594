import { useMemo, useState } from 'react'
import type { CsvColumn } from '@shared/csv/write'
import { hrefOf } from '../../stores/route'
import { ExportCsvButton } from '../csv/ExportCsvButton'
import { useNow } from '../incidents/shared/useNow'
import {
  emptyFilter,
  filterLicenses,
  installStateLabel,
  judgedAt,
  licenseListRows,
  type InstallState,
  type LicenseFilter,
  type LicenseListRow,
} from './model'
import { useLicenseList } from './useLicenseData'
import { InstallStatePill, VersionBadge } from './badges'
import { TableHead } from '../../ui/TableHead'
import { Options } from '../../ui/Options'

const csvColumns: ReadonlyArray<CsvColumn<LicenseListRow>> = [
  { header: 'customer', value: (r) => r.customer },
  { header: 'product', value: (r) => r.product },
  { header: 'edition', value: (r) => r.edition },
  { header: 'version', value: (r) => r.version },
  { header: 'support', value: (r) => r.badge },
  { header: 'os', value: (r) => r.os },
  { header: 'failover', value: (r) => (r.failover ? 'yes' : 'no') },
  { header: 'installations', value: (r) => installStateLabel[r.state] },
  { header: 'licenseKey', value: (r) => r.licenseKey },
]

/** Every license: search and filters, the R-ST-5 legacy badge and the R-ST-7 installation state per row. */
export function LicenseList() {
  const tick = useNow(60_000)
  const data = useLicenseList()
  const [filter, setFilter] = useState<LicenseFilter>(emptyFilter)
  const all = useMemo(
    () =>
      data
        ? licenseListRows(
            data.licenses,
            data.customerNames,
            data.installations,
            judgedAt(tick, [...data.installations.values()].flat()),
          )
        : [],
    [data, tick],
  )
  const rows = useMemo(() => filterLicenses(all, filter), [all, filter])
  const products = useMemo(() => [...new Set(all.map((r) => r.product))].sort(), [all])
  const set = <K extends keyof LicenseFilter>(key: K, value: LicenseFilter[K]) =>
    setFilter((f) => ({ ...f, [key]: value }))

  return (
    <section className="page licenses" aria-labelledby="licenses-title">
      <div className="licenses-toolbar">
        <h2 id="licenses-title">Licenses</h2>
        <span className="muted" data-testid="license-count">
          {rows.length === all.length ? `${all.length} licenses` : `${rows.length} of ${all.length} licenses`}
        </span>
        <span className="spacer" />
        <ExportCsvButton fileName="licenses" columns={csvColumns} rows={() => rows} />
      </div>
      <div className="licenses-filters" role="search">
        <label className="field grow">
          <span>Search</span>
          <input
            type="search"
            value={filter.q}
            placeholder="Customer, product, edition, OS, key…"
            onChange={(e) => set('q', e.target.value)}
          />
        </label>
        <label className="field">
          <span>Product</span>
          <select value={filter.product} onChange={(e) => set('product', e.target.value)}>
            <option value="">All products</option>
            {products.map((p) => (
              <option key={p}>{p}</option>
            ))}
          </select>
        </label>
        <label className="field">
          <span>Version</span>
          <select
            value={filter.version}
            onChange={(e) => set('version', e.target.value as LicenseFilter['version'])}
          >
            <option value="">All versions</option>
            <option value="current">Current major</option>
            <option value="older">Older (not legacy)</option>
            <option value="legacy">Legacy (R-ST-5)</option>
          </select>
        </label>
        <label className="field">
          <span>Installations</span>
          <select value={filter.state} onChange={(e) => set('state', e.target.value as '' | InstallState)}>
            <option value="">Any state</option>
            <Options
              values={Object.keys(installStateLabel) as InstallState[]}
              label={(s) => installStateLabel[s]}
            />
          </select>
        </label>
        <label className="field">
          <span>Failover</span>
          <select
            value={filter.failover}
            onChange={(e) => set('failover', e.target.value as LicenseFilter['failover'])}
          >
            <option value="">Any</option>
            <option value="yes">With failover</option>
            <option value="no">Without</option>
          </select>
        </label>
        {filter !== emptyFilter ? (
          <button type="button" className="ghost" onClick={() => setFilter(emptyFilter)}>
            Clear filters
          </button>
        ) : null}
      </div>
      {!data ? (
        <p className="muted">Loading licenses…</p>
      ) : rows.length === 0 ? (
        <p className="empty muted">
          {all.length === 0 ? 'No licenses yet.' : 'No license matches these filters.'}
        </p>
      ) : (
        <div className="table-wrap card">
          <table className="licenses-table" aria-labelledby="licenses-title">
            <TableHead
              columns={['Customer', 'Product', 'Edition', 'Version', 'OS', 'Failover', 'Installations']}
            />
            <tbody>
              {rows.map((r) => (
                <tr key={r.id} data-testid="license-row">
                  <td>
                    <a href={hrefOf({ name: 'customer', id: r.customerId })}>{r.customer}</a>
                  </td>
                  <td>
                    <a href={hrefOf({ name: 'license', id: r.id })}>{r.product}</a>
                    {r.licenseKey ? <div className="muted small">{r.licenseKey}</div> : null}
                  </td>
                  <td>{r.edition}</td>
                  <td>
                    {r.version} <VersionBadge badge={r.badge} />
                  </td>
                  <td>{r.os}</td>
                  <td>{r.failover ? 'Yes' : 'No'}</td>
                  <td>
                    <InstallStatePill state={r.state} />
                    {r.keyDisabled ? <span className="pill lic-danger">Key disabled</span> : null}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  )
}
