import { SEVERITIES, type Calendar, type Plan } from '@shared/domain'
import { DetailFrame } from './EditorParts'
import { humanize } from '../incidents/shared/format'
import type { Entry } from './catalog-data'
import { RuleCodes } from './CalendarDetails'
import { DeadlinePreview } from './DeadlinePreview'
import { severityName, targetText } from './summaries'

function Fact({ label, children }: { label: string; children: React.ReactNode }) {
  return (
    <div>
      <dt>{label}</dt>
      <dd>{children}</dd>
    </div>
  )
}

/** One plan's terms as data, each with the rule it encodes. */
export function PlanDetails({
  entry,
  calendars,
  readOnly,
  onEdit,
  onDuplicate,
  onOpenCalendar,
}: {
  entry: Entry<Plan>
  calendars: Record<string, Calendar>
  readOnly: boolean
  onEdit: () => void
  onDuplicate: () => void
  onOpenCalendar: (id: string) => void
}) {
  const plan = entry.value
  const calLink = (id: string) => (
    <button type="button" className="link" onClick={() => onOpenCalendar(id)}>
      {calendars[id]?.label ?? id}
    </button>
  )
  return (
    <DetailFrame
      entry={entry}
      noun="plan"
      readOnly={readOnly}
      onEdit={onEdit}
      onDuplicate={onDuplicate}
      preview={
        <DeadlinePreview calendar={calendars[plan.calendarId] ?? null} plan={plan} calendars={calendars} />
      }
    >
      <section className="card" aria-label="Terms">
        <dl className="facts">
          <Fact label="Id">
            <code>{plan.id}</code>
          </Fact>
          <Fact label="Vendor">{plan.vendor || '—'}</Fact>
          <Fact label="Business hours">{calLink(plan.calendarId)}</Fact>
          <Fact label="Coverage">
            {plan.lifetime ? 'For the lifetime of the subscription' : 'While the subscription is active'}{' '}
            <code className="rule">{plan.coverageRuleId}</code>
          </Fact>
          <Fact label="Warranty">
            {plan.warrantyDays === null ? '—' : `${plan.warrantyDays} days from the license purchase`}
          </Fact>
          <Fact label="Named contacts">
            {plan.namedContactCap === null ? 'No cap' : `Up to ${plan.namedContactCap}`}{' '}
            {plan.namedContactRuleId ? <code className="rule">{plan.namedContactRuleId}</code> : null}
          </Fact>
          <Fact label="Upgrades">
            {[plan.upgrades.minor ? 'minor' : null, plan.upgrades.major ? 'major' : null]
              .filter(Boolean)
              .join(' and ') || 'none'}
          </Fact>
          <Fact label="Billing">{humanize(plan.billing.model)}</Fact>
          <Fact label="Anomalies covered">
            {plan.coversAnomalies.length ? plan.coversAnomalies.join(', ') : '—'}
          </Fact>
          <Fact label="Hotline">
            {plan.hotline ? (
              <>
                {calLink(plan.hotline.calendarId)} <code className="rule">{plan.hotline.ruleId}</code>
              </>
            ) : (
              '—'
            )}
          </Fact>
          <Fact label="Rules">
            <RuleCodes ids={plan.ruleIds} />
          </Fact>
        </dl>
      </section>
      <section className="card" aria-labelledby="plan-targets">
        <h3 id="plan-targets">First response</h3>
        <table className="catalog-table">
          <tbody>
            {SEVERITIES.map((s) => {
              const t = plan.responseTargets[s]
              return (
                <tr key={s}>
                  <th scope="row">{severityName[s]}</th>
                  <td>
                    {t ? (
                      <>
                        {targetText(t)}
                        {'calendarId' in t && t.calendarId ? <> on {calLink(t.calendarId)}</> : null}{' '}
                        <code className="rule">{t.ruleId}</code>
                        <div className="muted small">{t.label}</div>
                      </>
                    ) : (
                      <span className="muted">no committed response time</span>
                    )}
                  </td>
                </tr>
              )
            })}
          </tbody>
        </table>
      </section>
      <section className="card" aria-labelledby="plan-allowances">
        <h3 id="plan-allowances">Allowances</h3>
        {plan.allowances.length === 0 ? <p className="muted">No limit on the number of incidents.</p> : null}
        <ul>
          {plan.allowances.map((a, i) => (
            <li key={i}>
              {a.label}: {a.limit} {a.kind === 'all' ? 'incidents' : `${a.kind} incidents`} per contract year{' '}
              <code className="rule">{a.ruleId}</code>
              <div className="muted small">
                Once used up: {a.overActions.map(humanize).join(', ')} <code className="rule">D-2</code>
              </div>
            </li>
          ))}
        </ul>
        {plan.extendedHours ? (
          <p>
            Extended hours: {plan.extendedHours.label} ({calLink(plan.extendedHours.calendarId)}){' '}
            <code className="rule">{plan.extendedHours.ruleId}</code>
          </p>
        ) : null}
      </section>
      {plan.escalation || plan.billing.perIncident.length > 0 ? (
        <section className="card" aria-labelledby="plan-more">
          <h3 id="plan-more">Escalation and charges</h3>
          {plan.escalation ? (
            <p>
              {plan.escalation.severities.map((s) => severityName[s]).join(', ')} incidents escalate every{' '}
              {plan.escalation.everyHours} h: {plan.escalation.roles.join(' → ')}; the customer speaks to the{' '}
              {plan.escalation.contactRole}. <code className="rule">{plan.escalation.ruleId}</code>
            </p>
          ) : null}
          <ul>
            {plan.billing.perIncident.map((c) => (
              <li key={c.severity}>
                {c.label} <code className="rule">{c.ruleId}</code>
              </li>
            ))}
          </ul>
        </section>
      ) : null}
      <section className="card" aria-labelledby="plan-lapse">
        <h3 id="plan-lapse">When not covered</h3>
        <p>
          “{plan.whenNotCovered.message}” <code className="rule">{plan.whenNotCovered.ruleId}</code>
        </p>
        <p className="muted small">
          Offered: {plan.whenNotCovered.actions.map(humanize).join(', ') || 'nothing'}
        </p>
        {plan.notes.length > 0 ? (
          <ul>
            {plan.notes.map((n) => (
              <li key={n}>{n}</li>
            ))}
          </ul>
        ) : null}
      </section>
    </DetailFrame>
  )
}
