import { checkExternalUrl } from '@shared/security/external-links'
import { describe, expect, it, vi } from 'vitest'
import {
  createBrowserAdapter,
  sessionCredentialDescription,
  type BrowserEnvironment,
  type KeyValueStorage,
} from './browser-adapter'

/** sessionStorage's behaviour, in memory. */
function memoryStorage(): KeyValueStorage & { data: Map<string, string> } {
  const data = new Map<string, string>()
  return {
    data,
    getItem: (key) => data.get(key) ?? null,
    setItem: (key, value) => void data.set(key, value),
    removeItem: (key) => void data.delete(key),
  }
}

function environment(overrides: Partial<BrowserEnvironment> = {}) {
  const listeners = new Map<string, Set<() => void>>()
  let online = true
  const env: BrowserEnvironment = {
    storage: memoryStorage(),
    isOnline: () => online,
    addEventListener: (type, listener) => {
      if (!listeners.has(type)) listeners.set(type, new Set())
      listeners.get(type)?.add(listener)
    },
    removeEventListener: (type, listener) => void listeners.get(type)?.delete(listener),
    openWindow: vi.fn(),
    print: vi.fn(),
    notifications: null,
    badge: null,
    version: '0.1.0',
    ...overrides,
  }
  const go = (state: 'online' | 'offline') => {
    online = state === 'online'
    listeners.get(state)?.forEach((listener) => listener())
  }
  return { env, listeners, go }
}

describe('the browser adapter', () => {
  it('says it is the browser', async () => {
    const api = createBrowserAdapter(environment().env)
    await expect(api.appInfo()).resolves.toEqual({
      name: 'Caseload',
      version: '0.1.0',
      platform: 'web',
      shell: 'browser',
    })
  })
})

describe('credentials in the browser', () => {
  it('are kept in session storage only, and info() says so for the UI', async () => {
    const api = createBrowserAdapter(environment().env)
    const info = await api.credentials.info()
    expect(info).toEqual({ kind: 'session', persistent: false, description: sessionCredentialDescription })
    expect(info.description).toMatch(/this browser session only/i)
  })

  it('save, load and clear per server', async () => {
    const storage = memoryStorage()
    const api = createBrowserAdapter(environment({ storage }).env)
    expect(await api.credentials.save('http://127.0.0.1:4870/', 'refresh')).toEqual({ ok: true })
    expect(await api.credentials.load('http://127.0.0.1:4870')).toEqual({ ok: true, value: 'refresh' })
    expect(await api.credentials.load('https://other.example.com')).toEqual({ ok: true, value: null })
    expect([...storage.data.keys()]).toEqual(['caseload.credentials:http://127.0.0.1:4870'])
    expect(await api.credentials.clear('http://127.0.0.1:4870')).toEqual({ ok: true })
    expect(await api.credentials.load('http://127.0.0.1:4870')).toEqual({ ok: true, value: null })
  })

  it('refuse a server that is not http(s), and an empty token', async () => {
    const api = createBrowserAdapter(environment().env)
    expect(await api.credentials.save('javascript:alert(1)', 'x')).toMatchObject({
      ok: false,
      code: 'invalid-input',
    })
    expect(await api.credentials.save('https://a.example.com', '')).toMatchObject({
      ok: false,
      code: 'invalid-input',
    })
  })

  it('report a browser that refuses storage instead of throwing', async () => {
    const throwing: KeyValueStorage = {
      getItem: () => {
        throw new Error('SecurityError')
      },
      setItem: () => {
        throw new Error('QuotaExceededError')
      },
      removeItem: () => undefined,
    }
    const api = createBrowserAdapter(environment({ storage: throwing }).env)
    expect(await api.credentials.save('https://a.example.com', 't')).toMatchObject({
      ok: false,
      code: 'unavailable',
    })
    expect(await api.credentials.load('https://a.example.com')).toMatchObject({
      ok: false,
      code: 'unavailable',
    })

    const none = createBrowserAdapter(environment({ storage: null }).env)
    expect(await none.credentials.save('https://a.example.com', 't')).toMatchObject({
      ok: false,
      code: 'unavailable',
    })
    expect((await none.credentials.info()).persistent).toBe(false)
  })
})

describe('online/offline in the browser', () => {
  it('reads navigator.onLine and follows its events; unsubscribe stops them', () => {
    const { env, listeners, go } = environment()
    const api = createBrowserAdapter(env)
    expect(api.isOnline()).toBe(true)
    const seen: boolean[] = []
    const unsubscribe = api.onOnlineChange((online) => seen.push(online))
    go('offline')
    expect(api.isOnline()).toBe(false)
    go('online')
    unsubscribe()
    go('offline')
    expect(seen).toEqual([false, true])
    expect(listeners.get('online')?.size).toBe(0)
  })
})

describe('links, notifications and the badge in the browser', () => {
  it('opens only http(s) links, in a new tab', async () => {
    const { env } = environment()
    const api = createBrowserAdapter(env)
    expect(await api.openExternal('https://example.com/kb')).toEqual({ ok: true })
    expect(await api.openExternal('javascript:alert(1)')).toMatchObject({ ok: false })
    expect(await api.openExternal('file:///etc/passwd')).toMatchObject({ ok: false })
    expect(await api.openExternal('data:text/html,x')).toMatchObject({ ok: false })
    expect(env.openWindow).toHaveBeenCalledTimes(1)
    expect(env.openWindow).toHaveBeenCalledWith('https://example.com/kb')
    expect(checkExternalUrl('not a url')).toMatchObject({ ok: false })
  })

  it('asks for notification permission once and shows when granted', async () => {
    const show = vi.fn()
    let permission: 'default' | 'granted' | 'denied' = 'default'
    const request = vi.fn(async () => (permission = 'granted' as const))
    const api = createBrowserAdapter(
      environment({ notifications: { permission: () => permission, request, show } }).env,
    )
    await api.notify({ title: 'SLA', body: 'due' })
    await api.notify({ title: 'SLA', body: 'again' })
    expect(request).toHaveBeenCalledTimes(1)
    expect(show.mock.calls).toEqual([
      ['SLA', 'due'],
      ['SLA', 'again'],
    ])
  })

  it('stays quiet when notifications are denied or missing, and when the badge API refuses', async () => {
    const show = vi.fn()
    const denied = createBrowserAdapter(
      environment({ notifications: { permission: () => 'denied', request: vi.fn(), show } }).env,
    )
    await denied.notify({ title: 'x', body: 'y' })
    expect(show).not.toHaveBeenCalled()
    await expect(
      createBrowserAdapter(environment().env).notify({ title: 'x', body: 'y' }),
    ).resolves.toBeUndefined()

    const badge = {
      set: vi.fn(async () => Promise.reject(new Error('NotAllowedError'))),
      clear: vi.fn(async () => undefined),
    }
    const api = createBrowserAdapter(environment({ badge }).env)
    await expect(api.setBadgeCount(3)).resolves.toBeUndefined()
    await api.setBadgeCount(0)
    expect(badge.clear).toHaveBeenCalled()
  })
})

describe('printToPdf in a browser', () => {
  it('opens the browser print dialog, whose Save as PDF prints the statement alone; there is no path to report', async () => {
    const { env } = environment()
    const api = createBrowserAdapter(env)
    await expect(api.printToPdf({ fileName: 'statement.pdf' })).resolves.toEqual({ ok: true, savedTo: null })
    expect(env.print).toHaveBeenCalledTimes(1)
  })
})
