import { afterEach, describe, expect, it, vi } from 'vitest'
import type { DesktopApi } from '@shared/desktop/contract'
import { selectDesktopApi } from './index'

const desktopBridge = { appInfo: vi.fn() } as unknown as DesktopApi

afterEach(() => {
  vi.unstubAllGlobals()
  vi.resetModules()
})

describe('selectDesktopApi', () => {
  it('uses the desktop bridge when the preload exposed one', () => {
    const fallback = vi.fn()
    expect(selectDesktopApi({ caseload: desktopBridge }, fallback)).toBe(desktopBridge)
    expect(fallback).not.toHaveBeenCalled()
  })

  it('falls back to the browser adapter otherwise', () => {
    const adapter = {} as DesktopApi
    expect(selectDesktopApi({}, () => adapter)).toBe(adapter)
  })
})

/** A window without DOM: just what the browser adapter reads. */
function fakeWindow(extra: Record<string, unknown> = {}) {
  return {
    sessionStorage: { getItem: () => null, setItem: () => undefined, removeItem: () => undefined },
    navigator: { onLine: true },
    addEventListener: () => undefined,
    removeEventListener: () => undefined,
    open: () => null,
    ...extra,
  }
}

describe('getDesktopApi', () => {
  it('returns window.caseload in the desktop app', async () => {
    vi.stubGlobal('window', fakeWindow({ caseload: desktopBridge }))
    const { getDesktopApi } = await import('./index')
    expect(getDesktopApi()).toBe(desktopBridge)
  })

  it('returns the browser adapter in a browser', async () => {
    vi.stubGlobal('window', fakeWindow())
    const { getDesktopApi } = await import('./index')
    const api = getDesktopApi()
    await expect(api.appInfo()).resolves.toMatchObject({ shell: 'browser', platform: 'web' })
    await expect(api.credentials.info()).resolves.toMatchObject({ kind: 'session', persistent: false })
  })

  it('picks once: later changes to window do not switch platforms', async () => {
    const win = fakeWindow() as Record<string, unknown>
    vi.stubGlobal('window', win)
    const { getDesktopApi } = await import('./index')
    const first = getDesktopApi()
    win.caseload = desktopBridge
    expect(getDesktopApi()).toBe(first)
  })
})
