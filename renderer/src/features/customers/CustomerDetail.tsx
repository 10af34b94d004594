import { useMemo, useState } from 'react'
import { NotFoundPage } from '../../ui/NotFoundPage'
import { hrefOf } from '../../stores/route'
import { calendarIndex, planIndex } from '../incidents/shared/catalog'
import { formatInstant, severityLabel, statusLabel } from '../incidents/shared/format'
import { useNow } from '../incidents/shared/useNow'
import { useEngine } from '../sync/engine-context'
import { useDirectory } from '../directory/useDirectory'
import { ContactsPanel } from './ContactsPanel'
import { cappingPlan } from './contacts-model'
import { CustomerForm } from './CustomerForm'
import { utcDate } from './dates'
import { OPEN_STATUSES, teamLabel } from './list-model'
import { PacksPanel } from './PacksPanel'
import { SubscriptionsPanel } from './SubscriptionsPanel'
import { useCustomerData } from './useCustomerData'

/** One customer: contacts (named against the cap), subscriptions, support packs, and its open incidents. */
export function CustomerDetail({ id }: { id: string }) {
  const { session } = useEngine()
  const names = useDirectory()
  const data = useCustomerData(id)
  const now = useNow(60_000)
  const [editing, setEditing] = useState(false)
  const plans = useMemo(() => planIndex(data?.plans ?? []), [data?.plans])
  const calendars = useMemo(() => calendarIndex(data?.calendars ?? []), [data?.calendars])
  const subjects = useMemo(
    () => new Map((data?.incidents ?? []).map((i) => [i.id, i.subject])),
    [data?.incidents],
  )

  if (data === undefined) return <p className="page muted">Opening the customer…</p>
  if (data === null)
    return (
      <NotFoundPage
        title="Customer not found"
        backHref={hrefOf({ name: 'customers' })}
        backLabel="Back to the customers"
      />
    )
  const { customer } = data
  // the cap is judged on today's UTC date, as contact.add / contact.setNamed judge it
  const capPlan = cappingPlan(data.subscriptions, plans, utcDate(now))
  const open = data.incidents.filter((i) => OPEN_STATUSES.includes(i.status))
  return (
    <article className="page customer" aria-labelledby="customer-title">
      <a href={hrefOf({ name: 'customers' })} className="back">
        ← Customers
      </a>
      <header className="customer-header">
        <div className="title-row">
          <h2 id="customer-title">{customer.name}</h2>
          <span className="pill">{teamLabel(customer.teamId, session.user.teams, names)}</span>
          <span className="spacer" />
          {!editing ? (
            <button type="button" className="ghost" onClick={() => setEditing(true)}>
              Edit customer
            </button>
          ) : null}
        </div>
        {customer.notes && !editing ? <p className="customer-notes">{customer.notes}</p> : null}
      </header>
      {editing ? (
        <CustomerForm
          existing={customer}
          teamIds={session.user.teams}
          myTeams={session.user.teams}
          onCancel={() => setEditing(false)}
          onSaved={() => setEditing(false)}
        />
      ) : null}
      <div className="customer-grid">
        <div className="col">
          <ContactsPanel
            customerId={customer.id}
            contacts={data.contacts}
            plan={capPlan}
            plans={plans}
            pending={data.pending}
          />
          <PacksPanel
            customerId={customer.id}
            packs={data.packs}
            entries={data.packEntries}
            subjects={subjects}
            nowMs={now}
          />
        </div>
        <div className="col">
          <SubscriptionsPanel
            customerId={customer.id}
            subscriptions={data.subscriptions}
            licenses={data.licenses}
            plans={plans}
            calendars={calendars}
            nowMs={now}
          />
          <section className="card" aria-labelledby="open-title">
            <h3 id="open-title">Open incidents · {open.length}</h3>
            {open.length === 0 ? <p className="muted small">None open.</p> : null}
            <ul className="open-incidents">
              {open.map((i) => (
                <li key={i.id}>
                  <a href={hrefOf({ name: 'incident', id: i.id })}>{i.subject}</a>
                  <span className="muted small">
                    {' '}
                    · {statusLabel[i.status]} · {severityLabel[i.severity]} · opened{' '}
                    {formatInstant(i.openedAt)}
                  </span>
                </li>
              ))}
            </ul>
          </section>
        </div>
      </div>
    </article>
  )
}
