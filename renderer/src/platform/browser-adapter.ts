/**
 * DesktopApi in a plain browser (npm run web, and machines without the Electron binary). Web APIs stand in
 * for the desktop ones: the sign-in lives in sessionStorage (this tab's session only, and info() says so for
 * the UI), notifications are the browser's, the badge is the Badging API where there is one, links open in a
 * new tab, and online/offline is navigator.onLine with its events.
 *
 * Everything the adapter touches comes in through BrowserEnvironment, so it is tested without a DOM.
 */
import type {
  AppInfo,
  CredentialReadResult,
  CredentialResult,
  CredentialStorageInfo,
  DesktopApi,
  NotificationRequest,
  PdfResult,
  Unsubscribe,
} from '@shared/desktop/contract'
import { checkExternalUrl } from '@shared/security/external-links'

/** The part of Storage the adapter uses (sessionStorage in a browser). */
export interface KeyValueStorage {
  getItem(key: string): string | null
  setItem(key: string, value: string): void
  removeItem(key: string): void
}

export type NotificationPermissionState = 'default' | 'granted' | 'denied'

export interface BrowserEnvironment {
  /** sessionStorage, or null when the browser refuses access to it */
  storage: KeyValueStorage | null
  isOnline(): boolean
  addEventListener(type: 'online' | 'offline', listener: () => void): void
  removeEventListener(type: 'online' | 'offline', listener: () => void): void
  /** opens a URL in a new tab, without giving it a handle on this page */
  openWindow(url: string): void
  /** the browser's print dialog (its "Save as PDF" prints with the print stylesheet) */
  print(): void
  notifications: {
    permission(): NotificationPermissionState
    request(): Promise<NotificationPermissionState>
    show(title: string, body: string): void
  } | null
  badge: { set(count: number): Promise<void>; clear(): Promise<void> } | null
  version: string
}

export const sessionCredentialDescription =
  'Your sign-in is kept for this browser session only: closing the tab or the browser signs you out.'
const noStorageDescription =
  'This browser does not let Caseload keep your sign-in, not even for this browser session only; you will sign in each time.'
const noStorageMessage = 'This browser does not let Caseload keep your sign-in; you will sign in each time.'
const invalidServerMessage = 'The server must be an http or https address.'

const storagePrefix = 'caseload.credentials:'

/** The server address as a storage key (URL without trailing slash), or null when it is not http(s). */
function serverKey(server: string): string | null {
  let url: URL
  try {
    url = new URL(server)
  } catch {
    return null
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return null
  return `${storagePrefix}${url.origin}${url.pathname.replace(/\/+$/, '')}`
}

export function createBrowserAdapter(env: BrowserEnvironment): DesktopApi {
  const { storage } = env

  const credentials: DesktopApi['credentials'] = {
    async info(): Promise<CredentialStorageInfo> {
      return {
        kind: 'session',
        persistent: false,
        description: storage ? sessionCredentialDescription : noStorageDescription,
      }
    },
    async save(server, refreshToken): Promise<CredentialResult> {
      const key = serverKey(server)
      if (!key) return { ok: false, code: 'invalid-input', message: invalidServerMessage }
      if (typeof refreshToken !== 'string' || refreshToken === '') {
        return { ok: false, code: 'invalid-input', message: 'The refresh token is empty.' }
      }
      if (!storage) return { ok: false, code: 'unavailable', message: noStorageMessage }
      try {
        storage.setItem(key, refreshToken)
        return { ok: true }
      } catch {
        return { ok: false, code: 'unavailable', message: noStorageMessage }
      }
    },
    async load(server): Promise<CredentialReadResult> {
      const key = serverKey(server)
      if (!key) return { ok: true, value: null }
      if (!storage) return { ok: false, code: 'unavailable', message: noStorageMessage }
      try {
        return { ok: true, value: storage.getItem(key) }
      } catch {
        return { ok: false, code: 'unavailable', message: noStorageMessage }
      }
    },
    async clear(server): Promise<CredentialResult> {
      const key = serverKey(server)
      if (!key) return { ok: false, code: 'invalid-input', message: invalidServerMessage }
      if (!storage) return { ok: true }
      try {
        storage.removeItem(key)
        return { ok: true }
      } catch {
        return { ok: false, code: 'unavailable', message: noStorageMessage }
      }
    },
  }

  return {
    async appInfo(): Promise<AppInfo> {
      return { name: 'Caseload', version: env.version, platform: 'web', shell: 'browser' }
    },
    credentials,
    async notify({ title, body }: NotificationRequest): Promise<void> {
      const notifications = env.notifications
      if (!notifications) return
      try {
        let permission = notifications.permission()
        if (permission === 'default') permission = await notifications.request()
        if (permission === 'granted') notifications.show(title, body)
      } catch {
        // a notification is a courtesy: never let it break the caller
      }
    },
    async setBadgeCount(count: number): Promise<void> {
      if (!env.badge) return
      try {
        await (count > 0 ? env.badge.set(count) : env.badge.clear())
      } catch {
        // the Badging API refuses pages that are not installed apps; nothing to do
      }
    },
    async openExternal(url: string): Promise<{ ok: boolean; reason?: string }> {
      const checked = checkExternalUrl(url)
      if (!checked.ok) return { ok: false, reason: checked.reason }
      env.openWindow(checked.url)
      return { ok: true }
    },
    async printToPdf(): Promise<PdfResult> {
      // no file system here: the browser's own dialog saves the PDF, so there is no path to report
      env.print()
      return { ok: true, savedTo: null }
    },
    onOnlineChange(listener: (online: boolean) => void): Unsubscribe {
      const onOnline = () => listener(true)
      const onOffline = () => listener(false)
      env.addEventListener('online', onOnline)
      env.addEventListener('offline', onOffline)
      return () => {
        env.removeEventListener('online', onOnline)
        env.removeEventListener('offline', onOffline)
      }
    },
    isOnline: () => env.isOnline(),
  }
}

/** The environment of a real browser window. */
export function browserEnvironment(win: Window): BrowserEnvironment {
  let storage: KeyValueStorage | null = null
  try {
    storage = win.sessionStorage
  } catch {
    // SecurityError: storage disabled for this site
  }
  // not every browser has these, whatever the DOM types say
  const BrowserNotification = (win as { Notification?: typeof Notification }).Notification ?? null
  const nav = win.navigator
  const { setAppBadge, clearAppBadge } = nav as {
    setAppBadge?: (count: number) => Promise<void>
    clearAppBadge?: () => Promise<void>
  }
  return {
    storage,
    isOnline: () => win.navigator.onLine,
    addEventListener: (type, listener) => win.addEventListener(type, listener),
    removeEventListener: (type, listener) => win.removeEventListener(type, listener),
    openWindow: (url) => void win.open(url, '_blank', 'noopener,noreferrer'),
    print: () => win.print(),
    notifications: BrowserNotification
      ? {
          permission: () => BrowserNotification.permission,
          request: () => BrowserNotification.requestPermission(),
          show: (title, body) => void new BrowserNotification(title, { body }),
        }
      : null,
    badge:
      setAppBadge && clearAppBadge
        ? { set: (count) => setAppBadge.call(nav, count), clear: () => clearAppBadge.call(nav) }
        : null,
    version: import.meta.env.VITE_CASELOAD_VERSION || 'development build',
  }
}
