/**
 * What the Unmatched mail screen shows of a stranger's mail, and how it finds one. The mail is shown as text
 * only (React escapes it): the server already sanitised the HTML part, but nothing of a stranger's markup needs
 * to render here. Controls and bidirectional overrides are dropped so a sender can't disguise a subject or an
 * address (an RTL override turning `moc.knab@` around).
 */
import type { UnmatchedMail } from '@shared/protocol/mail-admin'

// C0/C1 controls except tab and newline, and the bidi embeddings, overrides and isolates
// eslint-disable-next-line no-control-regex -- these are exactly the characters to remove
const hidden = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u200e\u200f\u202a-\u202e\u2066-\u2069]/g

/** The mail's words as they may be shown: line breaks kept, hidden characters gone, at most 3 blank lines. */
export function readableText(text: string): string {
  return text
    .replace(/\r\n?/g, '\n')
    .replace(hidden, '')
    .replace(/\n{4,}/g, '\n\n\n')
    .trim()
}

/** One line for the list: whitespace folded, cut at a word near `max` characters. */
export function previewOf(text: string, max = 140): string {
  const flat = readableText(text).replace(/\s+/g, ' ')
  if (flat.length <= max) return flat
  const cut = flat.slice(0, max)
  const space = cut.lastIndexOf(' ')
  return `${(space > max * 0.6 ? cut.slice(0, space) : cut).trimEnd()}…`
}

/** "Name <address>" or the address alone. */
export function senderLabel(from: UnmatchedMail['from']): string {
  const name = from.name ? readableText(from.name).replace(/\s+/g, ' ') : ''
  const address = readableText(from.address)
  return name && name.toLowerCase() !== address.toLowerCase() ? `${name} <${address}>` : address
}

/** Every word of the query in the sender, the subject or the text (any case). */
export function filterUnmatched(mails: readonly UnmatchedMail[], query: string): UnmatchedMail[] {
  const words = query.toLowerCase().split(/\s+/).filter(Boolean)
  if (words.length === 0) return [...mails]
  return mails.filter((m) => {
    const hay = `${m.from.name ?? ''} ${m.from.address} ${m.subject} ${m.text}`.toLowerCase()
    return words.every((w) => hay.includes(w))
  })
}

/** The name a new contact gets by default: the sender's display name, else the address before the @. */
export function contactNameFor(from: UnmatchedMail['from']): string {
  const name = from.name ? readableText(from.name).replace(/\s+/g, ' ').trim() : ''
  return name || readableText(from.address).split('@')[0] || from.address
}

export interface CustomerChoice {
  id: string
  name: string
  teamId: string
}

export interface ContactChoice {
  id: string
  customerId: string
  name: string
  email: string | null
}

const domainOf = (address: string): string => address.slice(address.lastIndexOf('@') + 1).toLowerCase()

/**
 * The customers the mail can go to (its mailbox's team's only: the server refuses others), those with a
 * contact at the sender's mail domain first, then by name; filtered by the words typed.
 */
export function customerChoices(
  mail: Pick<UnmatchedMail, 'teamId' | 'from'>,
  customers: readonly CustomerChoice[],
  contacts: readonly ContactChoice[],
  query: string,
): { customer: CustomerChoice; sameDomain: boolean }[] {
  const domain = domainOf(mail.from.address)
  const near = new Set(
    contacts.filter((c) => c.email && domainOf(c.email) === domain).map((c) => c.customerId),
  )
  const words = query.toLowerCase().split(/\s+/).filter(Boolean)
  return customers
    .filter((c) => c.teamId === mail.teamId)
    .filter((c) => words.every((w) => c.name.toLowerCase().includes(w)))
    .map((customer) => ({ customer, sameDomain: near.has(customer.id) }))
    .sort(
      (a, b) =>
        Number(b.sameDomain) - Number(a.sameDomain) ||
        a.customer.name.localeCompare(b.customer.name) ||
        (a.customer.id < b.customer.id ? -1 : 1),
    )
}

/** The customer's contact with the sender's address, if there is one (then no new contact is needed). */
export function contactForSender(
  from: UnmatchedMail['from'],
  customerId: string,
  contacts: readonly ContactChoice[],
): ContactChoice | undefined {
  const address = from.address.toLowerCase()
  return contacts.find((c) => c.customerId === customerId && c.email?.toLowerCase() === address)
}
