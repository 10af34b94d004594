import { useState, type FormEvent } from 'react'
import { NotFoundPage } from '../../ui/NotFoundPage'
import { NumberField } from '../../ui/NumberField'
import { v7 as uuidv7 } from 'uuid'
import { ANOMALY_CATEGORIES, type AnomalyCategory, type Reason } from '@shared/domain'
import type { EstimateRow } from '@shared/mutations'
import { costEstimateTotal } from '@shared/policy'
import { hrefOf } from '../../stores/route'
import { formatInstant, humanize, shortId } from '../incidents/shared/format'
import { useMutate } from '../incidents/shared/useMutate'
import {
  anomalyStatusLabel,
  anomalyView,
  categoryDefinitions,
  coverageByCategory,
  orderEstimates,
  type AnomalyView,
} from './model'
import { Field } from '../../ui/Field'
import { useAnomalyData, type AnomalyData } from './useAnomalyData'
import { ErrorLine } from '../../ui/ErrorLine'
import { Options } from '../../ui/Options'

export function Reasons({ reasons, testId }: { reasons: readonly Reason[]; testId?: string }) {
  return (
    <ul className="reasons" data-testid={testId}>
      {reasons.map((r, i) => (
        <li key={`${r.ruleId}-${i}`}>
          <code className="rule">{r.ruleId}</code> {r.message}
        </li>
      ))}
    </ul>
  )
}

export function AnomalyDetail({ id }: { id: string }) {
  const data = useAnomalyData(id)
  if (data === undefined) return <p className="page muted">Opening the anomaly report…</p>
  if (data === null)
    return (
      <NotFoundPage
        title="Anomaly report not found"
        backHref="#/anomalies"
        backLabel="Back to the anomaly reports"
      />
    )
  const view = anomalyView(data.anomaly, data.estimates, data.maintenance)
  const { anomaly, customer, license, incident } = data
  return (
    <article className="page anomaly" aria-labelledby="anomaly-title">
      <a href="#/anomalies" className="back">
        ← Anomaly reports
      </a>
      <header className="anomaly-header">
        <div className="title-row">
          <h2 id="anomaly-title">{anomaly.title}</h2>
          <span className={`pill cat-${anomaly.category}`} data-testid="anomaly-category">
            Category {anomaly.category}
          </span>
          <span className="pill" data-testid="anomaly-status">
            {anomalyStatusLabel[anomaly.status]}
          </span>
        </div>
        <dl className="facts">
          <div>
            <dt>Customer</dt>
            <dd>
              {customer ? <a href={hrefOf({ name: 'customer', id: customer.id })}>{customer.name}</a> : '—'}
            </dd>
          </div>
          <div>
            <dt>License</dt>
            <dd>
              {license ? (
                <a href={hrefOf({ name: 'license', id: license.id })}>
                  {license.product} {license.edition} {license.major}.{license.minor}
                </a>
              ) : (
                '—'
              )}
            </dd>
          </div>
          <div>
            <dt>Operating system</dt>
            <dd data-testid="license-os">{license?.os ?? '—'}</dd>
          </div>
          <div>
            <dt>Maintenance</dt>
            <dd>
              {data.maintenance.hasMaintenance
                ? 'Annual Maintenance'
                : data.maintenance.inWarranty
                  ? '30-day warranty (R-AM-1)'
                  : 'None'}
            </dd>
          </div>
          <div>
            <dt>Incident</dt>
            <dd>
              {incident ? (
                <a href={hrefOf({ name: 'incident', id: incident.id })}>
                  {shortId(incident.id)} · {incident.subject}
                </a>
              ) : (
                'None'
              )}
            </dd>
          </div>
        </dl>
        {anomaly.description ? <p className="anomaly-description">{anomaly.description}</p> : null}
      </header>
      <div className="incident-grid">
        <div className="col">
          <WorkState view={view} />
          {view.needsEstimate ? <Estimates data={data} view={view} /> : null}
          <LogWork data={data} view={view} />
        </div>
        <div className="col">
          <Classify data={data} view={view} />
          <Patch data={data} view={view} />
        </div>
      </div>
    </article>
  )
}

/** Whether work may start, and why, in plain words first (R-AM-3). */
function WorkState({ view }: { view: AnomalyView }) {
  // A and B without maintenance: not blocked (only category C waits on an estimate), but not covered either
  const uncovered = view.work.allowed && !view.needsEstimate && !view.coverage.covered
  const tone = !view.work.allowed ? 'work-blocked' : uncovered ? 'work-uncovered' : 'work-allowed'
  return (
    <section className={`card work-state ${tone}`} aria-labelledby="work-title">
      <h3 id="work-title">Work</h3>
      <p className="decision" data-testid="work-allowed">
        {!view.work.allowed
          ? 'Work can’t start'
          : uncovered
            ? 'Work may start, outside maintenance'
            : 'Work may start'}
      </p>
      <p data-testid="next-step">{view.nextStep}</p>
      <Reasons reasons={view.work.reasons} testId="work-reasons" />
    </section>
  )
}

function Classify({ data, view }: { data: AnomalyData; view: AnomalyView }) {
  const { run, error, busy } = useMutate()
  const [category, setCategory] = useState<AnomalyCategory>(data.anomaly.category)
  const preview = coverageByCategory(data.maintenance)
  return (
    <section className="card" aria-labelledby="classify-title">
      <h3 id="classify-title">Classification (R-AM-3)</h3>
      <div data-testid="coverage">
        {view.classified ? (
          <p>
            <strong>{view.coverage.covered ? 'Covered' : 'Not covered'}</strong> · classified{' '}
            {data.anomaly.category}
          </p>
        ) : (
          <p className="muted">Not classified yet. As reported ({data.anomaly.category}) it would be:</p>
        )}
        <Reasons reasons={view.coverage.reasons} />
      </div>
      <form
        onSubmit={(e: FormEvent) => {
          e.preventDefault()
          void run('anomaly.classify', {
            anomalyId: data.anomaly.id,
            category,
            baseVersion: data.anomaly.version,
          })
        }}
      >
        <fieldset className="categories">
          <legend>Category</legend>
          {ANOMALY_CATEGORIES.map((c) => (
            <label key={c} className={`category-choice ${category === c ? 'chosen' : ''}`}>
              <input
                type="radio"
                name="category"
                value={c}
                checked={category === c}
                onChange={() => setCategory(c)}
                disabled={!view.can.classify}
              />
              <span>
                <strong>{c}</strong> · {categoryDefinitions[c]}
                <span className="muted small">
                  {' '}
                  → {preview[c].covered
                    ? 'covered'
                    : humanize(preview[c].requires).toLowerCase() + ' needed'}{' '}
                  <code className="rule">{preview[c].ruleId}</code>
                </span>
              </span>
            </label>
          ))}
        </fieldset>
        <button type="submit" disabled={busy || !view.can.classify}>
          {view.classified ? 'Reclassify' : 'Classify'}
        </button>
        {!view.can.classify ? (
          <p className="muted small">It is {data.anomaly.status}: it can’t be classified again.</p>
        ) : null}
        <ErrorLine error={error} />
      </form>
    </section>
  )
}

function money(amount: number, currency: string): string {
  try {
    return new Intl.NumberFormat(undefined, { style: 'currency', currency }).format(amount)
  } catch {
    return `${amount.toFixed(2)} ${currency}`
  }
}

/** The S.O.R. estimate path of a category C anomaly: estimate → sent → accepted or declined (R-AM-3). */
function Estimates({ data, view }: { data: AnomalyData; view: AnomalyView }) {
  const { run, error, busy } = useMutate()
  const [hours, setHours] = useState('')
  const [rate, setRate] = useState('')
  const [currency, setCurrency] = useState('EUR')
  const [acceptedBy, setAcceptedBy] = useState('')
  const [declineReason, setDeclineReason] = useState('')
  const h = Number(hours)
  const r = Number(rate)
  const valid = hours !== '' && rate !== '' && h > 0 && r >= 0 && /^[A-Z]{3}$/.test(currency)
  const estimates = orderEstimates(data.estimates)
  const current: EstimateRow | undefined = view.estimate
  return (
    <section className="card" aria-labelledby="estimate-title">
      <h3 id="estimate-title">Cost estimate (S.O.R., by the hour)</h3>
      <ol className="estimate-path" aria-label="Estimate path">
        <li className={view.stage !== 'none' ? 'reached' : ''}>Estimated</li>
        <li className={['sent', 'accepted', 'declined'].includes(view.stage) ? 'reached' : ''}>Sent</li>
        {view.stage === 'declined' ? (
          <li className="refused">Declined</li>
        ) : (
          <li className={view.stage === 'accepted' ? 'reached' : ''}>Accepted</li>
        )}
        <li className={view.work.allowed ? 'reached' : ''}>Work allowed</li>
      </ol>
      {estimates.length > 0 ? (
        <ul className="estimates">
          {estimates.map((e) => (
            <li key={e.id} data-testid="estimate" className={e.id === current?.id ? 'current' : ''}>
              <span>
                {e.hours} h × {money(e.hourlyRate, e.currency)} ={' '}
                <strong data-testid="estimate-total">{money(costEstimateTotal(e), e.currency)}</strong>
              </span>
              <span className="pill" data-testid="estimate-status">
                {humanize(e.status)}
              </span>
              <span className="muted small">
                {e.sentAt ? `sent ${formatInstant(e.sentAt)}` : ''}
                {e.decidedAt ? ` · ${e.status} ${formatInstant(e.decidedAt)}` : ''}
                {e.acceptedBy ? ` by ${e.acceptedBy}` : ''}
                {e.declineReason ? ` · “${e.declineReason}”` : ''}
              </span>
            </li>
          ))}
        </ul>
      ) : null}
      {view.can.send && current ? (
        <div className="actions">
          <button
            type="button"
            disabled={busy}
            onClick={() => void run('anomaly.sendEstimate', { estimateId: current.id })}
          >
            Send estimate to the customer
          </button>
        </div>
      ) : null}
      {view.can.decide && current ? (
        <div className="decide">
          <div className="row">
            <label className="field grow">
              <span>Accepted by (at the customer)</span>
              <input value={acceptedBy} onChange={(e) => setAcceptedBy(e.target.value)} maxLength={200} />
            </label>
            <button
              type="button"
              disabled={busy}
              onClick={() =>
                void run('anomaly.acceptEstimate', {
                  estimateId: current.id,
                  ...(acceptedBy.trim() ? { acceptedBy: acceptedBy.trim() } : {}),
                })
              }
            >
              Record acceptance
            </button>
          </div>
          <div className="row">
            <label className="field grow">
              <span>Reason declined</span>
              <input
                value={declineReason}
                onChange={(e) => setDeclineReason(e.target.value)}
                maxLength={2000}
              />
            </label>
            <button
              type="button"
              className="ghost"
              disabled={busy}
              onClick={() =>
                void run('anomaly.declineEstimate', {
                  estimateId: current.id,
                  ...(declineReason.trim() ? { reason: declineReason.trim() } : {}),
                })
              }
            >
              Record decline
            </button>
          </div>
        </div>
      ) : null}
      {view.can.estimate ? (
        <form
          aria-label="New cost estimate"
          onSubmit={(e: FormEvent) => {
            e.preventDefault()
            if (!valid) return
            void run('anomaly.estimateCost', {
              id: uuidv7(),
              anomalyId: data.anomaly.id,
              hours: h,
              hourlyRate: r,
              currency,
            }).then((ok) => {
              if (ok) {
                setHours('')
                setRate('')
              }
            })
          }}
        >
          <div className="row">
            <NumberField label="Hours" value={hours} onChange={setHours} min="0.25" step="0.25" required />
            <NumberField label="Hourly rate" value={rate} onChange={setRate} min="0" step="0.01" required />
            <label className="field">
              <span>Currency</span>
              <input
                value={currency}
                onChange={(e) => setCurrency(e.target.value.toUpperCase())}
                maxLength={3}
                size={4}
                aria-invalid={!/^[A-Z]{3}$/.test(currency)}
              />
            </label>
            <p className="field estimate-total" aria-live="polite">
              <span>Total</span>
              <strong data-testid="estimate-preview">
                {valid ? money(costEstimateTotal({ hours: h, hourlyRate: r }), currency) : '—'}
              </strong>
            </p>
          </div>
          <button type="submit" disabled={busy || !valid}>
            {view.stage === 'declined' ? 'Make a new estimate' : 'Make estimate'}
          </button>
        </form>
      ) : null}
      <ErrorLine error={error} />
    </section>
  )
}

const workKinds = ['investigation', 'remote-session', 'on-site', 'development'] as const

/** Work on the anomaly is time on its incident: the time-entry mutator refuses it until allowed (R-AM-3). */
function LogWork({ data, view }: { data: AnomalyData; view: AnomalyView }) {
  const { run, error, busy } = useMutate()
  const [minutes, setMinutes] = useState('30')
  const [kind, setKind] = useState<(typeof workKinds)[number]>('investigation')
  const [note, setNote] = useState('')
  const [logged, setLogged] = useState<string | null>(null)
  const incident = data.incident
  return (
    <section className="card" aria-labelledby="logwork-title">
      <h3 id="logwork-title">Log work</h3>
      {!incident ? (
        <p className="muted">
          Work is logged on an incident, and this report has none. Report it from an incident to log time.
        </p>
      ) : (
        <form
          aria-label="Log work"
          onSubmit={(e: FormEvent) => {
            e.preventDefault()
            setLogged(null)
            const m = Number(minutes)
            void run('timeEntry.log', {
              id: uuidv7(),
              incidentId: incident.id,
              minutes: m,
              kind,
              note: note.trim() || `Work on anomaly “${data.anomaly.title}”`,
            }).then((ok) => {
              if (ok) {
                setLogged(
                  `Logged ${m} min of ${humanize(kind).toLowerCase()} on incident ${shortId(incident.id)}.`,
                )
                setNote('')
              }
            })
          }}
        >
          {!view.work.allowed ? (
            <p className="notice warn" role="note">
              Logging work is refused until the customer accepts the cost estimate (R-AM-3).
            </p>
          ) : null}
          <div className="row">
            <NumberField label="Minutes" value={minutes} onChange={setMinutes} min="1" max="1440" required />
            <Field label="Kind of work">
              <select value={kind} onChange={(e) => setKind(e.target.value as typeof kind)}>
                <Options values={workKinds} label={(k) => humanize(k)} />
              </select>
            </Field>
            <label className="field grow">
              <span>Note</span>
              <input value={note} onChange={(e) => setNote(e.target.value)} />
            </label>
          </div>
          <button type="submit" disabled={busy || !(Number(minutes) > 0)}>
            Log work
          </button>
          {logged ? (
            <p className="ok-line" role="status">
              {logged}
            </p>
          ) : null}
          <ErrorLine error={error} />
        </form>
      )}
    </section>
  )
}

/** A patch is delivered for the license's own operating system only (R-AM-4). */
function Patch({ data, view }: { data: AnomalyData; view: AnomalyView }) {
  const { run, error, busy } = useMutate()
  const [url, setUrl] = useState('')
  const [os, setOs] = useState(data.license?.os ?? '')
  const [version, setVersion] = useState('')
  const patch = data.anomaly.patch
  return (
    <section className="card" aria-labelledby="patch-title">
      <h3 id="patch-title">Patch (R-AM-4)</h3>
      {patch ? (
        <p data-testid="patch">
          Version <strong>{patch.version}</strong> for {patch.os} · <span className="muted">{patch.url}</span>
        </p>
      ) : (
        <p className="muted small">
          Patches are delivered for the license’s own operating system only: {data.license?.os ?? 'unknown'}.
        </p>
      )}
      {!patch ? (
        <form
          aria-label="Link a patch"
          onSubmit={(e: FormEvent) => {
            e.preventDefault()
            void run('anomaly.linkPatch', {
              anomalyId: data.anomaly.id,
              patch: { url: url.trim(), os: os.trim(), version: version.trim() },
            })
          }}
        >
          <label className="field">
            <span>Patch address</span>
            <input
              type="url"
              value={url}
              onChange={(e) => setUrl(e.target.value)}
              placeholder="https://downloads.example.com/patch.zip"
              required
            />
          </label>
          <div className="row">
            <label className="field grow">
              <span>For operating system</span>
              <input value={os} onChange={(e) => setOs(e.target.value)} required />
            </label>
            <label className="field grow">
              <span>Patch version</span>
              <input value={version} onChange={(e) => setVersion(e.target.value)} required />
            </label>
          </div>
          {!view.can.linkPatch && view.needsEstimate ? (
            <p className="muted small">
              A category C anomaly gets a patch only once its estimate is accepted (R-AM-3).
            </p>
          ) : null}
          <button type="submit" disabled={busy || !view.can.linkPatch || !url || !os || !version}>
            Link patch
          </button>
          <ErrorLine error={error} />
        </form>
      ) : null}
    </section>
  )
}
