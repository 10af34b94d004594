import { useMemo } from 'react'
import { EditorFrame } from './EditorParts'
import { WEEKDAYS, type Calendar, type Weekday } from '@shared/domain'
import {
  HOLIDAY_COUNTRY_CODES,
  calendarFieldName,
  parseCalendarForm,
  weekdayLabel,
  type CalendarForm,
} from './calendar-form'
import { DeadlinePreview } from './DeadlinePreview'
import { FieldError, NamedFieldErrors } from './FieldError'
import { GeneratedHolidays } from './GeneratedHolidays'
import { useEditorForm } from './useEditorForm'

const countryName: Record<string, string> = {
  FR: 'France (FR) public holidays',
  US: 'United States (US) federal holidays',
}

/** Every IANA zone the browser knows, for the zone box's suggestions (luxon validates what is typed). */
const zones: readonly string[] = (() => {
  try {
    return Intl.supportedValuesOf('timeZone')
  } catch {
    return []
  }
})()

/**
 * Creates or edits one of the organisation's calendars. The calendar being typed is validated with the domain
 * schema as it changes, and the preview runs on it, so the deadline moves as the hours do.
 */
export function CalendarEditor({
  initial,
  isNew,
  baseVersion,
  takenIds,
  calendars,
  onSaved,
  onCancel,
}: {
  initial: CalendarForm
  isNew: boolean
  baseVersion: number | undefined
  /** ids a new calendar may not take */
  takenIds: ReadonlySet<string>
  calendars: Record<string, Calendar>
  onSaved: (id: string) => void
  onCancel: () => void
}) {
  const editor = useEditorForm(initial)
  const { uid, form, setForm, set, eid, submitted } = editor
  const parsed = useMemo(() => parseCalendarForm(form, isNew ? takenIds : new Set()), [form, isNew, takenIds])
  const errors = parsed.ok ? {} : parsed.errors
  // the preview needs only the hours, zone and holidays: a missing name or id must not hide it
  const previewCalendar = useMemo(() => {
    const p = parseCalendarForm({ ...form, id: 'preview', label: form.label || 'This calendar' })
    return p.ok ? p.calendar : null
  }, [form])
  const { shown, field } = editor.fieldsOf(errors, true)
  /** an interval's box is also described by its day's overlap error, which belongs to no single box */
  const intervalField = (day: Weekday, key: string) => {
    const own = shown(key)
    const dayError = shown(`hours.${day}`)
    const ids = [own ? eid(key) : null, dayError ? eid(`hours.${day}`) : null].filter(Boolean)
    return {
      onBlur: editor.touch(key),
      ...(ids.length > 0 ? { 'aria-invalid': true as const, 'aria-describedby': ids.join(' ') } : {}),
    }
  }

  const setDay = (
    day: Weekday,
    update: (list: CalendarForm['hours'][Weekday]) => CalendarForm['hours'][Weekday],
  ) => setForm((f) => ({ ...f, hours: { ...f.hours, [day]: update(f.hours[day]) } }))

  const save = parsed.ok
    ? async () => {
        const { calendar } = parsed
        const args = baseVersion === undefined ? { calendar } : { calendar, baseVersion }
        if (await editor.run('calendar.save', args)) onSaved(calendar.id)
      }
    : null

  return (
    <EditorFrame
      editor={editor}
      noun="calendar"
      isNew={isNew}
      label={initial.label}
      errors={errors}
      fieldName={calendarFieldName}
      save={save}
      onCancel={onCancel}
      preview={<DeadlinePreview calendar={previewCalendar} calendars={calendars} />}
    >
      <section className="card" aria-label="Name and zone">
        <div className="row">
          <label className="field grow">
            <span>Name</span>
            <input value={form.label} onChange={(e) => set({ label: e.target.value })} {...field('label')} />
            <FieldError id={eid('label')} message={shown('label')} />
          </label>
          <label className="field grow">
            <span>Id (lowercase, used by plans)</span>
            <input
              value={form.id}
              readOnly={!isNew}
              onChange={(e) => set({ id: e.target.value })}
              {...field('id')}
            />
            <FieldError id={eid('id')} message={shown('id')} />
          </label>
        </div>
        <label className="field">
          <span>Description</span>
          <input value={form.description} onChange={(e) => set({ description: e.target.value })} />
        </label>
        <div className="row">
          <label className="field grow">
            <span>Time zone (IANA, e.g. Europe/Paris)</span>
            <input
              value={form.zone}
              list={`${uid}-zones`}
              onChange={(e) => set({ zone: e.target.value })}
              {...field('zone')}
            />
            <datalist id={`${uid}-zones`}>
              {zones.map((z) => (
                <option key={z} value={z} />
              ))}
            </datalist>
            <FieldError id={eid('zone')} message={shown('zone')} />
          </label>
          <label className="check">
            <input
              type="checkbox"
              checked={form.alwaysOpen}
              onChange={(e) => set({ alwaysOpen: e.target.checked })}
            />
            <span>
              Always open (24x7) <code className="rule">R-CAL-6</code>
            </span>
          </label>
        </div>
      </section>

      {form.alwaysOpen ? null : (
        <section className="card" aria-labelledby={`${uid}-hours`}>
          <h3 id={`${uid}-hours`}>
            Weekly hours <code className="rule">R-CAL-1</code>
          </h3>
          <p className="note">
            HH:mm on the 24-hour clock, in the calendar’s zone; 24:00 ends a day. Several intervals a day make
            a lunch break.
          </p>
          <table className="catalog-table catalog-week">
            <tbody>
              {WEEKDAYS.map((day) => {
                const name = weekdayLabel[day]
                return (
                  <tr key={day}>
                    <th scope="row">{name}</th>
                    <td>
                      <div className="catalog-intervals">
                        {form.hours[day].length === 0 ? <span className="muted small">closed</span> : null}
                        {form.hours[day].map((iv, i) => {
                          const base = `hours.${day}.${i}`
                          return (
                            <span key={i} className="catalog-interval">
                              <input
                                aria-label={`${name} interval ${i + 1} start`}
                                placeholder="09:00"
                                value={iv.start}
                                onChange={(e) =>
                                  setDay(day, (l) =>
                                    l.map((x, j) => (j === i ? { ...x, start: e.target.value } : x)),
                                  )
                                }
                                {...intervalField(day, `${base}.start`)}
                              />
                              <span aria-hidden="true">–</span>
                              <input
                                aria-label={`${name} interval ${i + 1} end`}
                                placeholder="17:00"
                                value={iv.end}
                                onChange={(e) =>
                                  setDay(day, (l) =>
                                    l.map((x, j) => (j === i ? { ...x, end: e.target.value } : x)),
                                  )
                                }
                                {...intervalField(day, `${base}.end`)}
                              />
                              <button
                                type="button"
                                className="ghost small"
                                aria-label={`Remove ${name} interval ${i + 1}`}
                                onClick={() => setDay(day, (l) => l.filter((_, j) => j !== i))}
                              >
                                ×
                              </button>
                            </span>
                          )
                        })}
                        <button
                          type="button"
                          className="ghost small"
                          aria-label={`Add an interval on ${name}`}
                          onClick={() => {
                            const last = form.hours[day].at(-1)
                            setDay(day, (l) => [
                              ...l,
                              last ? { start: last.end, end: '' } : { start: '09:00', end: '17:00' },
                            ])
                          }}
                        >
                          + Add
                        </button>
                        {day === 'mon' ? (
                          <button
                            type="button"
                            className="ghost small"
                            onClick={() =>
                              setForm((f) => ({
                                ...f,
                                hours: {
                                  ...f.hours,
                                  tue: f.hours.mon.map((x) => ({ ...x })),
                                  wed: f.hours.mon.map((x) => ({ ...x })),
                                  thu: f.hours.mon.map((x) => ({ ...x })),
                                  fri: f.hours.mon.map((x) => ({ ...x })),
                                },
                              }))
                            }
                          >
                            Copy Monday to Tuesday–Friday
                          </button>
                        ) : null}
                      </div>
                      <FieldError id={eid(`hours.${day}`)} message={shown(`hours.${day}`)} />
                      <NamedFieldErrors
                        keys={form.hours[day].flatMap((_, i) => [
                          `hours.${day}.${i}.start`,
                          `hours.${day}.${i}.end`,
                        ])}
                        shown={shown}
                        eid={eid}
                        nameOf={calendarFieldName}
                      />
                    </td>
                  </tr>
                )
              })}
            </tbody>
          </table>
          <FieldError id={eid('hours')} message={submitted ? errors.hours : undefined} />
        </section>
      )}

      {form.alwaysOpen ? null : (
        <section className="card" aria-labelledby={`${uid}-holidays`}>
          <h3 id={`${uid}-holidays`}>
            Holidays <code className="rule">R-CAL-5</code>
          </h3>
          <fieldset className="catalog-countries">
            <legend className="small muted">Public holidays generated every year</legend>
            {HOLIDAY_COUNTRY_CODES.map((c) => (
              <label key={c} className="check">
                <input
                  type="checkbox"
                  checked={form.countries.includes(c)}
                  onChange={(e) =>
                    set({
                      countries: e.target.checked
                        ? [...form.countries, c]
                        : form.countries.filter((x) => x !== c),
                    })
                  }
                />
                <span>{countryName[c] ?? c}</span>
              </label>
            ))}
          </fieldset>
          <label className="field">
            <span>Other closed dates, one a line (YYYY-MM-DD)</span>
            <textarea
              rows={3}
              value={form.holidayDates}
              onChange={(e) => set({ holidayDates: e.target.value })}
              {...field('holidayDates')}
            />
            <FieldError id={eid('holidayDates')} message={shown('holidayDates')} />
          </label>
          <GeneratedHolidays countries={form.countries} />
        </section>
      )}
    </EditorFrame>
  )
}
