/**
 * The wiring of the main process, with the electron module mocked (the Electron binary cannot run in CI):
 * everything index.ts promises happens, in the right order, with the right settings.
 */
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import path from 'node:path'
import type { IpcMainInvokeEvent } from 'electron'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { ipcChannels } from '@shared/desktop/contract'

type Handler = (...args: unknown[]) => unknown

const mock = vi.hoisted(() => {
  const order: string[] = []
  const appListeners = new Map<string, Handler>()
  const windows: Array<{ options: Record<string, unknown>; loadURL: ReturnType<typeof vi.fn> }> = []
  const ipcHandlers = new Map<string, Handler>()
  let resolveReady: () => void = () => undefined
  const ready = new Promise<void>((resolve) => (resolveReady = resolve))
  const state = { lock: true, userData: '' }
  const mainFrame = {
    url: 'app://caseload/index.html',
    parent: null,
    isDestroyed: () => false,
    detached: false,
    processId: 1,
    frameToken: 'main',
  }

  class BrowserWindow {
    static getAllWindows = () => windows
    options: Record<string, unknown>
    loadURL = vi.fn(async (url: string) => void order.push(`loadURL ${url}`))
    webContents = { id: 11, isDestroyed: () => false, mainFrame }
    constructor(options: Record<string, unknown>) {
      this.options = options
      windows.push(this)
      order.push('new BrowserWindow')
    }
    on = vi.fn()
    once = vi.fn()
    isDestroyed = () => false
    getNormalBounds = () => ({ x: 0, y: 0, width: 1280, height: 800 })
    isMaximized = () => false
  }

  const electron = {
    app: {
      isPackaged: true,
      requestSingleInstanceLock: vi.fn(() => {
        order.push('requestSingleInstanceLock')
        return state.lock
      }),
      enableSandbox: vi.fn(() => void order.push('enableSandbox')),
      whenReady: vi.fn(() => ready),
      on: vi.fn((event: string, listener: Handler) => appListeners.set(event, listener)),
      quit: vi.fn(() => void order.push('quit')),
      exit: vi.fn(),
      getName: () => 'Caseload',
      getVersion: () => '0.1.0',
      getPath: () => state.userData,
      setAppUserModelId: vi.fn(),
      setBadgeCount: vi.fn(),
    },
    BrowserWindow,
    ipcMain: {
      handle: vi.fn((channel: string, handler: Handler) => ipcHandlers.set(channel, handler)),
      removeHandler: vi.fn(),
    },
    Menu: {
      buildFromTemplate: vi.fn((template: unknown) => ({ template })),
      setApplicationMenu: vi.fn(),
    },
    nativeImage: { createFromBitmap: vi.fn(() => ({})) },
    Notification: Object.assign(vi.fn(), { isSupported: () => true }),
    protocol: {
      registerSchemesAsPrivileged: vi.fn(() => void order.push('registerSchemesAsPrivileged')),
      handle: vi.fn((scheme: string) => void order.push(`protocol.handle ${scheme}`)),
    },
    safeStorage: {
      isEncryptionAvailable: () => true,
      getSelectedStorageBackend: () => 'gnome_libsecret',
      encryptString: (s: string) => Buffer.from(s),
      decryptString: (b: Buffer) => b.toString(),
    },
    screen: {
      getPrimaryDisplay: () => ({ id: 1, workArea: { x: 0, y: 0, width: 1920, height: 1080 } }),
      getAllDisplays: () => [{ id: 1, workArea: { x: 0, y: 0, width: 1920, height: 1080 } }],
    },
    session: {
      defaultSession: {
        setPermissionRequestHandler: vi.fn(),
        setPermissionCheckHandler: vi.fn(),
        setDevicePermissionHandler: vi.fn(),
        webRequest: { onHeadersReceived: vi.fn() },
      },
    },
    shell: { openExternal: vi.fn(async () => undefined) },
  }
  return { electron, order, appListeners, windows, ipcHandlers, resolveReady, state, mainFrame }
})

vi.mock('electron', () => mock.electron)

beforeEach(async () => {
  mock.state.userData = await mkdtemp(path.join(tmpdir(), 'caseload-main-'))
})
afterEach(async () => {
  await rm(mock.state.userData, { recursive: true, force: true })
})

async function startMain() {
  await import('./index')
  mock.resolveReady()
  await vi.waitFor(() => expect(mock.windows[0]?.loadURL).toHaveBeenCalled())
  return mock.windows[0]
}

describe('the main process', () => {
  it('registers the app:// scheme, the sandbox and the single-instance lock before ready', async () => {
    await startMain()
    const beforeWindow = mock.order.slice(0, mock.order.indexOf('new BrowserWindow'))
    expect(beforeWindow.slice(0, 3)).toEqual([
      'registerSchemesAsPrivileged',
      'enableSandbox',
      'requestSingleInstanceLock',
    ])
    expect(mock.electron.protocol.registerSchemesAsPrivileged).toHaveBeenCalledWith([
      expect.objectContaining({
        scheme: 'app',
        privileges: expect.objectContaining({ standard: true, secure: true }),
      }),
    ])
    expect(mock.appListeners.has('second-instance')).toBe(true)
  })

  it('serves the renderer from app://caseload, never file://', async () => {
    const window = await startMain()
    expect(mock.order).toContain('protocol.handle app')
    expect(window?.loadURL).toHaveBeenCalledWith('app://caseload/index.html')
  })

  it('opens a hardened window with the CommonJS preload and no DevTools when packaged', async () => {
    const window = await startMain()
    const webPreferences = window?.options.webPreferences as Record<string, unknown>
    expect(webPreferences).toMatchObject({
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
      devTools: false,
    })
    expect(String(webPreferences.preload)).toMatch(/[/\\]preload[/\\]index\.cjs$/)
  })

  it('denies permissions, guards every web contents and sets a menu', async () => {
    await startMain()
    const defaultSession = mock.electron.session.defaultSession
    expect(defaultSession.setPermissionRequestHandler).toHaveBeenCalled()
    expect(defaultSession.setPermissionCheckHandler).toHaveBeenCalled()
    expect(mock.appListeners.has('web-contents-created')).toBe(true)
    const contents = { on: vi.fn(), setWindowOpenHandler: vi.fn() }
    mock.appListeners.get('web-contents-created')?.({}, contents)
    expect(contents.setWindowOpenHandler).toHaveBeenCalled()
    expect(contents.on.mock.calls.map(([event]) => event)).toEqual(
      expect.arrayContaining(['will-navigate', 'will-redirect', 'will-attach-webview']),
    )
    expect(mock.electron.Menu.setApplicationMenu).toHaveBeenCalled()
  })

  it('answers IPC from the window main frame and refuses any other frame', async () => {
    await startMain()
    expect([...mock.ipcHandlers.keys()].sort()).toEqual(Object.values(ipcChannels).sort())
    const appInfo = mock.ipcHandlers.get(ipcChannels.appInfo) as (
      event: IpcMainInvokeEvent,
    ) => Promise<unknown>
    const fromMain = { sender: { id: 11 }, senderFrame: mock.mainFrame } as unknown as IpcMainInvokeEvent
    await expect(appInfo(fromMain)).resolves.toEqual({
      name: 'Caseload',
      version: '0.1.0',
      platform: process.platform,
      shell: 'desktop',
    })
    const fromSubframe = {
      sender: { id: 11 },
      senderFrame: { ...mock.mainFrame, parent: mock.mainFrame, frameToken: 'sub' },
    } as unknown as IpcMainInvokeEvent
    await expect(appInfo(fromSubframe)).rejects.toThrow(/refused/)
  })
})
