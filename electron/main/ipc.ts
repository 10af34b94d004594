/**
 * The IPC surface of the main process: one handler per channel of the DesktopApi contract, nothing else.
 * Every call is checked before it runs: it must come from the main frame of the Caseload window, and
 * that frame must show the app (app://caseload, or the Vite dev server in development). Arguments are
 * untrusted input and are type-checked here; a refused call rejects the renderer's promise with an error.
 */
import type { IpcMain, IpcMainInvokeEvent, WebContents, WebFrameMain } from 'electron'
import {
  ipcChannels,
  type AppInfo,
  type CredentialReadResult,
  type CredentialResult,
  type CredentialStorageInfo,
  type NotificationRequest,
  type PdfRequest,
  type PdfResult,
} from '@shared/desktop/contract'
import { originOf } from './navigation-guard'

export interface DesktopHandlers {
  appInfo(): AppInfo | Promise<AppInfo>
  credentialsInfo(): CredentialStorageInfo | Promise<CredentialStorageInfo>
  credentialsSave(server: string, refreshToken: string): Promise<CredentialResult>
  credentialsLoad(server: string): Promise<CredentialReadResult>
  credentialsClear(server: string): Promise<CredentialResult>
  notify(request: NotificationRequest): void | Promise<void>
  setBadgeCount(count: number): void | Promise<void>
  openExternal(url: string): Promise<{ ok: boolean; reason?: string }>
  printToPdf(request: PdfRequest): Promise<PdfResult>
}

// The handlers are exactly the channels of the contract: adding a channel without a handler fails to compile.
type SameKeys<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false
const handlersMatchChannels: SameKeys<keyof DesktopHandlers, keyof typeof ipcChannels> = true
void handlersMatchChannels

export type SenderCheck = { ok: true } | { ok: false; reason: string }

export type SenderFrame = Pick<
  WebFrameMain,
  'url' | 'parent' | 'isDestroyed' | 'detached' | 'processId' | 'frameToken'
>

export interface SenderEvent {
  sender: Pick<WebContents, 'id'>
  senderFrame: SenderFrame | null
}

/** What the check needs to know about our window; null when it is closed. */
export interface TrustedWindow {
  isDestroyed(): boolean
  webContents: Pick<WebContents, 'id' | 'isDestroyed'> & { mainFrame: SenderFrame }
}

export function checkSender(
  event: SenderEvent,
  window: TrustedWindow | null,
  allowedOrigins: readonly string[],
): SenderCheck {
  const frame = event.senderFrame
  if (!frame) return { ok: false, reason: 'the sending frame is gone (navigated away or destroyed)' }
  if (frame.isDestroyed() || frame.detached) return { ok: false, reason: 'the sending frame is destroyed' }
  if (!window || window.isDestroyed() || window.webContents.isDestroyed()) {
    return { ok: false, reason: 'the Caseload window is closed' }
  }
  if (event.sender.id !== window.webContents.id)
    return { ok: false, reason: 'the sender is not the Caseload window' }
  const main = window.webContents.mainFrame
  const isMainFrame =
    frame.parent === null &&
    (frame === main || (frame.processId === main.processId && frame.frameToken === main.frameToken))
  if (!isMainFrame) return { ok: false, reason: 'the sender is not the main frame of the Caseload window' }
  const origin = originOf(frame.url)
  if (origin === null || !allowedOrigins.includes(origin)) {
    return { ok: false, reason: `the sender's origin ${origin ?? `(${frame.url || 'none'})`} is not the app` }
  }
  return { ok: true }
}

/** A bad argument from the renderer; its message names the field. */
export class IpcArgumentError extends TypeError {
  override name = 'IpcArgumentError'
}

function text(value: unknown, field: string, maxLength: number): string {
  if (typeof value !== 'string') throw new IpcArgumentError(`${field} must be a string`)
  if (value.length > maxLength) throw new IpcArgumentError(`${field} is longer than ${maxLength} characters`)
  return value
}

function arity(args: unknown[], count: number, channel: string): unknown[] {
  if (args.length > count)
    throw new IpcArgumentError(`${channel} takes ${count} argument(s), got ${args.length}`)
  return args
}

type Route = (handlers: DesktopHandlers, args: unknown[]) => unknown

/** Argument checks per channel, then the call. Keys are the contract's method names. */
export const routes: Record<keyof typeof ipcChannels, Route> = {
  appInfo: (h, args) => (arity(args, 0, 'appInfo'), h.appInfo()),
  credentialsInfo: (h, args) => (arity(args, 0, 'credentialsInfo'), h.credentialsInfo()),
  credentialsSave: (h, args) => {
    const [server, token] = arity(args, 2, 'credentials.save')
    return h.credentialsSave(text(server, 'server', 2048), text(token, 'refreshToken', 16_384))
  },
  credentialsLoad: (h, args) => {
    const [server] = arity(args, 1, 'credentials.load')
    return h.credentialsLoad(text(server, 'server', 2048))
  },
  credentialsClear: (h, args) => {
    const [server] = arity(args, 1, 'credentials.clear')
    return h.credentialsClear(text(server, 'server', 2048))
  },
  notify: (h, args) => {
    const [request] = arity(args, 1, 'notify')
    if (typeof request !== 'object' || request === null)
      throw new IpcArgumentError('notification must be an object')
    const { title, body } = request as Record<string, unknown>
    return h.notify({ title: text(title, 'title', 256), body: text(body, 'body', 4096) })
  },
  setBadgeCount: (h, args) => {
    const [count] = arity(args, 1, 'setBadgeCount')
    if (typeof count !== 'number' || !Number.isInteger(count) || count < 0 || count > 1_000_000) {
      throw new IpcArgumentError('count must be a whole number from 0')
    }
    return h.setBadgeCount(count)
  },
  openExternal: (h, args) => {
    const [url] = arity(args, 1, 'openExternal')
    return h.openExternal(text(url, 'url', 8192))
  },
  printToPdf: (h, args) => {
    const [request] = arity(args, 1, 'printToPdf')
    if (typeof request !== 'object' || request === null)
      throw new IpcArgumentError('the PDF request must be an object')
    const fileName = text((request as Record<string, unknown>).fileName, 'fileName', 255)
    // a name for the dialog to suggest, never a path: the user picks the folder
    if (!/^[^/\\\0]+\.pdf$/i.test(fileName) || fileName.startsWith('.'))
      throw new IpcArgumentError('fileName must be a plain file name ending in .pdf')
    return h.printToPdf({ fileName })
  },
}

export interface IpcOptions {
  handlers: DesktopHandlers
  /** decides whether the event comes from our window's main frame showing the app */
  checkSender: (event: IpcMainInvokeEvent) => SenderCheck
  /** told about every refused call (for the log) */
  onRefused?: (channel: string, reason: string) => void
}

/** Registers one handler per channel; returns a function that removes them all. */
export function registerIpcHandlers(
  ipcMain: Pick<IpcMain, 'handle' | 'removeHandler'>,
  options: IpcOptions,
): () => void {
  const names = Object.keys(ipcChannels) as (keyof typeof ipcChannels)[]
  for (const name of names) {
    const channel = ipcChannels[name]
    const route = routes[name]
    ipcMain.handle(channel, async (event, ...args: unknown[]) => {
      const check = options.checkSender(event)
      if (!check.ok) {
        options.onRefused?.(channel, check.reason)
        throw new Error(`Caseload refused ${channel}: ${check.reason}`)
      }
      return route(options.handlers, args)
    })
  }
  return () => {
    for (const name of names) ipcMain.removeHandler(ipcChannels[name])
  }
}
