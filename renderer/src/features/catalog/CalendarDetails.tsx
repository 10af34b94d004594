import { WEEKDAYS, type Calendar, type Plan } from '@shared/domain'
import { DetailFrame } from './EditorParts'
import type { Entry } from './catalog-data'
import { weekdayLabel } from './calendar-form'
import { DeadlinePreview } from './DeadlinePreview'
import { GeneratedHolidays } from './GeneratedHolidays'

export function RuleCodes({ ids }: { ids: readonly string[] }) {
  return (
    <>
      {ids.map((r) => (
        <code key={r} className="rule">
          {r}
        </code>
      ))}
    </>
  )
}

/** One calendar, as it is: zone, weekly hours, holidays, and a preview of its deadlines. */
export function CalendarDetails({
  entry,
  plansUsing,
  calendars,
  readOnly,
  onEdit,
  onDuplicate,
  onOpenPlan,
}: {
  entry: Entry<Calendar>
  plansUsing: Plan[]
  calendars: Record<string, Calendar>
  readOnly: boolean
  onEdit: () => void
  onDuplicate: () => void
  onOpenPlan: (id: string) => void
}) {
  const cal = entry.value
  return (
    <DetailFrame
      entry={entry}
      noun="calendar"
      readOnly={readOnly}
      onEdit={onEdit}
      onDuplicate={onDuplicate}
      notices={
        <>
          {cal.assumption ? (
            <p className="notice warn">
              <code className="rule">{cal.assumption.ruleId}</code> Assumption: {cal.assumption.note}
            </p>
          ) : null}
          {!readOnly && entry.preset ? (
            <p className="note">
              A preset is the vendor’s policy as written: duplicate it to make your own version.
            </p>
          ) : null}
        </>
      }
      preview={<DeadlinePreview calendar={cal} calendars={calendars} />}
    >
      <section className="card" aria-label="Hours">
        <dl className="facts">
          <div>
            <dt>Id</dt>
            <dd>
              <code>{cal.id}</code>
            </dd>
          </div>
          <div>
            <dt>Time zone</dt>
            <dd>{cal.zone}</dd>
          </div>
          <div>
            <dt>Rules</dt>
            <dd>
              <RuleCodes ids={cal.ruleIds} />
            </dd>
          </div>
        </dl>
        {cal.alwaysOpen ? (
          <p>
            Always open (24x7): plain elapsed time, holidays included <code className="rule">R-CAL-6</code>.
          </p>
        ) : (
          <table className="catalog-table" aria-label="Weekly hours">
            <tbody>
              {WEEKDAYS.map((d) => (
                <tr key={d}>
                  <th scope="row">{weekdayLabel[d]}</th>
                  <td>
                    {cal.hours[d].length === 0 ? (
                      <span className="muted">closed</span>
                    ) : (
                      cal.hours[d].map((iv) => `${iv.start}–${iv.end}`).join(', ')
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </section>
      {cal.alwaysOpen ? null : (
        <section className="card" aria-labelledby="cal-holidays">
          <h3 id="cal-holidays">Holidays</h3>
          {cal.holidays.dates.length === 0 && cal.holidays.countries.length === 0 ? (
            <p className="muted">No holidays stated: every weekday with hours is open.</p>
          ) : null}
          {cal.holidays.dates.length > 0 ? <p>Dates: {cal.holidays.dates.join(', ')}</p> : null}
          <GeneratedHolidays countries={cal.holidays.countries} />
        </section>
      )}
      <section className="card" aria-labelledby="cal-plans">
        <h3 id="cal-plans">Plans on this calendar</h3>
        {plansUsing.length === 0 ? (
          <p className="muted">No plan uses it.</p>
        ) : (
          <ul>
            {plansUsing.map((p) => (
              <li key={p.id}>
                <button type="button" className="link" onClick={() => onOpenPlan(p.id)}>
                  {p.label}
                </button>
              </li>
            ))}
          </ul>
        )}
      </section>
    </DetailFrame>
  )
}
