import { describe, expect, it } from 'vitest'
import type { UnmatchedMail } from '@shared/protocol/mail-admin'
import {
  contactForSender,
  contactNameFor,
  customerChoices,
  filterUnmatched,
  previewOf,
  readableText,
  senderLabel,
} from './unmatched-model'

const mail = (over: Partial<UnmatchedMail> = {}): UnmatchedMail => ({
  id: 'm1',
  teamId: 't1',
  from: { address: 'pat@globex.test', name: 'Pat Doe' },
  subject: 'Relay refuses mail',
  text: 'Hello,\r\n\r\nour relay refuses every mail since Monday.',
  html: null,
  receivedAt: '2026-12-04T10:00:00.000Z',
  ...over,
})

describe('the text of a stranger’s mail', () => {
  it('keeps line breaks and drops controls and bidi overrides that could disguise it', () => {
    expect(readableText('a\r\nb\u0007c\u202Eevil\u202C\u2066x\u2069')).toBe('a\nbcevilx')
    expect(readableText('one\n\n\n\n\n\ntwo')).toBe('one\n\n\ntwo')
  })

  it('previews as one line, cut at a word with an ellipsis', () => {
    expect(previewOf('Hello,\r\n\r\nour relay')).toBe('Hello, our relay')
    const long = `${'word '.repeat(60)}end`
    const p = previewOf(long, 40)
    expect(p.endsWith('…')).toBe(true)
    expect(p.length).toBeLessThanOrEqual(41)
    expect(p).not.toMatch(/wor…$/)
  })

  it('names the sender by name and address, or the address alone', () => {
    expect(senderLabel({ address: 'pat@globex.test', name: 'Pat Doe' })).toBe('Pat Doe <pat@globex.test>')
    expect(senderLabel({ address: 'pat@globex.test', name: null })).toBe('pat@globex.test')
    expect(senderLabel({ address: 'pat@globex.test', name: 'PAT@globex.test' })).toBe('pat@globex.test')
    expect(senderLabel({ address: 'pat@globex.test', name: 'Pat\u202E Doe' })).toBe(
      'Pat Doe <pat@globex.test>',
    )
  })

  it('defaults a new contact’s name to the display name, else the address before the @', () => {
    expect(contactNameFor({ address: 'pat@globex.test', name: ' Pat  Doe ' })).toBe('Pat Doe')
    expect(contactNameFor({ address: 'pat@globex.test', name: null })).toBe('pat')
  })
})

describe('finding a mail', () => {
  const list = [
    mail(),
    mail({ id: 'm2', from: { address: 'lee@initech.test', name: null }, subject: 'Invoice', text: 'Where?' }),
  ]
  it('matches every word in sender, subject or text, any case', () => {
    expect(filterUnmatched(list, '').map((m) => m.id)).toEqual(['m1', 'm2'])
    expect(filterUnmatched(list, 'RELAY monday').map((m) => m.id)).toEqual(['m1'])
    expect(filterUnmatched(list, 'initech').map((m) => m.id)).toEqual(['m2'])
    expect(filterUnmatched(list, 'relay initech')).toEqual([])
  })
})

describe('choosing the customer', () => {
  const customers = [
    { id: 'c1', name: 'Acme', teamId: 't1' },
    { id: 'c2', name: 'Globex Mail', teamId: 't1' },
    { id: 'c3', name: 'Globex Other Team', teamId: 't2' },
  ]
  const contacts = [
    { id: 'k1', customerId: 'c2', name: 'Sam', email: 'Sam@GLOBEX.test' },
    { id: 'k2', customerId: 'c1', name: 'Pat at Acme', email: 'pat@globex.test' },
  ]

  it('offers only the mailbox team’s customers, the sender’s mail domain first, filtered by name', () => {
    const choices = customerChoices(mail(), customers, contacts, '')
    expect(choices.map((c) => [c.customer.id, c.sameDomain])).toEqual([
      ['c1', true],
      ['c2', true],
    ])
    const other = customerChoices(
      mail({ from: { address: 'x@elsewhere.test', name: null } }),
      customers,
      contacts,
      'glob',
    )
    expect(other.map((c) => [c.customer.id, c.sameDomain])).toEqual([['c2', false]])
  })

  it('finds the contact that already has the sender’s address', () => {
    expect(contactForSender(mail().from, 'c1', contacts)?.id).toBe('k2')
    expect(contactForSender(mail().from, 'c2', contacts)).toBeUndefined()
  })
})
