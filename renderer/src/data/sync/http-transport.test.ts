import { describe, expect, it } from 'vitest'
import { HttpTransport } from './http-transport'
import { TransportError } from './adapters'
import { WebSocketLiveChannel, liveUrl } from './live-channel'
import { FakeScheduler } from '../testing/fake-scheduler'
import { seededRandom } from './platform'

const pullBody = { changes: [], cursor: 5, lastMutationId: 2, epoch: 'e1', more: false }
const json = (status: number, body: unknown) =>
  new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } })

describe('HttpTransport', () => {
  it('sends the bearer token and the pull parameters, and validates the answer', async () => {
    const calls: Array<{ url: string; auth: string | undefined }> = []
    const t = new HttpTransport({
      baseUrl: 'http://server:8787',
      accessToken: () => 'tok',
      refresh: async () => null,
      fetch: async (url, init) => {
        calls.push({ url: String(url), auth: (init?.headers as Record<string, string>).authorization })
        return json(200, pullBody)
      },
    })
    expect(await t.pull(3, 100, 'cid')).toEqual(pullBody)
    expect(calls).toEqual([
      { url: 'http://server:8787/v1/pull?cursor=3&clientId=cid&limit=100', auth: 'Bearer tok' },
    ])
  })

  it('fetches the directory with the token and refuses an answer of another shape', async () => {
    const directory = {
      users: [{ id: 'u1', username: 'alice', role: 'engineer' }],
      teams: [{ id: 't1', name: 'red' }],
    }
    let answer: unknown = directory
    const urls: string[] = []
    const t = new HttpTransport({
      baseUrl: 'http://server:8787',
      accessToken: () => 'tok',
      refresh: async () => null,
      fetch: async (url) => {
        urls.push(String(url))
        return json(200, answer)
      },
    })
    expect(await t.directory()).toEqual(directory)
    expect(urls).toEqual(['http://server:8787/v1/directory'])
    answer = { users: [{ id: 'u1' }], teams: [] }
    await expect(t.directory()).rejects.toBeInstanceOf(TransportError)
  })

  it('refreshes once on 401 and retries with the new token', async () => {
    const auths: string[] = []
    const t = new HttpTransport({
      baseUrl: 'http://server:8787',
      accessToken: () => 'old',
      refresh: async () => 'new',
      fetch: async (_url, init) => {
        const auth = (init?.headers as Record<string, string>).authorization!
        auths.push(auth)
        return auth === 'Bearer new'
          ? json(200, { lastMutationId: 1, results: [{ mid: 1, status: 'applied' }] })
          : json(401, { error: { code: 'unauthorized', message: 'expired' } })
      },
    })
    const r = await t.push({ protocol: 1, clientId: '0190c2a0-0000-7000-8000-000000000001', mutations: [] })
    expect(r.lastMutationId).toBe(1)
    expect(auths).toEqual(['Bearer old', 'Bearer new'])
  })

  it.each([
    [401, 'unauthorized', false],
    [409, 'protocol', false],
    [413, 'too-large', false],
    [503, 'unavailable', true],
    [429, 'unavailable', true],
    [400, 'bad-request', false],
  ] as const)('maps HTTP %i to %s', async (status, kind, transient) => {
    const t = new HttpTransport({
      baseUrl: 'http://s',
      accessToken: () => 't',
      refresh: async () => null,
      fetch: async () => json(status, { error: { code: 'x', message: 'msg' } }),
    })
    const error = await t.pull(0, 1, 'c').catch((e: unknown) => e)
    expect(error).toBeInstanceOf(TransportError)
    expect(error).toMatchObject({ kind, status, message: 'msg' })
    expect((error as TransportError).transient).toBe(transient)
  })

  it('a network failure is transient; an answer that is not the protocol is not data', async () => {
    const down = new HttpTransport({
      baseUrl: 'http://s',
      accessToken: () => 't',
      refresh: async () => null,
      fetch: async () => Promise.reject(new TypeError('failed to fetch')),
    })
    await expect(down.pull(0, 1, 'c')).rejects.toMatchObject({ kind: 'network' })
    const weird = new HttpTransport({
      baseUrl: 'http://s',
      accessToken: () => 't',
      refresh: async () => null,
      fetch: async () => json(200, { hello: 1 }),
    })
    await expect(weird.pull(0, 1, 'c')).rejects.toMatchObject({ kind: 'bad-request' })
  })
})

class FakeSocket {
  static all: FakeSocket[] = []
  onopen: (() => void) | null = null
  onmessage: ((e: { data: unknown }) => void) | null = null
  onclose: (() => void) | null = null
  onerror: (() => void) | null = null
  closed = false
  constructor(readonly url: string) {
    FakeSocket.all.push(this)
  }
  close() {
    this.closed = true
  }
}

describe('WebSocketLiveChannel', () => {
  it('builds the ws URL with the token', () => {
    expect(liveUrl('https://s.example', 'a b')).toBe('wss://s.example/v1/live?access_token=a+b')
    expect(liveUrl('http://localhost:8787', null)).toBe('ws://localhost:8787/v1/live')
  })

  it('reports pokes and every open, reconnects with backoff, and stops', () => {
    FakeSocket.all = []
    const scheduler = new FakeScheduler()
    const events: string[] = []
    const channel = new WebSocketLiveChannel({
      baseUrl: 'http://s',
      accessToken: () => 't',
      scheduler,
      random: seededRandom(1),
      WebSocket: FakeSocket as unknown as new (url: string) => WebSocket,
    })
    const stop = channel.connect({
      onPoke: (v) => events.push(`poke ${v}`),
      onOpen: () => events.push('open'),
      onClose: () => events.push('close'),
    })
    const first = FakeSocket.all[0]!
    first.onopen!()
    first.onmessage!({ data: JSON.stringify({ type: 'poke', version: 7 }) })
    first.onmessage!({ data: 'not json' })
    first.onmessage!({ data: JSON.stringify({ type: 'other' }) })
    first.onclose!()
    expect(scheduler.nextDelay()).toBeGreaterThanOrEqual(500)
    scheduler.runNext()
    FakeSocket.all[1]!.onopen!()
    expect(events).toEqual(['open', 'poke 7', 'close', 'open'])
    stop()
    expect(FakeSocket.all[1]!.closed).toBe(true)
  })
})
