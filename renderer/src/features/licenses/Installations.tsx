import { useState, type FormEvent } from 'react'
import { v7 as uuidv7 } from 'uuid'
import { rowKey } from '@shared/protocol'
import { formatInstant } from '../incidents/shared/format'
import { useMutate } from '../incidents/shared/useMutate'
import { useNow } from '../incidents/shared/useNow'
import { InstallStatePill } from './badges'
import { MIGRATION_GRACE_DAYS, fraudStepsView, installationsView, judgedAt } from './model'
import type { LicenseData } from './useLicenseData'
import { ErrorLine } from '../../ui/ErrorLine'

/** `datetime-local` (the user's clock) → ISO instant; empty means "now" (the mutator's default). */
function instantOf(local: string): string | undefined | null {
  if (!local) return undefined
  const ms = Date.parse(local)
  return Number.isNaN(ms) ? null : new Date(ms).toISOString()
}

/** R-ST-7 on one license: its installations, the migration countdown, and the fraud steps one by one. */
export function Installations({ data }: { data: LicenseData }) {
  const tick = useNow(60_000)
  const { run, error, busy, setError } = useMutate()
  const [host, setHost] = useState('')
  const [firstSeen, setFirstSeen] = useState('')
  const [invalid, setInvalid] = useState<'host' | 'firstSeen' | null>(null)
  const view = installationsView(data.license, data.installations, judgedAt(tick, data.installations))
  const steps = view.fraudTarget ? fraudStepsView(view.fraudTarget.fraud) : []

  function record(e: FormEvent) {
    e.preventDefault()
    if (!host.trim()) {
      setInvalid('host')
      setError('Host: enter the name of the server the key was seen on.')
      return
    }
    const seen = instantOf(firstSeen)
    if (seen === null) {
      setInvalid('firstSeen')
      setError('First seen: not a date and time.')
      return
    }
    setInvalid(null)
    void run('installation.record', {
      id: uuidv7(),
      licenseId: data.license.id,
      host: host.trim(),
      ...(seen ? { firstSeen: seen } : {}),
    }).then((ok) => {
      if (ok) {
        setHost('')
        setFirstSeen('')
      }
    })
  }

  return (
    <section className="card" aria-labelledby="inst-title">
      <div className="lic-card-head">
        <h3 id="inst-title">Installations</h3>
        <InstallStatePill state={view.state} />
      </div>
      {view.countdown ? (
        <p className="notice warn" data-testid="migration-countdown">
          <strong>{view.countdown}</strong> (a migration is tolerated for {MIGRATION_GRACE_DAYS} days from the
          first overlap; it ends {formatInstant(view.status.graceEndsAt)}).
        </p>
      ) : null}
      {view.state !== 'none' ? (
        <ul className="reasons">
          {view.status.reasons.map((r) => (
            <li key={r.message}>
              <code className="rule">{r.ruleId}</code> {r.message}
            </li>
          ))}
        </ul>
      ) : (
        <p className="muted">No installation recorded: record the server the key runs on.</p>
      )}

      {view.active.length > 0 ? (
        <table className="lic-table" aria-label="Active installations">
          <thead>
            <tr>
              <th scope="col">Host</th>
              <th scope="col">First seen</th>
              <th scope="col">
                <span className="visually-hidden">Action</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {view.active.map((i) => (
              <tr key={i.id} data-testid="installation">
                <td>
                  {i.host}
                  {data.pending.has(rowKey('installations', i.id)) ? (
                    <span className="muted small"> · not synced yet</span>
                  ) : null}
                </td>
                <td>{formatInstant(i.firstSeen)}</td>
                <td className="lic-right">
                  <button
                    type="button"
                    className="ghost small"
                    disabled={busy}
                    aria-label={`Retire ${i.host}`}
                    onClick={() => void run('installation.retire', { installationId: i.id })}
                  >
                    Retire
                  </button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : null}
      {view.retired.length > 0 ? (
        <details className="lic-retired">
          <summary>
            {view.retired.length} retired installation{view.retired.length === 1 ? '' : 's'}
          </summary>
          <ul>
            {view.retired.map((i) => (
              <li key={i.id} data-testid="retired-installation">
                {i.host} · {formatInstant(i.firstSeen)} → retired {formatInstant(i.retiredAt)}
              </li>
            ))}
          </ul>
        </details>
      ) : null}

      {view.fraudTarget ? (
        <div className="lic-fraud" data-testid="fraud-steps">
          <h4>Suspected fraud: steps (R-ST-7)</h4>
          <p className="muted small">
            Recorded on the newest installation, {view.fraudTarget.host}, in order.
          </p>
          <ol>
            {steps.map((s) => (
              <li key={s.step} data-testid={`fraud-step-${s.step}`}>
                <span className="grow">{s.label}</span>
                {s.doneAt ? (
                  <span className="lic-done">Done {formatInstant(s.doneAt)}</span>
                ) : (
                  <button
                    type="button"
                    className="ghost small"
                    disabled={busy || !s.ready}
                    title={
                      s.ready
                        ? undefined
                        : 'Notify the customer first (and the fraud team before disabling the key)'
                    }
                    aria-label={`Record: ${s.label}`}
                    onClick={() =>
                      void run('installation.recordFraudStep', {
                        installationId: view.fraudTarget!.id,
                        step: s.step,
                      })
                    }
                  >
                    Record done
                  </button>
                )}
              </li>
            ))}
          </ol>
        </div>
      ) : null}

      <form className="row lic-form" onSubmit={record} aria-label="Record an installation">
        <label className="field grow">
          <span>Host</span>
          <input
            value={host}
            aria-invalid={invalid === 'host' || undefined}
            placeholder="mail01.example.com"
            onChange={(e) => setHost(e.target.value)}
          />
        </label>
        <label className="field">
          <span>First seen (empty: now)</span>
          <input
            type="datetime-local"
            value={firstSeen}
            aria-invalid={invalid === 'firstSeen' || undefined}
            onChange={(e) => setFirstSeen(e.target.value)}
          />
        </label>
        <div className="field">
          <button type="submit" disabled={busy}>
            Record installation
          </button>
        </div>
      </form>
      <ErrorLine error={error} />
    </section>
  )
}
