import { describe, expect, it } from 'vitest'
import { deliveryOf, inboundMail, isReplyToCustomer, retryBlockedReason, senderLabel } from './model'

const mailIn = {
  kind: 'mail-in' as const,
  data: {
    messageId: 'ask-1@customer.test',
    from: { address: 'cory@customer.test', name: 'Cory Bauer' },
    subject: 'Bounces from our relay',
    html: null,
    receivedAt: '2026-12-01T09:12:00.000Z',
    opened: true,
  },
}

describe('inboundMail', () => {
  it("reads the sender, subject and date of a customer's mail", () => {
    const mail = inboundMail(mailIn)
    expect(mail).toMatchObject({ subject: 'Bounces from our relay', receivedAt: '2026-12-01T09:12:00.000Z' })
    expect(senderLabel(mail!.from)).toBe('Cory Bauer <cory@customer.test>')
    expect(senderLabel({ address: 'cory@customer.test', name: null })).toBe('cory@customer.test')
    expect(senderLabel({ address: 'cory@customer.test', name: '  ' })).toBe('cory@customer.test')
  })

  it('is null for other kinds and for data of another shape (shown as an ordinary entry)', () => {
    expect(inboundMail({ kind: 'comment', data: mailIn.data })).toBeNull()
    expect(inboundMail({ kind: 'mail-in', data: { from: 'cory@customer.test' } })).toBeNull()
  })
})

describe('deliveryOf', () => {
  const reply = { kind: 'comment' as const, visibility: 'external' as const }
  it('reads the delivery state the server wrote on a reply to the customer', () => {
    const data = {
      mail: {
        state: 'failed',
        messageId: 'e1@desk.example.com',
        to: 'cory@customer.test',
        at: '2026-12-01T09:13:00.000Z',
        attempts: 1,
        error: '550 5.1.1 No such user',
        nextAttemptAt: null,
      },
    }
    expect(deliveryOf({ ...reply, data })).toMatchObject({ state: 'failed', error: '550 5.1.1 No such user' })
    expect(deliveryOf({ kind: 'response', visibility: 'external', data })?.state).toBe('failed')
  })

  it('is null on internal notes, on replies with no mail (no mailbox, not synced yet) and on unknown states', () => {
    const mail = { state: 'sent', messageId: 'm', to: 't', at: '2026-12-01T09:13:00.000Z' }
    expect(deliveryOf({ kind: 'comment', visibility: 'internal', data: { mail } })).toBeNull()
    expect(deliveryOf({ ...reply, data: {} })).toBeNull()
    expect(deliveryOf({ ...reply, data: { mail: { ...mail, state: 'bounced' } } })).toBeNull()
  })

  it('knows what a reply to the customer is', () => {
    expect(isReplyToCustomer(reply)).toBe(true)
    expect(isReplyToCustomer({ kind: 'response', visibility: 'external' })).toBe(true)
    expect(isReplyToCustomer({ kind: 'comment', visibility: 'internal' })).toBe(false)
    expect(isReplyToCustomer({ kind: 'mail-in', visibility: 'external' })).toBe(false)
  })
})

describe('retryBlockedReason', () => {
  it('blocks Retry offline and while the server does not answer, with the reason', () => {
    expect(retryBlockedReason({ online: false, lastError: null, blocked: null })).toMatch(/offline/)
    expect(retryBlockedReason({ online: true, lastError: 'no connection', blocked: null })).toMatch(
      /cannot be reached/,
    )
    expect(retryBlockedReason({ online: true, lastError: null, blocked: null })).toBeNull()
  })
})
