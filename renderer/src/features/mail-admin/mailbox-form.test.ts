import { describe, expect, it } from 'vitest'
import {
  defaultPort,
  emptyMailboxForm,
  fieldMessage,
  parseMailboxForm,
  type MailboxFormValues,
} from './mailbox-form'

const filled = (): MailboxFormValues => ({
  ...emptyMailboxForm('team-1'),
  address: ' Support@Vendor.Example ',
  imap: { host: 'imap.vendor.example', port: '993', tls: true, user: 'support', password: 'imap-secret' },
  smtp: { host: 'smtp.vendor.example', port: '465', tls: true, user: '', password: '' },
})

describe('the Add mailbox form', () => {
  it('turns what was typed into the server’s input: lower-case address, numbers, no empty SMTP sign-in', () => {
    const r = parseMailboxForm(filled())
    expect(r).toEqual({
      ok: true,
      input: {
        teamId: 'team-1',
        address: 'support@vendor.example',
        displayName: null,
        imap: { host: 'imap.vendor.example', port: 993, tls: true, user: 'support', password: 'imap-secret' },
        smtp: { host: 'smtp.vendor.example', port: 465, tls: true, user: null, password: null },
      },
    })
  })

  it('names every wrong field with its own message', () => {
    const v = filled()
    v.address = 'not an address'
    v.imap = { ...v.imap, host: ' ', port: '70000', password: '' }
    v.smtp = { ...v.smtp, port: '' }
    const r = parseMailboxForm(v)
    expect(r.ok).toBe(false)
    if (r.ok) return
    expect(Object.keys(r.errors).sort()).toEqual([
      'address',
      'imap.host',
      'imap.password',
      'imap.port',
      'smtp.port',
    ])
    expect(r.errors['imap.port']).toBe('a port from 1 to 65535')
    expect(r.errors['imap.password']).toBe('the IMAP password is needed')
    expect(fieldMessage('imap.port', r.errors['imap.port']!)).toBe('IMAP port: a port from 1 to 65535')
  })

  it('refuses an SMTP password without the user it belongs to', () => {
    const v = filled()
    v.smtp.password = 'smtp-secret'
    const r = parseMailboxForm(v)
    expect(r).toEqual({ ok: false, errors: { 'smtp.user': 'the SMTP user the password belongs to' } })
  })

  it('suggests the usual port for the protocol and TLS choice', () => {
    expect([defaultPort('imap', true), defaultPort('imap', false)]).toEqual(['993', '143'])
    expect([defaultPort('smtp', true), defaultPort('smtp', false)]).toEqual(['465', '587'])
  })
})
