import { useEffect, useMemo, useRef, useState, type FormEvent } from 'react'
import { FormActions } from '../../ui/FormActions'
import { useLiveQuery } from 'dexie-react-hooks'
import type { AttachRequest, AttachResult, UnmatchedMail } from '@shared/protocol/mail-admin'
import { MailAdminRefusal, type MailAdminHttp } from '../../data'
import { Field } from '../../ui/Field'
import { useDb } from '../sync/engine-context'
import {
  contactForSender,
  contactNameFor,
  customerChoices,
  readableText,
  type ContactChoice,
  type CustomerChoice,
} from './unmatched-model'
import { errorMessage } from './useMailAdminApi'

/** The customers and contacts of the local copy, for the pickers (the server checks the choice again). */
function useCustomersAndContacts(): { customers: CustomerChoice[]; contacts: ContactChoice[] } | undefined {
  const db = useDb()
  return useLiveQuery(async () => {
    const customers = (await db.rows('customers').toArray())
      .filter((c) => !c.deleted)
      .map((c) => ({ id: c.id, name: c.name, teamId: c.teamId }))
    const contacts = (await db.rows('contacts').toArray())
      .filter((c) => !c.deleted)
      .map((c) => ({ id: c.id, customerId: c.customerId, name: c.name, email: c.email }))
    return { customers, contacts }
  }, [db])
}

type Who = 'existing' | 'new'

/**
 * "Attach to customer": the customer by name (its team's only; those with a contact at the sender's domain
 * first), then the contact: the one with the sender's address if there is one, another existing contact, or
 * the sender as a new contact, named or not.
 */
export function AttachForm({
  mail,
  api,
  onCancel,
  onAttached,
}: {
  mail: UnmatchedMail
  api: MailAdminHttp
  onCancel: () => void
  onAttached: (result: AttachResult) => void
}) {
  const data = useCustomersAndContacts()
  const [query, setQuery] = useState('')
  const [customerId, setCustomerId] = useState('')
  /** the contact choice made for one customer; another customer starts from its own natural choice */
  const [pick, setPick] = useState<{ customerId: string; who: Who; contactId: string } | null>(null)
  const [newName, setNewName] = useState(() => contactNameFor(mail.from))
  const [named, setNamed] = useState(false)
  const [busy, setBusy] = useState(false)
  const [error, setError] = useState<{ message: string; field?: string } | null>(null)
  const first = useRef<HTMLInputElement>(null)
  useEffect(() => first.current?.focus(), [])

  const choices = useMemo(
    () => (data ? customerChoices(mail, data.customers, data.contacts, query) : []),
    [data, mail, query],
  )
  // the choice follows the filter: the first match unless the chosen one still matches
  const chosen = choices.find((c) => c.customer.id === customerId) ?? choices[0]
  const chosenId = chosen?.customer.id ?? ''
  const customerContacts = useMemo(
    () =>
      (data?.contacts ?? [])
        .filter((c) => c.customerId === chosenId)
        .sort((a, b) => a.name.localeCompare(b.name)),
    [data, chosenId],
  )
  const sender = data ? contactForSender(mail.from, chosenId, data.contacts) : undefined

  // a contact with the sender's address is the natural choice; otherwise the sender as a new contact
  const choice =
    pick && pick.customerId === chosenId
      ? pick
      : {
          customerId: chosenId,
          who: sender ? ('existing' as const) : ('new' as const),
          contactId: sender?.id ?? '',
        }
  const { who, contactId } = choice
  const setWho = (next: Who) =>
    setPick({
      ...choice,
      who: next,
      contactId: next === 'existing' ? (sender?.id ?? customerContacts[0]?.id ?? '') : '',
    })
  const setContactId = (id: string) => setPick({ ...choice, who: 'existing', contactId: id })

  async function submit(event: FormEvent) {
    event.preventDefault()
    if (!chosenId) return
    const body: AttachRequest =
      who === 'existing'
        ? { customerId: chosenId, contactId: contactId || (customerContacts[0]?.id ?? '') }
        : { customerId: chosenId, newContact: { name: newName.trim(), named } }
    if (who === 'new' && newName.trim() === '') {
      setError({ message: 'The new contact needs a name.', field: 'newContact.name' })
      return
    }
    setBusy(true)
    setError(null)
    try {
      onAttached(await api.attach(mail.id, body))
    } catch (e) {
      const field = e instanceof MailAdminRefusal ? e.field : undefined
      setError({ message: errorMessage(e), ...(field ? { field } : {}) })
    } finally {
      setBusy(false)
    }
  }

  if (!data) return <p className="muted">Loading the customers…</p>
  const noneInTeam = customerChoices(mail, data.customers, data.contacts, '').length === 0

  return (
    <form
      className="attach-form"
      aria-label="Attach to customer"
      onSubmit={(e) => void submit(e)}
      onKeyDown={(e) => {
        if (e.key === 'Escape') {
          // close the form, not the screen
          e.stopPropagation()
          onCancel()
        }
      }}
    >
      <h4>Attach to customer</h4>
      {noneInTeam ? (
        <p className="error" role="alert">
          The mailbox’s team has no customer yet: create the customer first, then attach the mail.
        </p>
      ) : (
        <>
          <div className="row">
            <Field label="Find a customer" className="grow">
              <input
                ref={first}
                type="search"
                value={query}
                onChange={(e) => setQuery(e.target.value)}
                placeholder="Type part of the name"
              />
            </Field>
            <Field label="Customer" className="grow">
              <select
                value={chosenId}
                onChange={(e) => setCustomerId(e.target.value)}
                aria-invalid={error?.field === 'customerId' ? true : undefined}
              >
                {choices.length === 0 ? <option value="">No customer matches</option> : null}
                {choices.map(({ customer, sameDomain }) => (
                  <option key={customer.id} value={customer.id}>
                    {customer.name}
                    {sameDomain ? ' (has contacts at the sender’s domain)' : ''}
                  </option>
                ))}
              </select>
            </Field>
          </div>
          <fieldset className="attach-who">
            <legend>Contact</legend>
            <label className="check">
              <input
                type="radio"
                name="who"
                checked={who === 'existing'}
                disabled={customerContacts.length === 0}
                onChange={() => setWho('existing')}
              />
              An existing contact
              {customerContacts.length === 0 ? (
                <span className="muted small"> (this customer has none)</span>
              ) : null}
            </label>
            {who === 'existing' ? (
              <Field label="Existing contact">
                <select value={contactId} onChange={(e) => setContactId(e.target.value)}>
                  {customerContacts.map((c) => (
                    <option key={c.id} value={c.id}>
                      {c.name}
                      {c.email ? ` <${c.email}>` : ''}
                    </option>
                  ))}
                </select>
              </Field>
            ) : null}
            <label className="check">
              <input type="radio" name="who" checked={who === 'new'} onChange={() => setWho('new')} />
              Add the sender ({readableText(mail.from.address)}) as a new contact
            </label>
            {who === 'new' ? (
              <div className="row">
                <Field label="Contact name" className="grow">
                  <input
                    value={newName}
                    maxLength={200}
                    onChange={(e) => setNewName(e.target.value)}
                    aria-invalid={error?.field?.startsWith('newContact') ? true : undefined}
                  />
                </Field>
                <label className="check">
                  <input type="checkbox" checked={named} onChange={(e) => setNamed(e.target.checked)} />
                  Named contact (counts against the plan’s cap)
                </label>
              </div>
            ) : null}
          </fieldset>
        </>
      )}
      {error ? (
        <p className="error" role="alert">
          {error.message}
        </p>
      ) : null}
      <FormActions
        submit={busy ? 'Attaching…' : 'Attach and open the incident'}
        disabled={busy || !chosenId}
        onCancel={onCancel}
      />
    </form>
  )
}
