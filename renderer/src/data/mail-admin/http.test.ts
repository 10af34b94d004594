import { describe, expect, it } from 'vitest'
import { TransportError } from '../sync/adapters'
import { MailAdminHttp, MailAdminRefusal } from './http'

interface Seen {
  method: string
  url: string
  auth: string | null
  contentType: string | null
  body: string | null
}

function server(answers: ((seen: Seen) => Response)[]) {
  const seen: Seen[] = []
  const fetch: typeof globalThis.fetch = async (input, init) => {
    const headers = new Headers(init?.headers)
    const s: Seen = {
      method: init?.method ?? 'GET',
      url: String(input),
      auth: headers.get('authorization'),
      contentType: headers.get('content-type'),
      body: typeof init?.body === 'string' ? init.body : null,
    }
    seen.push(s)
    const next = answers.shift()
    if (!next) throw new Error('no more answers')
    return next(s)
  }
  return { fetch, seen }
}

const json = (status: number, body: unknown) =>
  new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } })

const mail = {
  id: 'u1',
  teamId: 't1',
  from: { address: 'pat@globex.test', name: null },
  subject: 'Help',
  text: 'Hello',
  html: null,
  receivedAt: '2026-12-04T10:00:00.000Z',
}

describe('the mail admin endpoints from the app', () => {
  it('sends the token, refreshes once on 401 and retries with the new one', async () => {
    const { fetch, seen } = server([() => json(401, {}), () => json(200, { unmatched: [mail] })])
    let token = 'old'
    const api = new MailAdminHttp({
      baseUrl: 'http://server.test',
      accessToken: () => token,
      refresh: async () => (token = 'new'),
      fetch,
    })
    expect(await api.unmatched()).toEqual([mail])
    expect(seen.map((s) => s.auth)).toEqual(['Bearer old', 'Bearer new'])
    expect(seen[0]!.url).toBe('http://server.test/v1/mail/unmatched')
  })

  it('posts the attach body as JSON and a test with no body at all (the server refuses an empty JSON body)', async () => {
    const { fetch, seen } = server([
      () => json(200, { incidentId: 'i1', contactId: 'k1', flags: [] }),
      () =>
        json(200, { imap: { ok: true, detail: 'INBOX has 0 messages' }, smtp: { ok: false, detail: 'x' } }),
    ])
    const api = new MailAdminHttp({
      baseUrl: 'http://s.test',
      accessToken: () => 't',
      refresh: async () => null,
      fetch,
    })
    await api.attach('u 1', { customerId: 'c1', newContact: { name: 'Pat', named: true } })
    expect(seen[0]).toMatchObject({
      method: 'POST',
      url: 'http://s.test/v1/mail/unmatched/u%201/attach',
      contentType: 'application/json',
    })
    expect(JSON.parse(seen[0]!.body!)).toEqual({ customerId: 'c1', newContact: { name: 'Pat', named: true } })
    const result = await api.testMailbox('m1')
    expect(result.smtp.ok).toBe(false)
    expect(seen[1]).toMatchObject({ method: 'POST', contentType: null, body: null })
  })

  it('a refusal carries the server’s message and the field it names', async () => {
    const { fetch } = server([
      () =>
        json(400, {
          error: { code: 'invalid', message: 'address: x@y.test is already a mailbox', field: 'address' },
        }),
    ])
    const api = new MailAdminHttp({
      baseUrl: 'http://s.test',
      accessToken: () => 't',
      refresh: async () => null,
      fetch,
    })
    const error = await api.mailboxes().catch((e: unknown) => e)
    expect(error).toBeInstanceOf(MailAdminRefusal)
    expect(error).toMatchObject({
      field: 'address',
      status: 400,
      message: 'address: x@y.test is already a mailbox',
    })
  })

  it('no answer is a network error (the screens say offline); a wrong answer is never data', async () => {
    const offline = new MailAdminHttp({
      baseUrl: 'http://s.test',
      accessToken: () => 't',
      refresh: async () => null,
      fetch: async () => {
        throw new TypeError('Failed to fetch')
      },
    })
    await expect(offline.unmatched()).rejects.toMatchObject({ kind: 'network' })
    const { fetch } = server([() => json(200, { unmatched: [{ id: 1 }] })])
    const wrong = new MailAdminHttp({
      baseUrl: 'http://s.test',
      accessToken: () => 't',
      refresh: async () => null,
      fetch,
    })
    const error = await wrong.unmatched().catch((e: unknown) => e)
    expect(error).toBeInstanceOf(TransportError)
    expect(error).toMatchObject({ kind: 'bad-request' })
  })
})
