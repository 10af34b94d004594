import { describe, expect, it } from 'vitest'
import { retryReplyMail, ReplyRetryError, type ReplyApiOptions } from './retry'

interface Call {
  url: string
  method: string | undefined
  authorization: string | null
}

function fakeServer(answers: (Response | Error)[]): {
  options: ReplyApiOptions
  calls: Call[]
  refreshes: number
} {
  const calls: Call[] = []
  const state = { refreshes: 0 }
  const options: ReplyApiOptions = {
    baseUrl: 'http://127.0.0.1:4870',
    accessToken: () => 'old-token',
    refresh: async () => {
      state.refreshes++
      return 'new-token'
    },
    fetch: async (input, init) => {
      calls.push({
        url: String(input),
        method: init?.method,
        authorization: new Headers(init?.headers).get('authorization'),
      })
      const next = answers.shift()
      if (!next) throw new Error('no more answers')
      if (next instanceof Error) throw next
      return next
    },
  }
  return {
    options,
    calls,
    get refreshes() {
      return state.refreshes
    },
  }
}

const json = (status: number, body: unknown) =>
  new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } })

describe('retryReplyMail', () => {
  it('posts to the reply\'s outbox entry with the bearer token and answers "queued"', async () => {
    const s = fakeServer([json(200, { state: 'queued' })])
    await expect(retryReplyMail(s.options, '0193a1b2-0000-7000-8000-00000000abcd')).resolves.toBe('queued')
    expect(s.calls).toEqual([
      {
        url: 'http://127.0.0.1:4870/v1/mail/outbox/0193a1b2-0000-7000-8000-00000000abcd/retry',
        method: 'POST',
        authorization: 'Bearer old-token',
      },
    ])
  })

  it('refreshes the access token once on 401 and tries again with the new one', async () => {
    const s = fakeServer([
      json(401, { error: { code: 'unauthorized', message: 'expired' } }),
      json(200, { state: 'queued' }),
    ])
    await expect(retryReplyMail(s.options, 'e1')).resolves.toBe('queued')
    expect(s.calls.map((c) => c.authorization)).toEqual(['Bearer old-token', 'Bearer new-token'])
    expect(s.refreshes).toBe(1)
  })

  it("gives the server's reason when it refuses (a reply that is no longer failed)", async () => {
    const s = fakeServer([
      json(409, {
        error: { code: 'invalid-state', message: 'This reply is sent; only a failed one can be retried.' },
      }),
    ])
    const error = await retryReplyMail(s.options, 'e1').catch((e: unknown) => e)
    expect(error).toBeInstanceOf(ReplyRetryError)
    expect(error).toMatchObject({
      kind: 'refused',
      status: 409,
      message: 'This reply is sent; only a failed one can be retried.',
    })
  })

  it('says to retry once online when the server does not answer', async () => {
    const s = fakeServer([new TypeError('Failed to fetch')])
    await expect(retryReplyMail(s.options, 'e1')).rejects.toMatchObject({
      kind: 'network',
      message: /once you are online/,
    })
  })

  it('refuses an answer that is not the one the server gives', async () => {
    const s = fakeServer([json(200, { state: 'sent' })])
    await expect(retryReplyMail(s.options, 'e1')).rejects.toMatchObject({ kind: 'refused' })
  })
})
