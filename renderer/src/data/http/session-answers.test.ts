import { describe, expect, it } from 'vitest'
import { jsonBodyOf, refusalOf, sendWithRefresh } from './session-answers'

describe('sendWithRefresh', () => {
  const calls = (statuses: number[]) => {
    const tokens: (string | null)[] = []
    const send = (token: string | null) => {
      tokens.push(token)
      return Promise.resolve({ status: statuses[tokens.length - 1] ?? 500 })
    }
    return { tokens, send }
  }

  it('sends once when the answer is not a 401', async () => {
    const { tokens, send } = calls([200])
    const answer = await sendWithRefresh(
      { accessToken: () => 'old', refresh: () => Promise.resolve('new') },
      send,
    )
    expect(answer.status).toBe(200)
    expect(tokens).toEqual(['old'])
  })

  it('sends again with the refreshed token after a 401', async () => {
    const { tokens, send } = calls([401, 200])
    const answer = await sendWithRefresh(
      { accessToken: () => 'old', refresh: () => Promise.resolve('new') },
      send,
    )
    expect(answer.status).toBe(200)
    expect(tokens).toEqual(['old', 'new'])
  })

  it.each([
    ['gives no token', () => Promise.resolve(null)],
    ['throws', () => Promise.reject(new Error('offline'))],
  ])('leaves the 401 to the caller when the refresh %s', async (_, refresh) => {
    const { tokens, send } = calls([401, 200])
    const answer = await sendWithRefresh({ accessToken: () => 'old', refresh }, send)
    expect(answer.status).toBe(401)
    expect(tokens).toEqual(['old'])
  })
})

describe('jsonBodyOf and refusalOf', () => {
  it('reads the server error detail from a refusal', async () => {
    const body = await jsonBodyOf(
      new Response(JSON.stringify({ error: { code: 'invalid', message: 'No host.', field: 'imap.host' } }), {
        status: 400,
      }),
    )
    expect(refusalOf(body)).toEqual({ code: 'invalid', message: 'No host.', field: 'imap.host' })
  })

  it('gives undefined for a body that is not JSON, and no refusal for one of another shape', async () => {
    expect(await jsonBodyOf(new Response('<html>Bad gateway</html>', { status: 502 }))).toBeUndefined()
    expect(refusalOf({ message: 'no' })).toBeNull()
    expect(refusalOf(undefined)).toBeNull()
  })
})
