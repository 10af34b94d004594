import { useMemo, useState, type ReactNode } from 'react'
import type { CsvColumn } from '@shared/csv/write'
import type { Calendar, Plan } from '@shared/domain'
import { ExportCsvButton } from '../csv/ExportCsvButton'
import { calendarToForm, duplicateCalendarForm, emptyCalendarForm, type CalendarForm } from './calendar-form'
import { CalendarDetails } from './CalendarDetails'
import { CalendarEditor } from './CalendarEditor'
import type { Catalog, Entry } from './catalog-data'
import { duplicatePlanForm, emptyPlanForm, planToForm, type PlanForm } from './plan-form'
import { PlanDetails } from './PlanDetails'
import { PlanEditor } from './PlanEditor'
import { allowancesSummary, holidaysSummary, hoursSummary, targetsSummary } from './summaries'
import { useCatalog } from './useCatalog'
import './catalog.css'
import { TableHead } from '../../ui/TableHead'

type View =
  | { name: 'list' }
  | { name: 'plan'; id: string }
  | { name: 'calendar'; id: string }
  | { name: 'edit-plan'; form: PlanForm; isNew: boolean; baseVersion: number | undefined }
  | { name: 'edit-calendar'; form: CalendarForm; isNew: boolean; baseVersion: number | undefined }

/** Every calendar a plan's clocks run on, to list the plans of a calendar. */
function calendarIdsOf(plan: Plan): string[] {
  const ids = [plan.calendarId]
  if (plan.extendedHours) ids.push(plan.extendedHours.calendarId)
  if (plan.hotline) ids.push(plan.hotline.calendarId)
  for (const t of Object.values(plan.responseTargets))
    if (t && 'calendarId' in t && t.calendarId) ids.push(t.calendarId)
  return ids
}

/**
 * Plans and calendars: the vendors' presets and the organisation's own. Admins create and edit their own (a copy
 * of a preset is the usual start); everyone else reads them, with the same deadline preview.
 */
export function CatalogScreen({ readOnly }: { readOnly: boolean }) {
  const catalog = useCatalog()
  const [view, setView] = useState<View>({ name: 'list' })
  const back = (
    <button type="button" className="link catalog-back" onClick={() => setView({ name: 'list' })}>
      ← All plans and calendars
    </button>
  )
  if (!catalog) return <section className="page">Loading plans…</section>

  const planIds = new Set(catalog.plans.map((e) => e.value.id))
  const calendarIds = new Set(catalog.calendars.map((e) => e.value.id))
  // an engineer who ends up on an editor (a role change while it was open) reads instead
  const current =
    readOnly && (view.name === 'edit-plan' || view.name === 'edit-calendar')
      ? { name: 'list' as const }
      : view

  let body
  if (current.name === 'plan' || current.name === 'calendar') {
    const entry =
      current.name === 'plan'
        ? catalog.plans.find((e) => e.value.id === current.id)
        : catalog.calendars.find((e) => e.value.id === current.id)
    body = !entry ? (
      <p className="muted">Not found: it may have been removed.</p>
    ) : current.name === 'plan' ? (
      <PlanDetails
        entry={entry as Entry<Plan>}
        calendars={catalog.calendarById}
        readOnly={readOnly}
        onOpenCalendar={(id) => setView({ name: 'calendar', id })}
        onDuplicate={() =>
          setView({
            name: 'edit-plan',
            form: duplicatePlanForm(entry.value as Plan, planIds),
            isNew: true,
            baseVersion: undefined,
          })
        }
        onEdit={() =>
          setView({
            name: 'edit-plan',
            form: planToForm(entry.value as Plan),
            isNew: false,
            baseVersion: entry.version,
          })
        }
      />
    ) : (
      <CalendarDetails
        entry={entry as Entry<Calendar>}
        plansUsing={catalog.plans.map((e) => e.value).filter((p) => calendarIdsOf(p).includes(current.id))}
        calendars={catalog.calendarById}
        readOnly={readOnly}
        onOpenPlan={(id) => setView({ name: 'plan', id })}
        onDuplicate={() =>
          setView({
            name: 'edit-calendar',
            form: duplicateCalendarForm(entry.value as Calendar, calendarIds),
            isNew: true,
            baseVersion: undefined,
          })
        }
        onEdit={() =>
          setView({
            name: 'edit-calendar',
            form: calendarToForm(entry.value as Calendar),
            isNew: false,
            baseVersion: entry.version,
          })
        }
      />
    )
  } else if (current.name === 'edit-calendar') {
    body = (
      <CalendarEditor
        initial={current.form}
        isNew={current.isNew}
        baseVersion={current.baseVersion}
        takenIds={calendarIds}
        calendars={catalog.calendarById}
        onSaved={(id) => setView({ name: 'calendar', id })}
        onCancel={() => setView(current.isNew ? { name: 'list' } : { name: 'calendar', id: current.form.id })}
      />
    )
  } else if (current.name === 'edit-plan') {
    body = (
      <PlanEditor
        initial={current.form}
        isNew={current.isNew}
        baseVersion={current.baseVersion}
        takenIds={planIds}
        calendars={catalog.calendarById}
        onSaved={(id) => setView({ name: 'plan', id })}
        onCancel={() => setView(current.isNew ? { name: 'list' } : { name: 'plan', id: current.form.id })}
      />
    )
  } else {
    body = <CatalogLists catalog={catalog} readOnly={readOnly} onOpen={setView} />
  }

  return (
    <section className="page catalog" aria-label="Plans and calendars">
      {current.name === 'list' ? (
        <>
          <div className="catalog-title">
            <h2>{readOnly ? 'Plans' : 'Plans & calendars'}</h2>
            <span className="spacer" />
            {readOnly ? null : (
              <div className="actions">
                <button
                  type="button"
                  className="ghost"
                  onClick={() =>
                    setView({
                      name: 'edit-calendar',
                      form: emptyCalendarForm(),
                      isNew: true,
                      baseVersion: undefined,
                    })
                  }
                >
                  New calendar
                </button>
                <button
                  type="button"
                  className="ghost"
                  onClick={() =>
                    setView({ name: 'edit-plan', form: emptyPlanForm(), isNew: true, baseVersion: undefined })
                  }
                >
                  New plan
                </button>
              </div>
            )}
          </div>
        </>
      ) : (
        back
      )}
      {readOnly ? (
        <p className="notice catalog-readonly" data-testid="catalog-read-only">
          Read-only: only administrators change plans and calendars. The deadline preview works for everyone.
        </p>
      ) : null}
      {catalog.invalid.length > 0 ? (
        <div className="notice warn" role="status">
          {catalog.invalid.map((i) => (
            <p key={`${i.table}-${i.id}`}>
              The saved {i.table === 'plans' ? 'plan' : 'calendar'} <code>{i.id}</code> is not valid (
              {i.problem}); an administrator must fix it.
            </p>
          ))}
        </div>
      ) : null}
      {body}
    </section>
  )
}

function CatalogLists({
  catalog,
  readOnly,
  onOpen,
}: {
  catalog: Catalog
  readOnly: boolean
  onOpen: (view: View) => void
}) {
  const plans = catalog.plans
  const calendars = catalog.calendars
  const calLabel = useMemo(
    () => (id: string) => catalog.calendarById[id]?.label ?? id,
    [catalog.calendarById],
  )
  return (
    <div className="stack">
      <CatalogList
        kind="plan"
        title="Plans"
        entries={plans}
        csvColumns={[
          { header: 'Id', value: (e) => e.value.id },
          { header: 'Plan', value: (e) => e.value.label },
          { header: 'Vendor', value: (e) => e.value.vendor },
          { header: 'Calendar', value: (e) => e.value.calendarId },
          { header: 'First response', value: (e) => targetsSummary(e.value) },
          { header: 'Allowances', value: (e) => allowancesSummary(e.value) },
          { header: 'Named contacts', value: (e) => e.value.namedContactCap ?? '' },
        ]}
        columns={['Plan', 'Vendor', 'Business hours', 'First response', 'Allowances', 'Named contacts']}
        cells={(plan) => [
          plan.vendor || '—',
          calLabel(plan.calendarId),
          targetsSummary(plan),
          allowancesSummary(plan),
          plan.namedContactCap ?? 'no cap',
        ]}
        onOpen={onOpen}
      />
      <CatalogList
        kind="calendar"
        title="Calendars"
        entries={calendars}
        csvColumns={[
          { header: 'Id', value: (e) => e.value.id },
          { header: 'Calendar', value: (e) => e.value.label },
          { header: 'Zone', value: (e) => e.value.zone },
          { header: 'Hours', value: (e) => hoursSummary(e.value) },
          { header: 'Holidays', value: (e) => holidaysSummary(e.value) },
        ]}
        columns={['Calendar', 'Time zone', 'Hours', 'Holidays']}
        note={(calendar) =>
          calendar.assumption ? (
            <span className="catalog-assumed small" title={calendar.assumption.note}>
              {' '}
              assumed <code className="rule">{calendar.assumption.ruleId}</code>
            </span>
          ) : null
        }
        cells={(calendar) => [calendar.zone, hoursSummary(calendar), holidaysSummary(calendar)]}
        onOpen={onOpen}
      />
      {readOnly ? null : (
        <p className="note">
          Presets are the vendors’ policies as written. To change one, open it and duplicate it; your copy can
          then be edited and chosen for subscriptions.
        </p>
      )}
    </div>
  )
}

/**
 * One card of the list: plans or calendars, each row opening its detail, with its source (preset or own) last
 * on screen and in the CSV.
 */
function CatalogList<T extends { id: string; label: string }>({
  kind,
  title,
  entries,
  csvColumns,
  columns,
  cells,
  note,
  onOpen,
}: {
  kind: 'plan' | 'calendar'
  title: string
  entries: Entry<T>[]
  /** the CSV's columns but the source */
  csvColumns: CsvColumn<Entry<T>>[]
  /** the table's headers but the source */
  columns: string[]
  /** the cells after the name, one per header after the first */
  cells: (value: T) => ReactNode[]
  /** what follows the name in its cell */
  note?: (value: T) => ReactNode
  onOpen: (view: View) => void
}) {
  const headingId = `catalog-${kind}s`
  return (
    <section className="card" aria-labelledby={headingId}>
      <div className="catalog-title">
        <h3 id={headingId}>
          {title} ({entries.length})
        </h3>
        <span className="spacer" />
        <ExportCsvButton
          fileName={`${kind}s`}
          rows={() => entries}
          columns={[...csvColumns, { header: 'Source', value: (e) => (e.preset ? 'preset' : 'own') }]}
        />
      </div>
      <table className="catalog-table catalog-list" aria-label={title}>
        <TableHead columns={[...columns, 'Source']} />
        <tbody>
          {entries.map((e) => (
            <tr key={e.value.id}>
              <td>
                <button type="button" className="link" onClick={() => onOpen({ name: kind, id: e.value.id })}>
                  {e.value.label}
                </button>
                {note?.(e.value)}
              </td>
              {cells(e.value).map((cell, i) => (
                <td key={i}>{cell}</td>
              ))}
              <td>
                <span className="pill">{e.preset ? 'Preset' : 'Own'}</span>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  )
}
