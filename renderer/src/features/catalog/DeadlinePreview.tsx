import { useId, useMemo, useState } from 'react'
import { NumberField } from '../../ui/NumberField'
import { DateTime } from 'luxon'
import { SEVERITIES, type Calendar, type Plan, type Severity } from '@shared/domain'
import { formatIn, previewDeadline, type PreviewTarget } from './preview'
import { severityName, targetText } from './summaries'

/** The coming Friday at 16:00 in the zone: a start whose deadline usually crosses a weekend, the case to check. */
function defaultStart(zone: string): string {
  const now = DateTime.now().setZone(zone)
  const base = now.isValid ? now : DateTime.now()
  const friday = base.plus({ days: (5 - base.weekday + 7) % 7 }).set({ hour: 16, minute: 0, second: 0 })
  return friday.toFormat("yyyy-MM-dd'T'HH:mm")
}

function dayText(date: string): string {
  return DateTime.fromISO(date).toFormat('ccc d LLL')
}

/**
 * While a calendar or plan is edited (or read): when a response started at a chosen time is due, computed by
 * shared/policy over exactly what is on screen. `calendar` null means the form does not validate yet.
 */
export function DeadlinePreview({
  calendar,
  plan,
  calendars,
  unavailable = 'Fix the calendar’s errors to see when a response would be due.',
}: {
  calendar: Calendar | null
  /** a plan: its severities' targets can be previewed too */
  plan?: Plan | null
  calendars: Record<string, Calendar>
  /** what to say while there is no valid calendar to count on */
  unavailable?: string
}) {
  const id = useId()
  const [start, setStart] = useState(() => defaultStart(calendar?.zone ?? 'UTC'))
  const firstSeverity = plan ? SEVERITIES.find((s) => plan.responseTargets[s]) : undefined
  const [mode, setMode] = useState<Severity | 'minutes'>(firstSeverity ?? 'minutes')
  const [minutes, setMinutes] = useState('120')
  const usable = mode === 'minutes' || (plan && plan.responseTargets[mode]) ? mode : 'minutes'

  const result = useMemo(() => {
    if (!calendar) return null
    const target: PreviewTarget =
      usable === 'minutes' || !plan
        ? { kind: 'minutes', minutes: minutes.trim() === '' ? NaN : Number(minutes) }
        : { kind: 'severity', plan, severity: usable, calendars }
    return previewDeadline(calendar, start, target)
  }, [calendar, plan, calendars, start, usable, minutes])

  return (
    <section className="card catalog-preview" aria-labelledby={`${id}-title`} data-testid="deadline-preview">
      <h3 id={`${id}-title`}>
        Deadline preview <code className="rule">R-CAL-6</code>
      </h3>
      <div className="row">
        <label className="field grow">
          <span>Start ({calendar?.zone ?? 'calendar zone'})</span>
          <input type="datetime-local" value={start} onChange={(e) => setStart(e.target.value)} />
        </label>
        {plan ? (
          <label className="field">
            <span>Target</span>
            <select value={usable} onChange={(e) => setMode(e.target.value as Severity | 'minutes')}>
              {SEVERITIES.filter((s) => plan.responseTargets[s]).map((s) => (
                <option key={s} value={s}>
                  {severityName[s]}: {targetText(plan.responseTargets[s]!)}
                </option>
              ))}
              <option value="minutes">A number of business minutes</option>
            </select>
          </label>
        ) : null}
        {usable === 'minutes' ? (
          <NumberField
            label="Business minutes"
            value={minutes}
            onChange={setMinutes}
            min={0}
            step={1}
            className="catalog-minutes"
          />
        ) : null}
      </div>
      <div aria-live="polite">
        {!calendar ? (
          <p className="muted">{unavailable}</p>
        ) : !result ? null : !result.ok ? (
          <p className="error" role="alert">
            {result.message}
          </p>
        ) : (
          <>
            {result.preview.closedAtStart ? (
              <p className="notice warn" data-testid="preview-closed">
                Closed at the start: the clock waits until it opens,{' '}
                <strong>{formatIn(result.preview.opensAt!, result.preview.zone)}</strong>.
              </p>
            ) : null}
            <p className="catalog-due">
              Response due{' '}
              <strong data-testid="preview-due">{formatIn(result.preview.dueAt, result.preview.zone)}</strong>{' '}
              <span className="muted small">({result.preview.zone})</span>{' '}
              <code className="rule">{result.preview.ruleId}</code>
            </p>
            {result.preview.targetLabel ? <p className="muted small">{result.preview.targetLabel}</p> : null}
            <p className="muted small">Counted on the “{result.preview.clockLabel}” calendar.</p>
            {result.preview.skipped.length > 0 ? (
              <p data-testid="preview-skipped" className="small">
                Skipped:{' '}
                {result.preview.skipped.map((d, i) => (
                  <span key={d.date} className={d.reason === 'holiday' ? 'catalog-holiday' : undefined}>
                    {i > 0 ? ', ' : ''}
                    {dayText(d.date)} ({d.reason === 'holiday' ? 'holiday' : 'closed'})
                  </span>
                ))}
                {result.preview.moreSkipped > 0 ? ` and ${result.preview.moreSkipped} more days` : ''}
              </p>
            ) : (
              <p className="muted small" data-testid="preview-skipped">
                No closed day in between.
              </p>
            )}
          </>
        )}
      </div>
    </section>
  )
}
