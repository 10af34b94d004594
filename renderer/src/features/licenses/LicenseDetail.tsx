import { useMemo } from 'react'
import { versionSupport } from '@shared/policy'
import { hrefOf } from '../../stores/route'
import { formatInstant } from '../incidents/shared/format'
import { Installations } from './Installations'
import { Transfer } from './Transfer'
import { UpgradeQuote } from './UpgradeQuote'
import { VersionBadge } from './badges'
import { hasActiveMaintenance, versionBadge } from './model'
import { useLicenseData } from './useLicenseData'

/** One license: what it is, its support (R-ST-5, R-ST-1), installations (R-ST-7), quote (R-ST-8), transfer (R-ST-9). */
export function LicenseDetail({ id }: { id: string }) {
  const data = useLicenseData(id)
  const today = new Date().toISOString().slice(0, 10)
  const active = useMemo(
    () => (data ? hasActiveMaintenance(data.subscriptions, today) : false),
    [data, today],
  )
  if (data === undefined) return <section className="page muted">Loading the license…</section>
  if (data === null)
    return (
      <section className="page">
        <a className="back" href={hrefOf({ name: 'licenses' })}>
          ← Licenses
        </a>
        <p>No license with this id here: it may belong to a team you are not in.</p>
      </section>
    )
  const l = data.license
  let support: ReturnType<typeof versionSupport> | null = null
  try {
    support = versionSupport({ currentMajor: l.currentMajor, major: l.major, activeMaintenance: active })
  } catch {
    support = null // a major after the current one: shown as is, without a verdict
  }

  return (
    <section className="page license-detail" aria-labelledby="license-title">
      <a className="back" href={hrefOf({ name: 'licenses' })}>
        ← Licenses
      </a>
      <header className="card">
        <div className="lic-card-head">
          <h2 id="license-title">
            {l.product} {l.edition} {l.major}.{l.minor}
          </h2>
          <VersionBadge badge={versionBadge(l)} />
          {l.keyDisabledAt ? <span className="pill lic-danger">Key disabled</span> : null}
        </div>
        <dl className="facts lic-facts">
          <div>
            <dt>Customer</dt>
            <dd data-testid="license-customer">
              {data.customer ? (
                <a href={hrefOf({ name: 'customer', id: data.customer.id })}>{data.customer.name}</a>
              ) : (
                'Unknown customer'
              )}
            </dd>
          </div>
          <div>
            <dt>Current major</dt>
            <dd>{l.currentMajor}</dd>
          </div>
          <div>
            <dt>Operating system</dt>
            <dd>{l.os}</dd>
          </div>
          <div>
            <dt>Failover</dt>
            <dd>{l.failover ? 'Yes (a standby installation is allowed)' : 'No'}</dd>
          </div>
          <div>
            <dt>Purchased</dt>
            <dd>{l.purchasedAt}</dd>
          </div>
          <div>
            <dt>License key</dt>
            <dd>
              {l.licenseKey || '—'}
              {l.keyDisabledAt ? ` (disabled ${formatInstant(l.keyDisabledAt)})` : ''}
            </dd>
          </div>
          <div className="lic-wide">
            <dt>Maintenance &amp; Support</dt>
            <dd>
              {active ? 'Active' : 'None active'}
              {data.subscriptions.length > 0
                ? ` · ${data.subscriptions
                    .map(
                      (s) =>
                        `${data.planLabels.get(s.planId) ?? s.planId} (${s.start} → ${s.end ?? 'lifetime'}, ${s.status})`,
                    )
                    .join('; ')}`
                : ''}
            </dd>
          </div>
        </dl>
        {support ? (
          <ul className="reasons">
            {support.reasons.map((r) => (
              <li key={r.message}>
                <code className="rule">{r.ruleId}</code> {r.message}
              </li>
            ))}
          </ul>
        ) : null}
      </header>
      <div className="lic-columns">
        <Installations data={data} />
        <div className="lic-stack">
          <UpgradeQuote data={data} activeMaintenance={active} />
          <Transfer data={data} />
        </div>
      </div>
    </section>
  )
}
