import type { IpcMainInvokeEvent } from 'electron'
import { describe, expect, it, vi } from 'vitest'
import { ipcChannels } from '@shared/desktop/contract'
import {
  checkSender,
  registerIpcHandlers,
  type DesktopHandlers,
  type SenderEvent,
  type SenderFrame,
  type TrustedWindow,
} from './ipc'

const appOrigins = ['app://caseload']

function frame(overrides: Partial<SenderFrame> = {}): SenderFrame {
  return {
    url: 'app://caseload/index.html',
    parent: null,
    isDestroyed: () => false,
    detached: false,
    processId: 7,
    frameToken: 'main-token',
    ...overrides,
  } as SenderFrame
}

function trustedWindow(
  mainFrame: SenderFrame = frame(),
  overrides: Partial<TrustedWindow> = {},
): TrustedWindow {
  return {
    isDestroyed: () => false,
    webContents: { id: 1, isDestroyed: () => false, mainFrame },
    ...overrides,
  }
}

const event = (senderFrame: SenderFrame | null, senderId = 1): SenderEvent => ({
  sender: { id: senderId },
  senderFrame,
})

describe('checkSender', () => {
  it('accepts the main frame of the Caseload window showing the app', () => {
    const main = frame()
    expect(checkSender(event(main), trustedWindow(main), appOrigins)).toEqual({ ok: true })
  })

  it('accepts the dev server origin when that is the allowed one', () => {
    const main = frame({ url: 'http://localhost:5173/' })
    expect(checkSender(event(main), trustedWindow(main), ['http://localhost:5173'])).toEqual({ ok: true })
  })

  it('refuses a subframe, even one showing the app', () => {
    const main = frame()
    const sub = frame({ parent: main as never, frameToken: 'sub-token' })
    expect(checkSender(event(sub), trustedWindow(main), appOrigins)).toMatchObject({ ok: false })
  })

  it('refuses a frame that is not the window main frame', () => {
    const main = frame()
    const other = frame({ frameToken: 'other-token' })
    expect(checkSender(event(other), trustedWindow(main), appOrigins)).toMatchObject({
      ok: false,
      reason: expect.stringContaining('main frame'),
    })
  })

  it.each([
    'https://evil.example.com/',
    'http://127.0.0.1:4870/',
    'file:///home/me/caseload/out/renderer/index.html',
    'app://caseload.evil.com/',
    'about:blank',
    'data:text/html,hi',
    '',
  ])('refuses the main frame when it shows %j', (url) => {
    const main = frame({ url })
    expect(checkSender(event(main), trustedWindow(main), appOrigins)).toMatchObject({
      ok: false,
      reason: expect.stringContaining('origin'),
    })
  })

  it('refuses a destroyed, detached or missing frame', () => {
    const main = frame()
    expect(checkSender(event(null), trustedWindow(main), appOrigins)).toMatchObject({ ok: false })
    const destroyed = frame({ isDestroyed: () => true })
    expect(checkSender(event(destroyed), trustedWindow(destroyed), appOrigins)).toMatchObject({ ok: false })
    const detached = frame({ detached: true })
    expect(checkSender(event(detached), trustedWindow(detached), appOrigins)).toMatchObject({ ok: false })
  })

  it('refuses another webContents and a closed window', () => {
    const main = frame()
    expect(checkSender(event(main, 2), trustedWindow(main), appOrigins)).toMatchObject({ ok: false })
    expect(checkSender(event(main), null, appOrigins)).toMatchObject({ ok: false })
    expect(
      checkSender(event(main), trustedWindow(main, { isDestroyed: () => true }), appOrigins),
    ).toMatchObject({ ok: false })
  })
})

function handlers(): DesktopHandlers {
  return {
    appInfo: vi.fn(() => ({
      name: 'Caseload',
      version: '1.0.0',
      platform: 'linux',
      shell: 'desktop' as const,
    })),
    credentialsInfo: vi.fn(() => ({ kind: 'os-keychain' as const, persistent: true, description: 'x' })),
    credentialsSave: vi.fn(async () => ({ ok: true as const })),
    credentialsLoad: vi.fn(async () => ({ ok: true as const, value: 'token' })),
    credentialsClear: vi.fn(async () => ({ ok: true as const })),
    notify: vi.fn(),
    setBadgeCount: vi.fn(),
    openExternal: vi.fn(async () => ({ ok: true })),
    printToPdf: vi.fn(async () => ({ ok: true as const, savedTo: '/home/me/statement.pdf' })),
  }
}

function fakeIpcMain() {
  const registered = new Map<string, (event: IpcMainInvokeEvent, ...args: unknown[]) => unknown>()
  return {
    registered,
    ipcMain: {
      handle: vi.fn(
        (channel: string, listener: (event: IpcMainInvokeEvent, ...args: unknown[]) => unknown) => {
          registered.set(channel, listener)
        },
      ),
      removeHandler: vi.fn((channel: string) => registered.delete(channel)),
    },
    call: (channel: string, ...args: unknown[]) => {
      const listener = registered.get(channel)
      if (!listener) throw new Error(`no handler for ${channel}`)
      return Promise.resolve(listener({} as IpcMainInvokeEvent, ...args))
    },
  }
}

describe('registerIpcHandlers', () => {
  it('registers exactly one handler per contract channel, and removes them all', () => {
    const fake = fakeIpcMain()
    const unregister = registerIpcHandlers(fake.ipcMain, {
      handlers: handlers(),
      checkSender: () => ({ ok: true }),
    })
    expect([...fake.registered.keys()].sort()).toEqual(Object.values(ipcChannels).sort())
    unregister()
    expect(fake.registered.size).toBe(0)
  })

  it('refuses every channel when the sender check fails, before running the handler', async () => {
    const fake = fakeIpcMain()
    const h = handlers()
    const onRefused = vi.fn()
    registerIpcHandlers(fake.ipcMain, {
      handlers: h,
      checkSender: () => ({ ok: false, reason: 'the sender is not the main frame' }),
      onRefused,
    })
    for (const channel of Object.values(ipcChannels)) {
      await expect(fake.call(channel)).rejects.toThrow(/refused .*not the main frame/)
    }
    expect(onRefused).toHaveBeenCalledTimes(Object.values(ipcChannels).length)
    for (const handler of Object.values(h)) expect(handler).not.toHaveBeenCalled()
  })

  it('passes checked arguments to the handlers', async () => {
    const fake = fakeIpcMain()
    const h = handlers()
    registerIpcHandlers(fake.ipcMain, { handlers: h, checkSender: () => ({ ok: true }) })
    await expect(fake.call(ipcChannels.appInfo)).resolves.toMatchObject({ shell: 'desktop' })
    await fake.call(ipcChannels.credentialsSave, 'http://127.0.0.1:4870', 'refresh')
    expect(h.credentialsSave).toHaveBeenCalledWith('http://127.0.0.1:4870', 'refresh')
    await fake.call(ipcChannels.notify, { title: 'SLA', body: 'Incident 42 is due', extra: 'dropped' })
    expect(h.notify).toHaveBeenCalledWith({ title: 'SLA', body: 'Incident 42 is due' })
    await fake.call(ipcChannels.setBadgeCount, 3)
    expect(h.setBadgeCount).toHaveBeenCalledWith(3)
    await fake.call(ipcChannels.printToPdf, { fileName: 'statement-globex-2026-02.pdf', path: '/etc/x' })
    expect(h.printToPdf).toHaveBeenCalledWith({ fileName: 'statement-globex-2026-02.pdf' })
  })

  it.each([
    [ipcChannels.credentialsSave, [42, 'token'], /server must be a string/],
    [ipcChannels.credentialsSave, ['http://x', { toString: () => 'x' }], /refreshToken must be a string/],
    [ipcChannels.credentialsLoad, [null], /server must be a string/],
    [ipcChannels.notify, ['hello'], /notification must be an object/],
    [ipcChannels.notify, [{ title: 'x'.repeat(300), body: '' }], /title is longer/],
    [ipcChannels.setBadgeCount, [-1], /whole number/],
    [ipcChannels.setBadgeCount, [1.5], /whole number/],
    [ipcChannels.setBadgeCount, ['3'], /whole number/],
    [ipcChannels.openExternal, [{ href: 'https://x' }], /url must be a string/],
    [ipcChannels.appInfo, ['unexpected'], /takes 0 argument/],
    [ipcChannels.printToPdf, ['statement.pdf'], /PDF request must be an object/],
    [ipcChannels.printToPdf, [{ fileName: 42 }], /fileName must be a string/],
    [ipcChannels.printToPdf, [{ fileName: '../../.bashrc.pdf' }], /plain file name/],
    [ipcChannels.printToPdf, [{ fileName: '/tmp/statement.pdf' }], /plain file name/],
    [ipcChannels.printToPdf, [{ fileName: 'statement.exe' }], /ending in .pdf/],
  ])('rejects bad arguments on %s %j', async (channel, args, message) => {
    const fake = fakeIpcMain()
    const h = handlers()
    registerIpcHandlers(fake.ipcMain, { handlers: h, checkSender: () => ({ ok: true }) })
    await expect(fake.call(channel, ...args)).rejects.toThrow(message)
  })
})
