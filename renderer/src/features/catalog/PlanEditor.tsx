import { useMemo, type ReactNode } from 'react'
import { EditorFrame } from './EditorParts'
import {
  ANOMALY_CATEGORIES,
  ENTITLEMENT_ACTIONS,
  SEVERITIES,
  type Calendar,
  type Severity,
} from '@shared/domain'
import { humanize } from '../incidents/shared/format'
import { DeadlinePreview } from './DeadlinePreview'
import { FieldError, NamedFieldErrors } from './FieldError'
import {
  parsePlanForm,
  planFieldName,
  type AllowanceForm,
  type AllowanceKind,
  type OverAction,
  type PlanForm,
  type TargetClock,
  type TargetForm,
} from './plan-form'
import { severityName } from './summaries'
import { useEditorForm } from './useEditorForm'
import { Options } from '../../ui/Options'

const OVER_ACTIONS: readonly OverAction[] = ['bill-incident', 'downgrade', 'approve-exception']
const BILLING_MODELS: readonly PlanForm['billingModel'][] = ['included', 'support-pack', 'per-hour-estimate']
const clockLabel: Record<TargetClock, string> = {
  '': 'No committed time',
  business: 'Business minutes',
  calendar: 'Elapsed minutes (24x7)',
  'next-business-day': 'Next business day',
}

function toggle<T>(list: readonly T[], value: T, on: boolean): T[] {
  return on ? [...list.filter((x) => x !== value), value] : list.filter((x) => x !== value)
}

/** Creates or edits one of the organisation's plans; validated with PlanSchema as it is typed. */
export function PlanEditor({
  initial,
  isNew,
  baseVersion,
  takenIds,
  calendars,
  onSaved,
  onCancel,
}: {
  initial: PlanForm
  isNew: boolean
  baseVersion: number | undefined
  takenIds: ReadonlySet<string>
  calendars: Record<string, Calendar>
  onSaved: (id: string) => void
  onCancel: () => void
}) {
  const editor = useEditorForm(initial)
  const { uid, form, setForm, set, eid, submitted } = editor
  const calendarIds = useMemo(() => new Set(Object.keys(calendars)), [calendars])
  const parsed = useMemo(
    () => parsePlanForm(form, { calendarIds, takenIds: isNew ? takenIds : undefined }),
    [form, calendarIds, isNew, takenIds],
  )
  const previewPlan = useMemo(() => {
    const p = parsePlanForm({ ...form, id: 'preview', label: form.label || 'This plan' }, { calendarIds })
    return p.ok ? p.plan : null
  }, [form, calendarIds])
  const errors = parsed.ok ? {} : parsed.errors
  const { shown, field } = editor.fieldsOf(errors)
  const setTarget = (s: Severity, patch: Partial<TargetForm>) =>
    setForm((f) => ({ ...f, targets: { ...f.targets, [s]: { ...f.targets[s], ...patch } } }))
  const setAllowance = (i: number, patch: Partial<AllowanceForm>) =>
    setForm((f) => ({ ...f, allowances: f.allowances.map((a, j) => (j === i ? { ...a, ...patch } : a)) }))

  const calendarOptions = Object.values(calendars)
    .sort((a, b) => a.label.localeCompare(b.label))
    .map((c) => (
      <option key={c.id} value={c.id}>
        {c.label} ({c.id})
      </option>
    ))

  function text(key: string, label: string, value: string, onChange: (v: string) => void, extra?: ReactNode) {
    return (
      <label className="field grow">
        <span>{label}</span>
        <input value={value} onChange={(e) => onChange(e.target.value)} {...field(key)} />
        <FieldError id={eid(key)} message={shown(key)} />
        {extra}
      </label>
    )
  }

  function calendarField(key: string, label: string, value: string, onChange: (v: string) => void) {
    return (
      <label className="field grow">
        <span>{label}</span>
        <select value={value} onChange={(e) => onChange(e.target.value)} {...field(key)}>
          <option value="">Choose a calendar…</option>
          {calendarOptions}
        </select>
        <FieldError id={eid(key)} message={shown(key)} />
      </label>
    )
  }

  const save = parsed.ok
    ? async () => {
        const { plan } = parsed
        const args = baseVersion === undefined ? { plan } : { plan, baseVersion }
        if (await editor.run('plan.save', args)) onSaved(plan.id)
      }
    : null

  return (
    <EditorFrame
      editor={editor}
      noun="plan"
      isNew={isNew}
      label={initial.label}
      errors={errors}
      fieldName={planFieldName}
      save={save}
      onCancel={onCancel}
      preview={
        <DeadlinePreview
          calendar={calendars[form.calendarId] ?? null}
          plan={previewPlan}
          calendars={calendars}
          unavailable="Choose the business hours calendar to see when a response would be due."
        />
      }
    >
      <section className="card" aria-label="Plan">
        <div className="row">
          {text('label', 'Name', form.label, (v) => set({ label: v }))}
          <label className="field grow">
            <span>Id (lowercase, used by subscriptions)</span>
            <input
              value={form.id}
              readOnly={!isNew}
              onChange={(e) => set({ id: e.target.value })}
              {...field('id')}
            />
            <FieldError id={eid('id')} message={shown('id')} />
          </label>
        </div>
        <div className="row">
          {text('vendor', 'Vendor', form.vendor, (v) => set({ vendor: v }))}
          {calendarField('calendarId', 'Business hours calendar', form.calendarId, (v) =>
            set({ calendarId: v }),
          )}
        </div>
        <label className="field">
          <span>Description</span>
          <input value={form.description} onChange={(e) => set({ description: e.target.value })} />
        </label>
        <div className="row">
          {text('coverageRuleId', 'Coverage rule', form.coverageRuleId, (v) => set({ coverageRuleId: v }))}
          {text('warrantyDays', 'Warranty days (empty: none)', form.warrantyDays, (v) =>
            set({ warrantyDays: v }),
          )}
          <label className="check">
            <input
              type="checkbox"
              checked={form.lifetime}
              onChange={(e) => set({ lifetime: e.target.checked })}
            />
            <span>
              Lifetime of the subscription <code className="rule">R-ST-2</code>
            </span>
          </label>
        </div>
      </section>

      <section className="card" aria-labelledby={`${uid}-targets`}>
        <h3 id={`${uid}-targets`}>First response</h3>
        {SEVERITIES.map((s) => {
          const t = form.targets[s]
          const k = `responseTargets.${s}`
          return (
            <fieldset key={s} className="catalog-fieldset">
              <legend>{severityName[s]}</legend>
              <div className="row">
                <label className="field">
                  <span>Clock</span>
                  <select
                    aria-label={`${severityName[s]} clock`}
                    value={t.clock}
                    onChange={(e) => setTarget(s, { clock: e.target.value as TargetClock })}
                  >
                    <Options values={Object.keys(clockLabel) as TargetClock[]} label={(c) => clockLabel[c]} />
                  </select>
                </label>
                {t.clock === 'business' || t.clock === 'calendar' ? (
                  <label className="field">
                    <span>Minutes</span>
                    <input
                      aria-label={`${severityName[s]} minutes`}
                      inputMode="numeric"
                      className="catalog-minutes"
                      value={t.minutes}
                      onChange={(e) => setTarget(s, { minutes: e.target.value })}
                      {...field(`${k}.minutes`)}
                    />
                  </label>
                ) : null}
                {t.clock === 'business' || t.clock === 'next-business-day' ? (
                  <label className="field">
                    <span>On</span>
                    <select
                      aria-label={`${severityName[s]} calendar`}
                      value={t.calendarId}
                      onChange={(e) => setTarget(s, { calendarId: e.target.value })}
                    >
                      <option value="">the plan’s calendar</option>
                      {calendarOptions}
                    </select>
                  </label>
                ) : null}
                {t.clock !== '' ? (
                  <>
                    <label className="field grow">
                      <span>Wording</span>
                      <input
                        aria-label={`${severityName[s]} wording`}
                        value={t.label}
                        onChange={(e) => setTarget(s, { label: e.target.value })}
                        {...field(`${k}.label`)}
                      />
                    </label>
                    <label className="field">
                      <span>Rule</span>
                      <input
                        aria-label={`${severityName[s]} rule`}
                        className="catalog-rule-input"
                        value={t.ruleId}
                        onChange={(e) => setTarget(s, { ruleId: e.target.value })}
                        {...field(`${k}.ruleId`)}
                      />
                    </label>
                  </>
                ) : null}
              </div>
              <NamedFieldErrors
                keys={['minutes', 'label', 'ruleId'].map((part) => `${k}.${part}`)}
                shown={shown}
                eid={eid}
                nameOf={planFieldName}
              />
            </fieldset>
          )
        })}
      </section>

      <section className="card" aria-labelledby={`${uid}-allowances`}>
        <h3 id={`${uid}-allowances`}>
          Allowances <code className="rule">D-1</code>
        </h3>
        {form.allowances.length === 0 ? (
          <p className="muted small">No limit on the number of incidents.</p>
        ) : null}
        {form.allowances.map((a, i) => {
          const k = `allowances.${i}`
          const n = i + 1
          return (
            <fieldset key={i} className="catalog-fieldset">
              <legend>Allowance {n}</legend>
              <div className="row">
                <label className="field">
                  <span>Counts</span>
                  <select
                    aria-label={`Allowance ${n} counts`}
                    value={a.kind}
                    onChange={(e) => setAllowance(i, { kind: e.target.value as AllowanceKind })}
                  >
                    <option value="all">every incident</option>
                    <option value="priority">priority incidents (D-6)</option>
                    <option value="extended-hours">extended-hours incidents (R-SA-4)</option>
                  </select>
                </label>
                <label className="field">
                  <span>Per contract year</span>
                  <input
                    aria-label={`Allowance ${n} limit`}
                    className="catalog-minutes"
                    inputMode="numeric"
                    value={a.limit}
                    onChange={(e) => setAllowance(i, { limit: e.target.value })}
                    {...field(`${k}.limit`)}
                  />
                </label>
                <label className="field grow">
                  <span>Wording</span>
                  <input
                    aria-label={`Allowance ${n} wording`}
                    value={a.label}
                    onChange={(e) => setAllowance(i, { label: e.target.value })}
                    {...field(`${k}.label`)}
                  />
                </label>
                <label className="field">
                  <span>Rule</span>
                  <input
                    aria-label={`Allowance ${n} rule`}
                    className="catalog-rule-input"
                    value={a.ruleId}
                    onChange={(e) => setAllowance(i, { ruleId: e.target.value })}
                    {...field(`${k}.ruleId`)}
                  />
                </label>
                <button
                  type="button"
                  className="ghost small"
                  onClick={() => set({ allowances: form.allowances.filter((_, j) => j !== i) })}
                >
                  Remove allowance {n}
                </button>
              </div>
              <div className="row">
                <span className="small muted">
                  Once used up <code className="rule">D-2</code>:
                </span>
                {OVER_ACTIONS.map((o) => (
                  <label key={o} className="check">
                    <input
                      type="checkbox"
                      checked={a.overActions.includes(o)}
                      onChange={(e) =>
                        setAllowance(i, { overActions: toggle(a.overActions, o, e.target.checked) })
                      }
                    />
                    <span>{humanize(o)}</span>
                  </label>
                ))}
              </div>
              <NamedFieldErrors
                keys={['limit', 'label', 'ruleId', 'overActions'].map((part) => `${k}.${part}`)}
                shown={shown}
                eid={eid}
                nameOf={planFieldName}
              />
            </fieldset>
          )
        })}
        <FieldError id={eid('allowances')} message={submitted ? errors.allowances : undefined} />
        <button
          type="button"
          className="ghost small"
          onClick={() =>
            set({
              allowances: [
                ...form.allowances,
                { kind: 'all', limit: '', label: '', ruleId: '', overActions: [...OVER_ACTIONS] },
              ],
            })
          }
        >
          + Add an allowance
        </button>
      </section>

      <section className="card" aria-labelledby={`${uid}-contacts`}>
        <h3 id={`${uid}-contacts`}>Contacts, hours and hotline</h3>
        <div className="row">
          {text('namedContactCap', 'Named-contact cap (empty: no cap)', form.namedContactCap, (v) =>
            set({ namedContactCap: v }),
          )}
          {text('namedContactRuleId', 'Named-contact rule', form.namedContactRuleId, (v) =>
            set({ namedContactRuleId: v }),
          )}
        </div>
        <label className="check">
          <input
            type="checkbox"
            checked={form.extendedHours.enabled}
            onChange={(e) => set({ extendedHours: { ...form.extendedHours, enabled: e.target.checked } })}
          />
          <span>Pre-arranged extended-hours incidents</span>
        </label>
        {form.extendedHours.enabled ? (
          <div className="row">
            {calendarField(
              'extendedHours.calendarId',
              'Extended-hours calendar',
              form.extendedHours.calendarId,
              (v) => set({ extendedHours: { ...form.extendedHours, calendarId: v } }),
            )}
            {text('extendedHours.label', 'Extended-hours description', form.extendedHours.label, (v) =>
              set({ extendedHours: { ...form.extendedHours, label: v } }),
            )}
            {text('extendedHours.ruleId', 'Extended-hours rule', form.extendedHours.ruleId, (v) =>
              set({ extendedHours: { ...form.extendedHours, ruleId: v } }),
            )}
          </div>
        ) : null}
        <label className="check">
          <input
            type="checkbox"
            checked={form.hotline.enabled}
            onChange={(e) => set({ hotline: { ...form.hotline, enabled: e.target.checked } })}
          />
          <span>A phone hotline</span>
        </label>
        {form.hotline.enabled ? (
          <div className="row">
            {calendarField('hotline.calendarId', 'Hotline calendar', form.hotline.calendarId, (v) =>
              set({ hotline: { ...form.hotline, calendarId: v } }),
            )}
            {text('hotline.ruleId', 'Hotline rule', form.hotline.ruleId, (v) =>
              set({ hotline: { ...form.hotline, ruleId: v } }),
            )}
          </div>
        ) : null}
      </section>

      <section className="card" aria-labelledby={`${uid}-cover`}>
        <h3 id={`${uid}-cover`}>What it covers</h3>
        <div className="row">
          <label className="check">
            <input
              type="checkbox"
              checked={form.upgradesMinor}
              onChange={(e) => set({ upgradesMinor: e.target.checked })}
            />
            <span>Minor upgrades</span>
          </label>
          <label className="check">
            <input
              type="checkbox"
              checked={form.upgradesMajor}
              onChange={(e) => set({ upgradesMajor: e.target.checked })}
            />
            <span>Major upgrades</span>
          </label>
          <label className="field">
            <span>Billing</span>
            <select
              value={form.billingModel}
              onChange={(e) => set({ billingModel: e.target.value as PlanForm['billingModel'] })}
            >
              <Options values={BILLING_MODELS} label={(m) => humanize(m)} />
            </select>
          </label>
        </div>
        <div className="row">
          <span className="small muted">Anomaly categories covered:</span>
          {ANOMALY_CATEGORIES.map((c) => (
            <label key={c} className="check">
              <input
                type="checkbox"
                checked={form.coversAnomalies.includes(c)}
                onChange={(e) => set({ coversAnomalies: toggle(form.coversAnomalies, c, e.target.checked) })}
              />
              <span>Category {c}</span>
            </label>
          ))}
        </div>
        {form.kept.escalation || form.kept.perIncident.length > 0 ? (
          <p className="note">
            Kept from the plan this was made from:
            {form.kept.escalation ? ` the escalation ladder (${form.kept.escalation.ruleId})` : ''}
            {form.kept.perIncident.length > 0
              ? ` ${form.kept.perIncident.length} per-incident charge(s)`
              : ''}
            .
          </p>
        ) : null}
      </section>

      <section className="card" aria-labelledby={`${uid}-lapse`}>
        <h3 id={`${uid}-lapse`}>When not covered</h3>
        <div className="row">
          {text('whenNotCovered.message', 'Message when not covered', form.notCoveredMessage, (v) =>
            set({ notCoveredMessage: v }),
          )}
          {text('whenNotCovered.ruleId', 'Rule when not covered', form.notCoveredRuleId, (v) =>
            set({ notCoveredRuleId: v }),
          )}
        </div>
        <div className="row">
          <span className="small muted">Offered:</span>
          {ENTITLEMENT_ACTIONS.map((a) => (
            <label key={a} className="check">
              <input
                type="checkbox"
                checked={form.notCoveredActions.includes(a)}
                onChange={(e) =>
                  set({ notCoveredActions: toggle(form.notCoveredActions, a, e.target.checked) })
                }
              />
              <span>{humanize(a)}</span>
            </label>
          ))}
        </div>
        <label className="field">
          <span>Other benefits, one a line</span>
          <textarea rows={2} value={form.notes} onChange={(e) => set({ notes: e.target.value })} />
        </label>
        {text('ruleIds', 'Rule ids (comma-separated)', form.ruleIds, (v) => set({ ruleIds: v }))}
      </section>
    </EditorFrame>
  )
}
