import type { Plan } from '@shared/domain'
import { ErrorLine } from '../../../ui/ErrorLine'
import { escalation, slaClock } from '@shared/policy'
import { countdown, formatInstant, humanize, severityLabel, shortId, statusLabel } from '../shared/format'
import { assigneeLabel } from '../../directory/names'
import { useDirectory } from '../../directory/useDirectory'
import { useEngine } from '../../sync/engine-context'
import { actionLabel, decisionLabel, isOverAllowanceAction } from '../shared/labels'
import { useMutate } from '../shared/useMutate'
import { AssigneeSelect } from '../assign/AssigneeSelect'
import { BulkReportNotice } from '../assign/BulkReportNotice'
import type { IncidentData } from './useIncidentData'

function clockOf(data: IncidentData, plan: Plan | undefined, now: number) {
  const i = data.incident
  if (!plan || !i.responseDueAt || !plan.responseTargets[i.severity]) return null
  try {
    const at = new Date(
      Math.max(now, Date.parse(i.openedAt), ...i.slaEvents.map((e) => Date.parse(e.at))),
    ).toISOString()
    return slaClock(
      plan,
      i.severity,
      i.openedAt,
      i.slaEvents.map((e) => ({ type: e.type, at: e.at })),
      at,
      {
        extendedHours: i.extendedHours && plan.extendedHours !== null,
        calendars: data.calendars,
      },
    )
  } catch {
    return null
  }
}

/** Status, severity, plan, response due with the SLA clock (paused while waiting on the customer), escalation. */
export function IncidentHeader({
  data,
  plan,
  now,
}: {
  data: IncidentData
  plan: Plan | undefined
  now: number
}) {
  const i = data.incident
  const clock = clockOf(data, plan, now)
  const esc =
    plan && Date.parse(i.openedAt) <= now
      ? escalation(plan, i.severity, i.openedAt, new Date(now).toISOString(), { resolvedAt: i.resolvedAt })
      : null
  const finished = i.status === 'resolved' || i.status === 'closed'
  const { run, error, busy } = useMutate()
  const names = useDirectory()
  const me = useEngine().session.user.id

  return (
    <header className="incident-header card">
      <div className="title-row">
        <code className="muted">{shortId(i.id)}</code>
        <h2 id="incident-title">{i.subject}</h2>
      </div>
      <p className="muted">
        {data.customer?.name ?? 'Unknown customer'} · {data.contact?.name ?? 'Unknown contact'}
        {data.contact?.named ? ' (named contact)' : ''} ·{' '}
        {data.license
          ? `${data.license.product} ${data.license.edition} ${data.license.major}`
          : 'No license'}
      </p>
      <dl className="facts">
        <div>
          <dt>Status</dt>
          <dd data-testid="incident-status">{statusLabel[i.status]}</dd>
        </div>
        <div>
          <dt>Severity</dt>
          <dd>
            <span className={`pill sev-${i.severity}`}>{severityLabel[i.severity]}</span>
            {i.extendedHours ? ' · extended hours' : ''}
          </dd>
        </div>
        <div>
          <dt>Assignee</dt>
          <dd data-testid="incident-assignee">{assigneeLabel(names, me, i.assigneeId)}</dd>
        </div>
        <div>
          <dt>Plan</dt>
          <dd>{plan?.label ?? 'No subscription'}</dd>
        </div>
        <div>
          <dt>Response due</dt>
          <dd data-testid="sla-clock">
            {i.respondedAt ? (
              <>Answered {formatInstant(i.respondedAt)}</>
            ) : !i.responseDueAt ? (
              'No committed response time'
            ) : clock?.state === 'paused' ? (
              <span className="due-paused">
                Paused while waiting on the customer · {Math.round(clock.remainingMinutes)} business min left
              </span>
            ) : (
              <span className={`due due-${clock?.state ?? 'running'}`}>
                {clock?.state === 'breached' ? 'Breached · ' : clock?.state === 'at-risk' ? 'At risk · ' : ''}
                {formatInstant(i.responseDueAt)} ({countdown(i.responseDueAt, now)})
              </span>
            )}
          </dd>
        </div>
        <div>
          <dt>Escalation</dt>
          <dd>
            {esc && esc.level > 0
              ? `Level ${esc.level}: ${esc.role ?? ''}${esc.contactRole ? ` · contact: ${esc.contactRole}` : ''}`
              : 'Not escalated'}
          </dd>
        </div>
        <div>
          <dt>Entitlement</dt>
          <dd
            className={`flag flag-${i.entitlement?.decision ?? 'unknown'}`}
            data-testid="incident-entitlement"
          >
            {decisionLabel[i.entitlement?.decision ?? ''] ?? '—'}
            {i.overAllowanceAction
              ? ` · ${actionLabel[i.overAllowanceAction] ?? humanize(i.overAllowanceAction)}`
              : ''}
          </dd>
        </div>
        <div>
          <dt>Billable</dt>
          <dd>
            {i.billing ? (i.billing.billable ? 'Yes' : 'No') : '—'}
            {i.billing?.reasons.map((r) => (
              <span key={r.ruleId} className="muted small">
                {' '}
                <code className="rule">{r.ruleId}</code> {r.message}
              </span>
            ))}
          </dd>
        </div>
      </dl>
      {i.entitlement && i.entitlement.decision !== 'covered' ? (
        <ul className="reasons">
          {i.entitlement.reasons.map((r, n) => (
            <li key={n}>
              <code className="rule">{r.ruleId}</code> {r.message}
            </li>
          ))}
        </ul>
      ) : null}
      {i.overAllowance && !i.overAllowanceAction ? (
        <div className="notice warn" data-testid="over-allowance-choice">
          <strong>Over the allowance.</strong> Choose what to do:{' '}
          {(i.entitlement?.actions ?? []).filter(isOverAllowanceAction).map((a) => (
            <button
              key={a}
              type="button"
              className="ghost"
              disabled={busy}
              onClick={() => void run('incident.chooseOverAllowanceAction', { incidentId: i.id, action: a })}
            >
              {actionLabel[a] ?? humanize(a)}
            </button>
          ))}
        </div>
      ) : null}
      <div className="actions">
        {i.status !== 'closed' ? (
          <span className="assign-control">
            <label htmlFor="incident-assign">Assign to</label>{' '}
            <AssigneeSelect
              id="incident-assign"
              label="Assign to"
              names={names}
              teamIds={[data.customer?.teamId ?? null]}
              me={me}
              value={i.assigneeId}
              disabled={busy}
              onChange={(assigneeId) =>
                void run('incident.assign', { incidentId: i.id, assigneeId, baseVersion: i.version })
              }
            />
            {i.assigneeId !== me ? (
              <button
                type="button"
                className="ghost"
                disabled={busy}
                onClick={() =>
                  void run('incident.assign', { incidentId: i.id, assigneeId: me, baseVersion: i.version })
                }
              >
                Assign to me
              </button>
            ) : null}
          </span>
        ) : null}
        {!finished && i.status !== 'waiting-on-customer' ? (
          <button
            type="button"
            className="ghost"
            disabled={busy}
            onClick={() =>
              void run('incident.setStatus', { incidentId: i.id, status: 'waiting-on-customer' })
            }
          >
            Wait on customer (pause SLA)
          </button>
        ) : null}
        {i.status === 'waiting-on-customer' ? (
          <button
            type="button"
            className="ghost"
            disabled={busy}
            onClick={() => void run('incident.setStatus', { incidentId: i.id, status: 'open' })}
          >
            Customer answered (resume SLA)
          </button>
        ) : null}
        {i.status === 'resolved' ? (
          <button
            type="button"
            disabled={busy}
            onClick={() => void run('incident.setStatus', { incidentId: i.id, status: 'closed' })}
          >
            Close incident
          </button>
        ) : null}
        {finished ? (
          <button
            type="button"
            className="ghost"
            disabled={busy}
            onClick={() => void run('incident.reopen', { incidentId: i.id })}
          >
            Reopen
          </button>
        ) : null}
      </div>
      <ErrorLine error={error} />
      <BulkReportNotice />
    </header>
  )
}
