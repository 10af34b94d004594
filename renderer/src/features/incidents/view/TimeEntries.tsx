import { useEffect, useState, type FormEvent } from 'react'
import { FormActions } from '../../../ui/FormActions'
import { NumberField } from '../../../ui/NumberField'
import { ErrorLine } from '../../../ui/ErrorLine'
import { v7 as uuidv7 } from 'uuid'
import { TIME_ENTRY_KINDS, type TimeEntryKind } from '@shared/domain'
import { OVERRIDE_REASON_MIN, type TimeEntryRow } from '@shared/mutations'
import { effectiveBillable, supportPackBalance } from '@shared/policy'
import { elapsedMinutes, useTimer } from '../../../stores/timer'
import { useEngine } from '../../sync/engine-context'
import { duration, formatInstant, formatMinutes, humanize } from '../shared/format'
import { EnumSelect } from '../shared/EnumSelect'
import { useMutate } from '../shared/useMutate'
import { SyncBadge } from './Timeline'
import type { IncidentData } from './useIncidentData'
import { usePackPreview } from './usePackPreview'

function TimerControl({ data }: { data: IncidentData }) {
  const { session } = useEngine()
  const me = session.user.id
  const running = useTimer((s) => s.running[me] ?? null)
  const [kind, setKind] = useState<TimeEntryKind>('investigation')
  const { run, error, busy } = useMutate()
  const [now, setNow] = useState(() => Date.now())
  const here = running?.incidentId === data.incident.id
  // tick once a second only while a timer runs here
  useTickWhile(here, setNow)
  const minutes = running ? elapsedMinutes(running.startedAt, now) : 0
  const preview = usePackPreview(data, here && minutes > 0 ? { minutes, kind } : null)
  const warning = preview.kind === 'none' ? null : preview.message

  async function stop() {
    if (!running) return
    const result = await run('timeEntry.log', {
      id: uuidv7(),
      incidentId: running.incidentId,
      minutes: elapsedMinutes(running.startedAt, Date.now()),
      kind,
      startedAt: running.startedAt,
      note: 'Timed',
    })
    if (result) useTimer.getState().stop(me)
  }

  return (
    <div className="timer" aria-live="polite">
      {here && running ? (
        <>
          <span data-testid="timer-running" className="timer-running">
            Timer running since {formatInstant(running.startedAt)} ·{' '}
            {duration(now - Date.parse(running.startedAt))}
          </span>
          <label className="field inline">
            <span>Kind</span>
            <EnumSelect value={kind} options={TIME_ENTRY_KINDS} onChange={setKind} />
          </label>
          <button type="button" onClick={() => void stop()} disabled={busy}>
            {warning ? 'Stop and log anyway' : 'Stop timer and log'}
          </button>
          <button type="button" className="ghost" onClick={() => useTimer.getState().stop(me)}>
            Discard timer
          </button>
        </>
      ) : running ? (
        <span className="muted">
          Your timer runs on <a href={`#/incident/${running.incidentId}`}>{running.subject}</a>: one timer per
          engineer.
        </span>
      ) : (
        <button
          type="button"
          onClick={() =>
            useTimer.getState().start(me, {
              incidentId: data.incident.id,
              subject: data.incident.subject,
              startedAt: new Date().toISOString(),
            })
          }
        >
          Start timer
        </button>
      )}
      {warning ? (
        <p className="notice warn" role="note">
          {warning}
        </p>
      ) : null}
      <ErrorLine error={error} />
    </div>
  )
}

function useTickWhile(active: boolean, set: (n: number) => void) {
  useEffect(() => {
    if (!active) return
    const t = setInterval(() => set(Date.now()), 1000)
    return () => clearInterval(t)
  }, [active, set])
}

function LogForm({ data }: { data: IncidentData }) {
  const [minutes, setMinutes] = useState('15')
  const [kind, setKind] = useState<TimeEntryKind>('investigation')
  const [note, setNote] = useState('')
  const { run, error, busy } = useMutate()
  const n = Number(minutes)
  const valid = Number.isInteger(n) && n > 0 && n <= 24 * 60
  // what logging this would do, from a dry run of timeEntry.log: the pack it draws from, or why it is refused
  const preview = usePackPreview(data, valid ? { minutes: n, kind } : null)
  const warning = preview.kind === 'none' ? null : preview.message

  async function submit(event: FormEvent) {
    event.preventDefault()
    if (!valid) return
    const ok = await run('timeEntry.log', {
      id: uuidv7(),
      incidentId: data.incident.id,
      minutes: n,
      kind,
      note,
    })
    if (ok) setNote('')
  }

  return (
    <form className="log-form" onSubmit={(e) => void submit(e)} aria-label="Log time">
      <div className="row">
        <NumberField
          label="Minutes"
          value={minutes}
          onChange={setMinutes}
          min={1}
          max={1440}
          aria-invalid={!valid}
        />
        <label className="field">
          <span>Kind of work</span>
          <EnumSelect value={kind} options={TIME_ENTRY_KINDS} onChange={setKind} />
        </label>
        <label className="field grow">
          <span>Note</span>
          <input value={note} onChange={(e) => setNote(e.target.value)} />
        </label>
        <button type="submit" disabled={busy || !valid}>
          {warning ? 'Log anyway' : 'Log time'}
        </button>
      </div>
      {!valid ? <p className="error">Minutes: a whole number from 1 to 1440.</p> : null}
      {warning ? (
        <p className="notice warn" role="note">
          {warning}
        </p>
      ) : null}
      {error ? (
        <p className="error" role="alert" data-testid="log-error">
          {error}
        </p>
      ) : null}
    </form>
  )
}

function OverrideForm({ entry, onDone }: { entry: TimeEntryRow & { version: number }; onDone: () => void }) {
  const current = effectiveBillable(entry).billable
  const [billable, setBillable] = useState(!current)
  const [reason, setReason] = useState('')
  const { run, error, busy } = useMutate()
  const short = reason.trim().length < OVERRIDE_REASON_MIN

  async function submit(event: FormEvent) {
    event.preventDefault()
    const ok = await run('timeEntry.overrideBillable', {
      timeEntryId: entry.id,
      billable,
      reason: reason.trim(),
      baseVersion: entry.version,
    })
    if (ok) onDone()
  }

  return (
    <form className="override" onSubmit={(e) => void submit(e)} aria-label="Override billable">
      <label className="field">
        <span>Make it</span>
        <select value={billable ? 'yes' : 'no'} onChange={(e) => setBillable(e.target.value === 'yes')}>
          <option value="yes">Billable</option>
          <option value="no">Not billable</option>
        </select>
      </label>
      <label className="field grow">
        <span>Justification (at least {OVERRIDE_REASON_MIN} characters)</span>
        <input
          value={reason}
          onChange={(e) => setReason(e.target.value)}
          aria-invalid={short && reason !== ''}
        />
      </label>
      <FormActions submit="Save override" disabled={busy || short} onCancel={onDone} inline />
      <ErrorLine error={error} />
    </form>
  )
}

function EntryRow({ entry, data }: { entry: TimeEntryRow & { version: number }; data: IncidentData }) {
  const [overriding, setOverriding] = useState(false)
  const { run } = useMutate()
  const eff = effectiveBillable(entry)
  return (
    <li className="entry" data-testid="time-entry">
      <div className="entry-head">
        <strong>{formatMinutes(entry.minutes)}</strong>
        <span>{humanize(entry.kind)}</span>
        <span className="muted small">{formatInstant(entry.startedAt)}</span>
        <span className={`pill ${eff.billable ? 'billable' : 'not-billable'}`} data-testid="entry-billable">
          {eff.billable ? 'Billable' : 'Not billable'}
        </span>
        <SyncBadge id={entry.id} table="timeEntries" data={data} version={entry.version} />
      </div>
      <p className="muted small" data-testid="entry-reason">
        {entry.billableOverride
          ? `Override: ${entry.billableOverride.reason}`
          : eff.reasons.map((r) => `${r.ruleId}: ${r.message}`).join(' ')}
      </p>
      {entry.note ? <p className="small">{entry.note}</p> : null}
      {overriding ? (
        <OverrideForm entry={entry} onDone={() => setOverriding(false)} />
      ) : (
        <div className="actions">
          <button type="button" className="ghost small" onClick={() => setOverriding(true)}>
            Override billable
          </button>
          {entry.billableOverride ? (
            <button
              type="button"
              className="ghost small"
              onClick={() =>
                void run('timeEntry.overrideBillable', {
                  timeEntryId: entry.id,
                  billable: null,
                  baseVersion: entry.version,
                })
              }
            >
              Back to the classification
            </button>
          ) : null}
        </div>
      )}
    </li>
  )
}

/** Time entries, the timer, billable classification with overrides, and the support-pack balance. */
export function TimeEntries({ data }: { data: IncidentData }) {
  const total = data.entries.reduce((n, e) => n + e.minutes, 0)
  return (
    <section className="card" aria-labelledby="time-title">
      <h3 id="time-title">Time · {formatMinutes(total)}</h3>
      <TimerControl data={data} />
      <LogForm data={data} />
      <ul className="entries">
        {data.entries.map((e) => (
          <EntryRow key={e.id} entry={e} data={data} />
        ))}
      </ul>
      <div className="packs" aria-label="Support packs">
        {data.packs.length === 0 ? (
          <p className="muted small">No support pack for this customer.</p>
        ) : (
          data.packs.map((p) => {
            const b = supportPackBalance(
              p,
              data.packEntries.filter((e) => e.supportPackId === p.id),
            )
            return (
              <p key={p.id} className={b.overdrawn ? 'error' : ''} data-testid="pack-balance">
                {p.label || 'Support pack'}: {formatMinutes(b.remaining)} left of {formatMinutes(b.purchased)}
                {b.overdrawn ? ' · overdrawn' : ''}
              </p>
            )
          })
        )}
      </div>
    </section>
  )
}
