/**
 * The main process: wiring only. Each concern lives in its own module with its own unit tests;
 * this file connects them to Electron.
 */
import { writeFile } from 'node:fs/promises'
import path from 'node:path'
import {
  app,
  BrowserWindow,
  dialog,
  ipcMain,
  Menu,
  nativeImage,
  Notification,
  protocol,
  safeStorage,
  screen,
  session,
  shell,
  type NativeImage,
} from 'electron'
import { appEntryUrl, appOrigin, registerAppProtocol, registerAppSchemeAsPrivileged } from './app-protocol'
import { readMainConfig } from './config'
import { applyPolicyToDevServer, buildContentSecurityPolicy } from './content-security-policy'
import { createCredentialStore } from './credentials'
import { openExternalLink } from './external-links'
import { printWindowToPdf } from './print-pdf'
import { checkSender, registerIpcHandlers } from './ipc'
import { buildMenuTemplate } from './menu'
import { guardNavigation } from './navigation-guard'
import { badgeDotBitmap, setBadgeCount, showNotification } from './os-integration'
import { denyAllPermissions } from './permissions'
import { buildWindowOptions } from './window-options'
import { fitToDisplays, loadWindowState, trackWindowState } from './window-state'

const here = import.meta.dirname
const config = readMainConfig({
  env: process.env,
  isPackaged: app.isPackaged,
  builtServerUrl: import.meta.env.VITE_CASELOAD_SERVER_URL,
})
for (const warning of config.warnings) console.warn(`[caseload] ${warning}`)
/** the one origin the window may show and accept IPC from */
const allowedOrigins = [config.devServerUrl ?? appOrigin]

// Before ready: the app:// scheme's privileges, and the sandbox for every renderer.
registerAppSchemeAsPrivileged(protocol)
app.enableSandbox()

let mainWindow: BrowserWindow | null = null

if (!app.requestSingleInstanceLock()) {
  app.quit()
} else {
  app.on('second-instance', () => {
    if (!mainWindow) return
    if (mainWindow.isMinimized()) mainWindow.restore()
    mainWindow.focus()
  })
  app.on('web-contents-created', (_event, contents) => {
    guardNavigation(contents, {
      allowedOrigins,
      openExternal: (url) => void openExternalLink(shell, url),
    })
  })
  app.on('window-all-closed', () => {
    if (process.platform !== 'darwin') app.quit()
  })
  app.on('activate', () => {
    if (BrowserWindow.getAllWindows().length === 0) void createWindow()
  })
  app
    .whenReady()
    .then(start)
    .catch((error: unknown) => {
      console.error('[caseload] could not start', error)
      app.exit(1)
    })
}

async function start(): Promise<void> {
  if (process.platform === 'win32') app.setAppUserModelId('app.caseload.desktop')

  const policy = buildContentSecurityPolicy({
    serverUrl: config.serverUrl,
    devServerUrl: config.devServerUrl,
  })
  denyAllPermissions(session.defaultSession, (permission, origin) =>
    console.warn(`[caseload] denied the ${permission} permission to ${origin}`),
  )
  if (config.devServerUrl) applyPolicyToDevServer(session.defaultSession, config.devServerUrl, policy)
  else registerAppProtocol(protocol, { root: path.join(here, '../renderer'), contentSecurityPolicy: policy })

  Menu.setApplicationMenu(
    Menu.buildFromTemplate(
      buildMenuTemplate({
        isMac: process.platform === 'darwin',
        isDev: config.isDev,
        appName: app.getName(),
      }),
    ),
  )

  const credentials = createCredentialStore({
    file: path.join(app.getPath('userData'), 'credentials.json'),
    safeStorage,
    platform: process.platform,
  })
  let badgeImage: NativeImage | undefined
  registerIpcHandlers(ipcMain, {
    checkSender: (event) => checkSender(event, mainWindow, allowedOrigins),
    onRefused: (channel, reason) => console.warn(`[caseload] refused ${channel}: ${reason}`),
    handlers: {
      appInfo: () => ({
        name: app.getName(),
        version: app.getVersion(),
        platform: process.platform,
        shell: 'desktop',
      }),
      credentialsInfo: () => credentials.info(),
      credentialsSave: (server, refreshToken) => credentials.save(server, refreshToken),
      credentialsLoad: (server) => credentials.load(server),
      credentialsClear: (server) => credentials.clear(server),
      notify: (request) => showNotification(Notification, request),
      setBadgeCount: (count) =>
        setBadgeCount(
          {
            app,
            window: mainWindow,
            platform: process.platform,
            overlayImage: () =>
              (badgeImage ??= nativeImage.createFromBitmap(badgeDotBitmap(), { width: 16, height: 16 })),
          },
          count,
        ),
      openExternal: (url) => openExternalLink(shell, url),
      printToPdf: (request) =>
        printWindowToPdf(
          {
            window: mainWindow,
            askWhere: (defaultName) => {
              const options = { defaultPath: defaultName, filters: [{ name: 'PDF', extensions: ['pdf'] }] }
              return mainWindow ? dialog.showSaveDialog(mainWindow, options) : dialog.showSaveDialog(options)
            },
            writeFile: (file, data) => writeFile(file, data),
          },
          request,
        ),
    },
  })

  await createWindow()
}

async function createWindow(): Promise<void> {
  const stateFile = path.join(app.getPath('userData'), 'window-state.json')
  const primary = screen.getPrimaryDisplay()
  const workAreas = [primary, ...screen.getAllDisplays().filter((display) => display.id !== primary.id)].map(
    (display) => display.workArea,
  )
  const state = fitToDisplays(await loadWindowState(stateFile), workAreas)

  const window = new BrowserWindow(
    buildWindowOptions({
      preloadPath: path.join(here, '../preload/index.cjs'),
      state,
      devTools: config.isDev,
    }),
  )
  mainWindow = window
  trackWindowState(window, stateFile, (error) =>
    console.warn('[caseload] could not save the window state', error),
  )
  window.once('ready-to-show', () => {
    if (state.maximized) window.maximize()
    window.show()
  })
  window.on('closed', () => {
    if (mainWindow === window) mainWindow = null
  })
  await window.loadURL(config.devServerUrl ?? appEntryUrl)
}
