import { useMemo, useState, type FormEvent } from 'react'
import { v7 as uuidv7 } from 'uuid'
import type { Calendar, License, Plan, Subscription } from '@shared/domain'
import { useMutate } from '../incidents/shared/useMutate'
import { formatDate } from './dates'
import { defaultEnd, planTodayOf, reinstateDates, stateLabel, subscriptionView } from './subscription-model'
import { ErrorLine } from '../../ui/ErrorLine'

type SubscriptionItem = Subscription & { version: number }

function licenseLabel(l: License): string {
  return `${l.product} ${l.edition} ${l.major}.${l.minor}`
}

function SubscriptionItemView({
  sub,
  plan,
  license,
  today,
}: {
  sub: SubscriptionItem
  plan: Plan | undefined
  license: License | undefined
  today: string
}) {
  const v = subscriptionView(sub, plan, today, license?.purchasedAt ?? null)
  const { run, error, busy } = useMutate()
  const [confirmCancel, setConfirmCancel] = useState(false)
  const reinstate = reinstateDates(plan, today)
  // a local, so the click handler keeps the narrowing to a date
  const renewEnd = v.renewEnd
  return (
    <li className="subscription" data-testid="subscription">
      <div className="contact-head">
        <strong>{v.planLabel}</strong>
        <span className={`pill state-${v.state}`} data-testid="subscription-state">
          {stateLabel[v.state]}
        </span>
        {v.ruleId ? <code className="rule">{v.ruleId}</code> : null}
      </div>
      <p className="small" data-testid="subscription-period">
        {v.period}
        {license ? ` · license ${licenseLabel(license)}` : ' · the whole customer (no license)'}
      </p>
      {v.warranty ? (
        <p className="small" data-testid="subscription-warranty">
          {v.warranty}
        </p>
      ) : null}
      <div className="actions">
        {v.canRenew && renewEnd ? (
          <button
            type="button"
            className="ghost small"
            disabled={busy}
            onClick={() => void run('subscription.renew', { subscriptionId: sub.id, end: renewEnd })}
          >
            Renew to {formatDate(renewEnd)}
          </button>
        ) : null}
        {v.canReinstate ? (
          <button
            type="button"
            className="ghost small"
            disabled={busy}
            onClick={() =>
              void run('subscription.reinstate', {
                subscriptionId: sub.id,
                start: reinstate.start,
                end: reinstate.end,
              })
            }
          >
            Reinstate from {formatDate(reinstate.start)}
            {reinstate.end ? ` to ${formatDate(reinstate.end)}` : ''}
          </button>
        ) : null}
        {v.canCancel ? (
          confirmCancel ? (
            <>
              <button
                type="button"
                className="danger small"
                disabled={busy}
                onClick={() =>
                  void run('subscription.cancel', { subscriptionId: sub.id }).then(() =>
                    setConfirmCancel(false),
                  )
                }
              >
                Yes, cancel {v.planLabel}
              </button>
              <button type="button" className="ghost small" onClick={() => setConfirmCancel(false)}>
                Keep it
              </button>
            </>
          ) : (
            <button type="button" className="ghost small" onClick={() => setConfirmCancel(true)}>
              Cancel subscription
            </button>
          )
        ) : null}
      </div>
      <ErrorLine error={error} />
    </li>
  )
}

function BuySubscription({
  customerId,
  plans,
  licenses,
  calendars,
  nowMs,
}: {
  customerId: string
  plans: ReadonlyMap<string, Plan>
  licenses: License[]
  calendars: Record<string, Calendar>
  nowMs: number
}) {
  const options = useMemo(
    () =>
      [...plans.values()].sort((a, b) => a.vendor.localeCompare(b.vendor) || a.label.localeCompare(b.label)),
    [plans],
  )
  const [planId, setPlanId] = useState('')
  const [licenseId, setLicenseId] = useState('')
  const plan = plans.get(planId)
  const today = planTodayOf(plan, calendars, nowMs)
  const [start, setStart] = useState<string | null>(null)
  const [end, setEnd] = useState<string | null>(null)
  const startValue = start ?? today
  const endValue = plan?.lifetime ? '' : (end ?? defaultEnd(plan, startValue) ?? '')
  const { run, error, busy } = useMutate()
  const badEnd = !plan?.lifetime && endValue !== '' && endValue < startValue

  async function submit(event: FormEvent) {
    event.preventDefault()
    if (!plan) return
    const ok = await run('subscription.buy', {
      id: uuidv7(),
      customerId,
      licenseId: licenseId || null,
      planId,
      start: startValue,
      ...(plan.lifetime ? {} : { end: endValue || null }),
    })
    if (ok) {
      setPlanId('')
      setStart(null)
      setEnd(null)
    }
  }

  return (
    <form className="buy-subscription" aria-label="Buy a subscription" onSubmit={(e) => void submit(e)}>
      <div className="row">
        <label className="field grow">
          <span>Plan</span>
          <select value={planId} onChange={(e) => setPlanId(e.target.value)}>
            <option value="">Choose a plan…</option>
            {options.map((p) => (
              <option key={p.id} value={p.id}>
                {p.label}
                {p.lifetime ? ' (lifetime)' : ''}
              </option>
            ))}
          </select>
        </label>
        <label className="field">
          <span>License</span>
          <select value={licenseId} onChange={(e) => setLicenseId(e.target.value)}>
            <option value="">None (the whole customer)</option>
            {licenses.map((l) => (
              <option key={l.id} value={l.id}>
                {licenseLabel(l)}
              </option>
            ))}
          </select>
        </label>
      </div>
      <div className="row">
        <label className="field">
          <span>Start</span>
          <input type="date" value={startValue} onChange={(e) => setStart(e.target.value || null)} required />
        </label>
        {plan?.lifetime ? (
          <p className="muted small lifetime-note">
            Lifetime: no end date while it is active ({plan.coverageRuleId}).
          </p>
        ) : (
          <label className="field">
            <span>End (last day covered)</span>
            <input
              type="date"
              value={endValue}
              onChange={(e) => setEnd(e.target.value || null)}
              aria-invalid={badEnd}
            />
          </label>
        )}
        <button type="submit" disabled={busy || !plan || badEnd}>
          Buy subscription
        </button>
      </div>
      {plan ? (
        <p className="muted small">
          {plan.description}
          {plan.warrantyDays
            ? ` Warranty: ${plan.warrantyDays} days from purchase (${plan.coverageRuleId}).`
            : ''}
        </p>
      ) : null}
      {badEnd ? <p className="error">End: the last day covered can’t be before the start.</p> : null}
      <ErrorLine error={error} />
    </form>
  )
}

/** Subscriptions with their dates and status; buy, renew, reinstate, cancel (shared/mutations/subscriptions.ts). */
export function SubscriptionsPanel({
  customerId,
  subscriptions,
  licenses,
  plans,
  calendars,
  nowMs,
}: {
  customerId: string
  subscriptions: SubscriptionItem[]
  licenses: License[]
  plans: ReadonlyMap<string, Plan>
  calendars: Record<string, Calendar>
  nowMs: number
}) {
  const byId = new Map(licenses.map((l) => [l.id, l]))
  return (
    <section className="card" aria-labelledby="subs-title">
      <h3 id="subs-title">Subscriptions</h3>
      {subscriptions.length === 0 ? (
        <p className="muted">No subscription: this customer is not covered.</p>
      ) : null}
      <ul className="subscriptions">
        {subscriptions.map((s) => {
          const plan = plans.get(s.planId)
          return (
            <SubscriptionItemView
              key={s.id}
              sub={s}
              plan={plan}
              license={s.licenseId ? byId.get(s.licenseId) : undefined}
              today={planTodayOf(plan, calendars, nowMs)}
            />
          )
        })}
      </ul>
      <BuySubscription
        customerId={customerId}
        plans={plans}
        licenses={licenses}
        calendars={calendars}
        nowMs={nowMs}
      />
    </section>
  )
}
