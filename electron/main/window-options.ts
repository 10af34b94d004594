/**
 * The options of the Caseload window. Pure, so the security settings are checked by a unit test rather
 * than trusted: an isolated, sandboxed renderer with no Node, web security on, no insecure content, no
 * <webview>, DevTools only in development.
 */
import type { BrowserWindowConstructorOptions } from 'electron'
import { minimumWindowSize, type WindowState } from './window-state'

export interface WindowOptionsInput {
  /** absolute path of out/preload/index.cjs */
  preloadPath: string
  /** where and how big; from window-state.ts (already fitted to the displays) */
  state: WindowState
  devTools: boolean
  title?: string
  /** the window icon (Linux); packaged apps get theirs from the desktop entry */
  iconPath?: string
}

export function buildWindowOptions(input: WindowOptionsInput): BrowserWindowConstructorOptions {
  const { state } = input
  return {
    title: input.title ?? 'Caseload',
    ...(state.x !== undefined && state.y !== undefined ? { x: state.x, y: state.y } : { center: true }),
    width: state.width,
    height: state.height,
    minWidth: minimumWindowSize.width,
    minHeight: minimumWindowSize.height,
    // shown on 'ready-to-show', so there is no white flash
    show: false,
    backgroundColor: '#f6f7f9',
    ...(input.iconPath ? { icon: input.iconPath } : {}),
    webPreferences: {
      preload: input.preloadPath,
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
      experimentalFeatures: false,
      navigateOnDragDrop: false,
      safeDialogs: true,
      spellcheck: true,
      devTools: input.devTools,
    },
  }
}
