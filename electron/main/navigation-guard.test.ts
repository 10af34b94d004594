import type { WebContents } from 'electron'
import { describe, expect, it, vi } from 'vitest'
import { guardNavigation, isAllowedNavigation, originOf } from './navigation-guard'

type Listener = (event: { url?: string; isMainFrame?: boolean; preventDefault(): void }) => void

/** A stand-in WebContents that records the guard's listeners and window-open handler. */
function fakeContents() {
  const listeners = new Map<string, Listener>()
  let openHandler: ((details: { url: string }) => { action: string }) | undefined
  const contents = {
    on: (event: string, listener: Listener) => listeners.set(event, listener),
    setWindowOpenHandler: (handler: typeof openHandler) => {
      openHandler = handler
    },
  }
  const fire = (name: string, details: { url?: string; isMainFrame?: boolean }) => {
    const event = { ...details, preventDefault: vi.fn() }
    const listener = listeners.get(name)
    if (!listener) throw new Error(`no ${name} listener`)
    listener(event)
    return event.preventDefault.mock.calls.length > 0
  }
  return {
    contents: contents as unknown as WebContents,
    fire,
    open: (url: string) => openHandler?.({ url }),
  }
}

function guarded() {
  const openExternal = vi.fn()
  const fake = fakeContents()
  guardNavigation(fake.contents, { allowedOrigins: ['app://caseload'], openExternal })
  return { ...fake, openExternal }
}

describe('originOf', () => {
  it('gives scheme://host, for app:// too (whose URL.origin is "null")', () => {
    expect(originOf('app://caseload/index.html#/x')).toBe('app://caseload')
    expect(originOf('http://localhost:5173/src/main.tsx')).toBe('http://localhost:5173')
    expect(originOf('file:///etc/passwd')).toBeNull()
    expect(originOf('not a url')).toBeNull()
  })

  it('does not mistake look-alike hosts for the app', () => {
    expect(isAllowedNavigation('app://caseload.evil.com/', ['app://caseload'])).toBe(false)
    expect(isAllowedNavigation('app://caseload@evil.com/', ['app://caseload'])).toBe(false)
    expect(isAllowedNavigation('https://caseload/', ['app://caseload'])).toBe(false)
  })
})

describe('guardNavigation', () => {
  it.each([
    'https://evil.example.com/',
    'http://127.0.0.1:4870/',
    'file:///etc/passwd',
    'javascript:alert(1)',
    'data:text/html,hi',
    'app://other/index.html',
  ])('cancels navigation of the window to %j', (url) => {
    const { fire } = guarded()
    expect(fire('will-navigate', { url })).toBe(true)
  })

  it('lets the app navigate within itself', () => {
    const { fire, openExternal } = guarded()
    expect(fire('will-navigate', { url: 'app://caseload/index.html' })).toBe(false)
    expect(openExternal).not.toHaveBeenCalled()
  })

  it('hands an http(s) link to the system browser, and nothing else', () => {
    const { fire, openExternal } = guarded()
    fire('will-navigate', { url: 'https://kb.example.com/article/1' })
    fire('will-navigate', { url: 'file:///etc/passwd' })
    fire('will-navigate', { url: 'javascript:alert(1)' })
    expect(openExternal.mock.calls).toEqual([['https://kb.example.com/article/1']])
  })

  it('cancels redirects and subframe navigations away from the app', () => {
    const { fire, openExternal } = guarded()
    expect(fire('will-redirect', { url: 'https://evil.example.com/' })).toBe(true)
    expect(fire('will-frame-navigate', { url: 'https://evil.example.com/', isMainFrame: false })).toBe(true)
    expect(fire('will-frame-navigate', { url: 'app://caseload/x', isMainFrame: false })).toBe(false)
    expect(openExternal).not.toHaveBeenCalled()
  })

  it.each(['https://example.com/', 'app://caseload/index.html', 'about:blank', 'file:///tmp/x.html'])(
    'denies window.open(%j)',
    (url) => {
      const { open } = guarded()
      expect(open(url)).toEqual({ action: 'deny' })
    },
  )

  it('opens a window.open of an http(s) page in the system browser instead', () => {
    const { open, openExternal } = guarded()
    open('https://example.com/help')
    open('file:///etc/passwd')
    expect(openExternal.mock.calls).toEqual([['https://example.com/help']])
  })

  it('refuses to attach a <webview>', () => {
    const { fire } = guarded()
    expect(fire('will-attach-webview', {})).toBe(true)
  })
})
