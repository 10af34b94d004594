import { beforeEach, describe, expect, it, vi } from 'vitest'
import { ipcChannels, type DesktopApi } from '@shared/desktop/contract'

const electron = vi.hoisted(() => ({
  contextBridge: { exposeInMainWorld: vi.fn() },
  ipcRenderer: { invoke: vi.fn(async (..._args: unknown[]) => undefined as unknown) },
}))
vi.mock('electron', () => electron)

beforeEach(() => {
  vi.resetModules()
  electron.contextBridge.exposeInMainWorld.mockClear()
  electron.ipcRenderer.invoke.mockClear()
})

async function exposedApi(): Promise<DesktopApi> {
  await import('./index')
  expect(electron.contextBridge.exposeInMainWorld).toHaveBeenCalledTimes(1)
  const [name, api] = electron.contextBridge.exposeInMainWorld.mock.calls[0] as [string, DesktopApi]
  expect(name).toBe('caseload')
  return api
}

describe('the preload', () => {
  it('exposes exactly one object, window.caseload, with the DesktopApi methods and nothing else', async () => {
    const api = await exposedApi()
    expect(Object.keys(api).sort()).toEqual(
      [
        'appInfo',
        'credentials',
        'isOnline',
        'notify',
        'onOnlineChange',
        'openExternal',
        'printToPdf',
        'setBadgeCount',
      ].sort(),
    )
    expect(Object.keys(api.credentials).sort()).toEqual(['clear', 'info', 'load', 'save'])
    expect(api).not.toHaveProperty('ipcRenderer')
    expect(api).not.toHaveProperty('invoke')
  })

  it('makes every call one named IPC channel with its arguments', async () => {
    const api = await exposedApi()
    await api.appInfo()
    await api.credentials.info()
    await api.credentials.save('http://127.0.0.1:4870', 'refresh')
    await api.credentials.load('http://127.0.0.1:4870')
    await api.credentials.clear('http://127.0.0.1:4870')
    await api.notify({ title: 'SLA', body: 'due', sneaky: true } as never)
    await api.setBadgeCount(2)
    await api.openExternal('https://example.com')
    await api.printToPdf({ fileName: 'statement.pdf', sneaky: true } as never)
    expect(electron.ipcRenderer.invoke.mock.calls).toEqual([
      [ipcChannels.appInfo],
      [ipcChannels.credentialsInfo],
      [ipcChannels.credentialsSave, 'http://127.0.0.1:4870', 'refresh'],
      [ipcChannels.credentialsLoad, 'http://127.0.0.1:4870'],
      [ipcChannels.credentialsClear, 'http://127.0.0.1:4870'],
      [ipcChannels.notify, { title: 'SLA', body: 'due' }],
      [ipcChannels.setBadgeCount, 2],
      [ipcChannels.openExternal, 'https://example.com'],
      [ipcChannels.printToPdf, { fileName: 'statement.pdf' }],
    ])
  })
})

describe('online/offline in the preload', () => {
  it('follows the page, and a subscription returns its unsubscribe', async () => {
    const { createDesktopApi } = await import('./desktop-api')
    const listeners = new Map<string, Set<() => void>>()
    const page = {
      navigator: { onLine: true },
      addEventListener: (type: string, listener: () => void) => {
        if (!listeners.has(type)) listeners.set(type, new Set())
        listeners.get(type)?.add(listener)
      },
      removeEventListener: (type: string, listener: () => void) => listeners.get(type)?.delete(listener),
    }
    const api = createDesktopApi(page)
    expect(api.isOnline()).toBe(true)
    page.navigator.onLine = false
    expect(api.isOnline()).toBe(false)

    const seen: boolean[] = []
    const unsubscribe = api.onOnlineChange((online) => seen.push(online))
    listeners.get('offline')?.forEach((l) => l())
    listeners.get('online')?.forEach((l) => l())
    unsubscribe()
    expect(listeners.get('online')?.size).toBe(0)
    expect(listeners.get('offline')?.size).toBe(0)
    expect(seen).toEqual([false, true])
  })
})
