import { useState, type FormEvent } from 'react'
import { FormActions } from '../../ui/FormActions'
import { v7 as uuidv7 } from 'uuid'
import type { Plan, Reason } from '@shared/domain'
import type { ContactRow } from '@shared/mutations'
import { rowKey } from '@shared/protocol'
import { hrefOf } from '../../stores/route'
import { useMutate } from '../incidents/shared/useMutate'
import { useSyncStatus } from '../sync/engine-context'
import { capDisplay, keptUnnamed, namingRefusal, overCapAdvice } from './contacts-model'
import { ErrorLine } from '../../ui/ErrorLine'

type ContactItem = ContactRow & { version: number }

/** A naming refused here (nothing written), shown where it was asked: under the contact, or the add form. */
interface Refusal {
  /** the contact's id, or 'add' */
  at: string
  name: string
  reasons: Reason[]
}

function RefusalNotice({ refusal, onDismiss }: { refusal: Refusal; onDismiss: () => void }) {
  return (
    <div className="notice refused" role="alert" data-testid="naming-refused">
      <p>
        <strong>{refusal.name || 'This contact'}</strong> can’t be named: nothing was changed.
      </p>
      <Reasons reasons={refusal.reasons} />
      <p className="small">Un-name another contact first, or upgrade the plan.</p>
      <button type="button" className="ghost small" onClick={onDismiss}>
        Dismiss
      </button>
    </div>
  )
}

function Reasons({ reasons }: { reasons: readonly Reason[] }) {
  return (
    <ul className="reasons">
      {reasons.map((r, i) => (
        <li key={i}>
          <code className="rule">{r.ruleId}</code> {r.message}
        </li>
      ))}
    </ul>
  )
}

/** The mutation (contact.add / contact.setNamed) the server flagged for this contact, if it is in the inbox. */
function useFlagFor(contactId: string): boolean {
  const status = useSyncStatus()
  return status.flagged.some((f) => {
    const a = (f.args ?? {}) as { id?: unknown; contactId?: unknown }
    return f.flags.includes('over-cap') && (a.contactId === contactId || a.id === contactId)
  })
}

function OverCapNotice({
  contact,
  plan,
  plans,
  named,
}: {
  contact: ContactItem
  plan: Plan | null
  plans: ReadonlyMap<string, Plan>
  named: string[]
}) {
  const inInbox = useFlagFor(contact.id)
  return (
    <div className="notice warn over-cap" role="note" data-testid="over-cap">
      <p>
        <strong>{contact.name}</strong> was asked to be a named contact, but when the change reached the
        server the cap was already reached (someone else had named a contact first), so the server kept them
        as a contact who is not named.
      </p>
      <Reasons reasons={contact.overCap ?? []} />
      <p className="small">What to do:</p>
      <ul className="small">
        {overCapAdvice(plan, plans, named).map((step) => (
          <li key={step}>{step}</li>
        ))}
      </ul>
      <p className="small">
        <a href={hrefOf({ name: 'inbox' })}>Open the sync inbox</a>
        {inInbox ? ' (the flagged change is listed there)' : ''}
      </p>
    </div>
  )
}

function ContactFields({
  name,
  email,
  phone,
  set,
}: {
  name: string
  email: string
  phone: string
  set: (field: 'name' | 'email' | 'phone', value: string) => void
}) {
  return (
    <>
      <label className="field grow">
        <span>Name</span>
        <input value={name} onChange={(e) => set('name', e.target.value)} maxLength={200} />
      </label>
      <label className="field grow">
        <span>Email</span>
        <input type="email" value={email} onChange={(e) => set('email', e.target.value)} />
      </label>
      <label className="field">
        <span>Phone</span>
        <input type="tel" value={phone} onChange={(e) => set('phone', e.target.value)} maxLength={50} />
      </label>
    </>
  )
}

function EditContact({ contact, onDone }: { contact: ContactItem; onDone: () => void }) {
  const [v, setV] = useState({ name: contact.name, email: contact.email, phone: contact.phone ?? '' })
  const { run, error, busy } = useMutate()
  async function submit(event: FormEvent) {
    event.preventDefault()
    const ok = await run('contact.update', {
      contactId: contact.id,
      baseVersion: contact.version,
      ...(v.name.trim() !== contact.name ? { name: v.name.trim() } : {}),
      ...(v.email.trim() !== contact.email ? { email: v.email.trim() } : {}),
      ...(v.phone.trim() !== (contact.phone ?? '') ? { phone: v.phone.trim() || null } : {}),
    })
    if (ok) onDone()
  }
  const unchanged =
    v.name.trim() === contact.name &&
    v.email.trim() === contact.email &&
    v.phone.trim() === (contact.phone ?? '')
  return (
    <form className="row contact-edit" aria-label={`Edit ${contact.name}`} onSubmit={(e) => void submit(e)}>
      <ContactFields {...v} set={(f, value) => setV((old) => ({ ...old, [f]: value }))} />
      <FormActions
        submit="Save contact"
        disabled={busy || unchanged || !v.name.trim() || !v.email.trim()}
        onCancel={onDone}
        inline
      />
      <ErrorLine error={error} />
    </form>
  )
}

function ContactItemView({
  contact,
  contacts,
  plan,
  plans,
  pending,
  refusal,
  onRefused,
}: {
  contact: ContactItem
  contacts: ContactItem[]
  plan: Plan | null
  plans: ReadonlyMap<string, Plan>
  pending: boolean
  refusal: Refusal | null
  onRefused: (refusal: Refusal | null) => void
}) {
  const [editing, setEditing] = useState(false)
  const [confirming, setConfirming] = useState(false)
  const { run, error, busy } = useMutate()
  const over = !contact.named && contact.overCap && contact.overCap.length > 0

  async function setNamed(named: boolean) {
    if (named) {
      // refused here, with the plan's rule, before anything is written (R-SA-3/4, D-2)
      const refused = namingRefusal(contacts, plan, contact.id)
      if (refused) {
        onRefused({ at: contact.id, name: contact.name, reasons: refused })
        return
      }
    }
    onRefused(null)
    await run('contact.setNamed', { contactId: contact.id, named, baseVersion: contact.version })
  }

  return (
    <li className="contact" data-testid="contact">
      <div className="contact-head">
        <strong>{contact.name}</strong>
        {contact.named ? <span className="pill named">Named</span> : null}
        {over ? <span className="pill over">Kept un-named (D-2)</span> : null}
        {pending ? <span className="sync sync-pending">Waiting to be sent</span> : null}
        <span className="muted small">
          <a href={`mailto:${contact.email}`}>{contact.email}</a>
          {contact.phone ? ` · ${contact.phone}` : ''}
        </span>
      </div>
      {editing ? (
        <EditContact contact={contact} onDone={() => setEditing(false)} />
      ) : (
        <div className="actions">
          <button
            type="button"
            className="ghost small"
            disabled={busy}
            onClick={() => void setNamed(!contact.named)}
            aria-label={`${contact.named ? 'Un-name' : 'Name'} ${contact.name}`}
          >
            {contact.named ? 'Un-name' : 'Name'}
          </button>
          <button
            type="button"
            className="ghost small"
            onClick={() => setEditing(true)}
            aria-label={`Edit ${contact.name}`}
          >
            Edit
          </button>
          {confirming ? (
            <>
              <button
                type="button"
                className="danger small"
                disabled={busy}
                onClick={() => void run('contact.remove', { contactId: contact.id })}
              >
                Yes, remove {contact.name}
              </button>
              <button type="button" className="ghost small" onClick={() => setConfirming(false)}>
                Keep
              </button>
            </>
          ) : (
            <button
              type="button"
              className="ghost small"
              onClick={() => setConfirming(true)}
              aria-label={`Remove ${contact.name}`}
            >
              Remove
            </button>
          )}
        </div>
      )}
      {refusal?.at === contact.id ? (
        <RefusalNotice refusal={refusal} onDismiss={() => onRefused(null)} />
      ) : null}
      {over ? (
        <OverCapNotice
          contact={contact}
          plan={plan}
          plans={plans}
          named={contacts.filter((c) => c.named).map((c) => c.name)}
        />
      ) : null}
      <ErrorLine error={error} />
    </li>
  )
}

function AddContact({
  customerId,
  contacts,
  plan,
  refusal,
  onRefused,
}: {
  customerId: string
  contacts: ContactItem[]
  plan: Plan | null
  refusal: Refusal | null
  onRefused: (refusal: Refusal | null) => void
}) {
  const [v, setV] = useState({ name: '', email: '', phone: '' })
  const [named, setNamed] = useState(false)
  const { run, error, busy } = useMutate()
  async function submit(event: FormEvent) {
    event.preventDefault()
    if (named) {
      const refused = namingRefusal(contacts, plan, null)
      if (refused) {
        onRefused({ at: 'add', name: v.name.trim(), reasons: refused })
        return
      }
    }
    onRefused(null)
    const ok = await run('contact.add', {
      id: uuidv7(),
      customerId,
      name: v.name.trim(),
      email: v.email.trim(),
      ...(v.phone.trim() ? { phone: v.phone.trim() } : {}),
      named,
    })
    if (ok) {
      setV({ name: '', email: '', phone: '' })
      setNamed(false)
    }
  }
  return (
    <form className="add-contact" aria-label="Add contact" onSubmit={(e) => void submit(e)}>
      <div className="row">
        <ContactFields {...v} set={(f, value) => setV((old) => ({ ...old, [f]: value }))} />
      </div>
      <div className="row">
        <label className="check">
          <input type="checkbox" checked={named} onChange={(e) => setNamed(e.target.checked)} />
          <span>Named contact</span>
        </label>
        <button type="submit" disabled={busy || !v.name.trim() || !v.email.trim()}>
          Add contact
        </button>
      </div>
      {refusal?.at === 'add' ? <RefusalNotice refusal={refusal} onDismiss={() => onRefused(null)} /> : null}
      <ErrorLine error={error} />
    </form>
  )
}

/** Contacts, named against the plan's cap: "2 of 3 named"; over the cap refused here, or flagged by the server. */
export function ContactsPanel({
  customerId,
  contacts,
  plan,
  plans,
  pending,
}: {
  customerId: string
  contacts: ContactItem[]
  plan: Plan | null
  plans: ReadonlyMap<string, Plan>
  pending: Set<string>
}) {
  const [refusal, setRefusal] = useState<Refusal | null>(null)
  const named = contacts.filter((c) => c.named).length
  const cap = plan?.namedContactCap ?? null
  const kept = keptUnnamed(contacts)
  return (
    <section className="card" aria-labelledby="contacts-title">
      <h3 id="contacts-title">
        Contacts ·{' '}
        <span data-testid="named-count" className={cap !== null && named >= cap ? 'at-cap' : ''}>
          {capDisplay(named, cap)}
        </span>
      </h3>
      <p className="muted small">
        {plan && cap !== null
          ? `${plan.label} allows up to ${cap} named contacts (${plan.namedContactRuleId ?? plan.coverageRuleId}); only named contacts may open incidents (D-5).`
          : 'No active plan caps the named contacts.'}
      </p>
      {kept.length > 0 ? (
        <p className="notice warn" data-testid="over-cap-summary">
          {kept.length === 1 ? '1 contact was' : `${kept.length} contacts were`} kept un-named over the cap
          (D-2): {kept.map((c) => c.name).join(', ')}. See below, or{' '}
          <a href={hrefOf({ name: 'inbox' })}>open the sync inbox</a>.
        </p>
      ) : null}
      {contacts.length === 0 ? <p className="muted">No contacts yet.</p> : null}
      <ul className="contacts">
        {contacts.map((c) => (
          <ContactItemView
            key={c.id}
            contact={c}
            contacts={contacts}
            plan={plan}
            plans={plans}
            pending={pending.has(rowKey('contacts', c.id))}
            refusal={refusal}
            onRefused={setRefusal}
          />
        ))}
      </ul>
      <AddContact
        customerId={customerId}
        contacts={contacts}
        plan={plan}
        refusal={refusal}
        onRefused={setRefusal}
      />
    </section>
  )
}
