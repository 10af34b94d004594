import { useEffect, useMemo, useRef, useState, type FormEvent } from 'react'
import { useLiveQuery } from 'dexie-react-hooks'
import { v7 as uuidv7 } from 'uuid'
import { INCIDENT_CATEGORIES, SEVERITIES, type OverAllowanceAction } from '@shared/domain'
import type { IncidentRow, StoredRow, TableRow } from '@shared/mutations'
import { navigate } from '../../../stores/route'
import { useEngine } from '../../sync/engine-context'
import { planIndex } from '../shared/catalog'
import { dryRun } from '../shared/dry-run'
import { countdown, formatInstant, humanize, severityLabel } from '../shared/format'
import { Field } from '../../../ui/Field'
import { EnumSelect } from '../shared/EnumSelect'
import { actionLabel, decisionLabel, isOverAllowanceAction } from '../shared/labels'
import { useNow } from '../shared/useNow'
import { ErrorLine } from '../../../ui/ErrorLine'
import { RadioOptions } from '../../../ui/RadioOptions'
import { Options, RowOptions } from '../../../ui/Options'

type Preview =
  | { state: 'idle' }
  | { state: 'ok'; incident: IncidentRow }
  | { state: 'refused'; message: string; field?: string }

/** Customer → license → contact, with the entitlement decision, its reasons and the response due shown live. */
export function NewIncident() {
  const { db, engine, session } = useEngine()
  const now = useNow(30_000)
  const [customerId, setCustomerId] = useState('')
  // null: not chosen yet (the sensible default applies); '' is a choice ("no license")
  const [licenseChoice, setLicenseId] = useState<string | null>(null)
  const [contactChoice, setContactId] = useState<string | null>(null)
  const [subject, setSubject] = useState('')
  const [description, setDescription] = useState('')
  const [severity, setSeverity] = useState<IncidentRow['severity']>('standard')
  const [category, setCategory] = useState<IncidentRow['category']>('question')
  const [extendedHours, setExtendedHours] = useState(false)
  const [assignToMe, setAssignToMe] = useState(true)
  const [action, setAction] = useState<OverAllowanceAction | ''>('')
  const [error, setError] = useState<string | null>(null)
  const [saving, setSaving] = useState(false)
  const [preview, setPreview] = useState<Preview>({ state: 'idle' })
  const firstField = useRef<HTMLSelectElement>(null)
  useEffect(() => firstField.current?.focus(), [])

  const customers = useLiveQuery(
    async () => (await db.rows('customers').toArray()).sort((a, b) => a.name.localeCompare(b.name)),
    [db],
  )
  const licenses = useLiveQuery(
    async () =>
      customerId ? await db.rows('licenses').where('customerId').equals(customerId).toArray() : [],
    [db, customerId],
  )
  const contacts = useLiveQuery(
    async () =>
      customerId ? await db.rows('contacts').where('customerId').equals(customerId).toArray() : [],
    [db, customerId],
  )
  // everything incident.open reads, for the dry run: it re-runs when any of it changes (another incident opened)
  const context = useLiveQuery(async () => {
    if (!customerId) return null
    const subscriptions = await db.rows('subscriptions').where('customerId').equals(customerId).toArray()
    const incidents = await db.rows('incidents').where('customerId').equals(customerId).toArray()
    return {
      customers: await db.rows('customers').where('id').equals(customerId).toArray(),
      contacts: await db.rows('contacts').where('customerId').equals(customerId).toArray(),
      licenses: await db.rows('licenses').where('customerId').equals(customerId).toArray(),
      subscriptions,
      incidents,
      plans: await db.rows('plans').toArray(),
      calendars: await db.rows('calendars').toArray(),
    }
  }, [db, customerId])
  const plans = useMemo(() => planIndex((context?.plans ?? []) as Record<string, unknown>[]), [context])
  // until chosen: the only license, the first named contact, as an engineer on the phone would pick
  const licenseId = licenseChoice ?? (licenses && licenses.length === 1 ? licenses[0]!.id : '')
  const contactId = contactChoice ?? (contacts?.find((c) => c.named) ?? contacts?.[0])?.id ?? ''
  const subscription = useMemo(() => {
    const subs = context?.subscriptions ?? []
    return subs
      .filter((s) => (licenseId ? s.licenseId === licenseId : !s.licenseId))
      .sort((a, b) => (a.start < b.start ? 1 : -1))[0]
  }, [context, licenseId])
  const plan = subscription ? plans.get(subscription.planId) : undefined

  const id = useMemo(() => uuidv7(), [])
  const args = useMemo(
    () => ({
      id,
      customerId,
      contactId,
      licenseId: licenseId || null,
      subject: subject.trim() || 'Preview',
      description,
      severity,
      category,
      extendedHours: extendedHours && !!plan?.extendedHours,
      assigneeId: assignToMe ? session.user.id : null,
    }),
    [
      id,
      customerId,
      contactId,
      licenseId,
      subject,
      description,
      severity,
      category,
      extendedHours,
      plan,
      assignToMe,
      session.user.id,
    ],
  )

  useEffect(() => {
    if (!context || !contactId) return
    let current = true
    const actor = { userId: session.user.id, role: session.user.role, teamIds: session.user.teams }
    void dryRun(context as Record<string, StoredRow[]>, 'incident.open', args, actor).then(
      ({ outcome, store }) => {
        if (!current) return
        if (outcome.status === 'rejected') {
          setPreview({
            state: 'refused',
            message: outcome.error.message,
            ...(outcome.error.field ? { field: outcome.error.field } : {}),
          })
          return
        }
        void store.get('incidents', args.id).then((row) => {
          if (current && row) setPreview({ state: 'ok', incident: row as TableRow<'incidents'> })
        })
      },
    )
    return () => {
      current = false
    }
  }, [context, args, contactId, session.user])

  const decision = preview.state === 'ok' ? preview.incident.entitlement : null
  const over = decision?.decision === 'over-allowance'
  const overActions = over ? decision.actions.filter(isOverAllowanceAction) : []

  async function submit(event: FormEvent) {
    event.preventDefault()
    if (!customerId || !contactId) return setError('Choose the customer and the contact who called.')
    if (!subject.trim()) return setError('Subject: say in a few words what the customer reports.')
    if (over && !action) return setError('This incident is over the allowance: choose what to do with it.')
    setSaving(true)
    setError(null)
    try {
      const result = await engine.mutate('incident.open', { ...args, subject: subject.trim() })
      if (result.status === 'rejected') {
        setError(`${result.error.field ? `${result.error.field}: ` : ''}${result.error.message}`)
        setSaving(false)
        return
      }
      if (over && action) {
        await engine.mutate('incident.chooseOverAllowanceAction', { incidentId: args.id, action })
      }
      navigate({ name: 'incident', id: args.id })
    } catch (e) {
      setError(e instanceof Error ? e.message : String(e))
      setSaving(false)
    }
  }

  return (
    <section className="page new-incident" aria-labelledby="new-title">
      <h2 id="new-title">New incident</h2>
      <form className="two-col" onSubmit={(e) => void submit(e)} noValidate>
        <div className="card form">
          <Field label="Customer">
            <select
              ref={firstField}
              value={customerId}
              onChange={(e) => {
                setCustomerId(e.target.value)
                setLicenseId(null)
                setContactId(null)
                setAction('')
              }}
            >
              <RowOptions rows={customers} none="Choose a customer…" label={(c) => c.name} />
            </select>
          </Field>
          <Field label="License">
            <select value={licenseId} onChange={(e) => setLicenseId(e.target.value)} disabled={!customerId}>
              <option value="">No license (hosted or partner)</option>
              {licenses?.map((l) => (
                <option key={l.id} value={l.id}>
                  {l.product} {l.edition} {l.major}
                  {l.licenseKey ? ` · ${l.licenseKey}` : ''}
                </option>
              ))}
            </select>
          </Field>
          <Field label="Contact">
            <select value={contactId} onChange={(e) => setContactId(e.target.value)} disabled={!customerId}>
              <option value="">Choose the contact…</option>
              {contacts?.map((c) => (
                <option key={c.id} value={c.id}>
                  {c.name}
                  {c.named ? ' (named contact)' : ''}
                </option>
              ))}
            </select>
          </Field>
          <label className="field">
            <span>Subject</span>
            <input value={subject} onChange={(e) => setSubject(e.target.value)} maxLength={300} required />
          </label>
          <label className="field">
            <span>Description</span>
            <textarea value={description} onChange={(e) => setDescription(e.target.value)} rows={4} />
          </label>
          <div className="row">
            <Field label="Severity">
              <select
                value={severity}
                onChange={(e) => {
                  setSeverity(e.target.value as IncidentRow['severity'])
                  setAction('')
                }}
              >
                <Options values={SEVERITIES} label={(s) => severityLabel[s]} />
              </select>
            </Field>
            <Field label="Category">
              <EnumSelect value={category} options={INCIDENT_CATEGORIES} onChange={setCategory} />
            </Field>
          </div>
          {plan?.extendedHours ? (
            <label className="check">
              <input
                type="checkbox"
                checked={extendedHours}
                onChange={(e) => setExtendedHours(e.target.checked)}
              />
              <span>Pre-arranged extended hours ({plan.extendedHours.label})</span>
            </label>
          ) : null}
          <label className="check">
            <input type="checkbox" checked={assignToMe} onChange={(e) => setAssignToMe(e.target.checked)} />
            <span>Assign to me</span>
          </label>
        </div>

        <aside className="card preview" aria-labelledby="preview-title" aria-live="polite">
          <h3 id="preview-title">Entitlement</h3>
          {preview.state === 'idle' || !contactId ? (
            <p className="muted">Choose a customer, a license and a contact: the decision appears here.</p>
          ) : preview.state === 'refused' ? (
            <p className="error" role="alert">
              {preview.field ? `${preview.field}: ` : ''}
              {preview.message}
            </p>
          ) : (
            <>
              <p className={`decision decision-${decision?.decision}`} data-testid="entitlement-decision">
                {decisionLabel[decision?.decision ?? ''] ?? '—'}
                {plan ? <span className="muted"> · {plan.label}</span> : null}
              </p>
              {decision?.allowance ? (
                <p data-testid="allowance">
                  Allowance: {decision.allowance.used} of {decision.allowance.limit ?? 'unlimited'} used in
                  the contract year {decision.allowance.periodStart} to {decision.allowance.periodEnd}
                </p>
              ) : null}
              <ul className="reasons">
                {decision?.reasons.map((r, i) => (
                  <li key={i}>
                    <code className="rule">{r.ruleId}</code> {r.message}
                  </li>
                ))}
              </ul>
              <p data-testid="response-due">
                <strong>Response due:</strong>{' '}
                {preview.incident.responseDueAt
                  ? `${formatInstant(preview.incident.responseDueAt)} (${countdown(preview.incident.responseDueAt, now)})`
                  : 'no committed response time'}
              </p>
              {preview.incident.billing ? (
                <p>
                  <strong>{preview.incident.billing.billable ? 'Billable' : 'Not billable'}</strong>
                  {preview.incident.billing.reasons.map((r) => (
                    <span key={r.ruleId}>
                      {' '}
                      · <code className="rule">{r.ruleId}</code> {r.message}
                    </span>
                  ))}
                </p>
              ) : null}
              {over ? (
                <fieldset className="choice" data-testid="over-allowance-choice">
                  <legend>Over the allowance: what should happen?</legend>
                  <RadioOptions
                    name="over-action"
                    options={overActions}
                    value={action}
                    onChange={setAction}
                    label={(a) => actionLabel[a] ?? humanize(a)}
                  />
                </fieldset>
              ) : null}
              {decision?.decision === 'not-entitled' ? (
                <div className="notice warn" role="note">
                  <strong>Not entitled.</strong> What to do:
                  <ul>
                    {decision.actions.map((a) => (
                      <li key={a}>{actionLabel[a] ?? humanize(a)}</li>
                    ))}
                  </ul>
                  The incident can still be recorded: it is kept and flagged, never lost.
                </div>
              ) : null}
            </>
          )}
          <ErrorLine error={error} />
          <div className="actions">
            <button type="submit" disabled={saving}>
              {saving
                ? 'Opening…'
                : decision?.decision === 'not-entitled'
                  ? 'Open it, flagged not entitled'
                  : 'Open incident'}
            </button>
            <button type="button" className="ghost" onClick={() => navigate({ name: 'queue' })}>
              Cancel
            </button>
          </div>
        </aside>
      </form>
    </section>
  )
}
