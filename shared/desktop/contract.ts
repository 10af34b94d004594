/**
 * The one contract between the renderer and its host (Electron's preload, or the browser adapter).
 * Every call is one named method; the renderer never sees ipcRenderer or any Node API.
 * Pure types: both electron/ and renderer/ import this file, neither imports the other.
 */

export type Unsubscribe = () => void

export interface AppInfo {
  name: string
  version: string
  /** 'linux' | 'darwin' | 'win32' on the desktop, 'web' in a browser */
  platform: string
  /** 'desktop' when running in Electron, 'browser' otherwise */
  shell: 'desktop' | 'browser'
}

export type CredentialResult =
  { ok: true } | { ok: false; code: 'insecure-backend' | 'unavailable' | 'invalid-input'; message: string }

export type CredentialReadResult =
  | { ok: true; value: string | null }
  | { ok: false; code: 'insecure-backend' | 'unavailable' | 'decrypt-failed'; message: string }

export interface CredentialStorageInfo {
  /** 'os-keychain' on the desktop (safeStorage), 'session' in the browser */
  kind: 'os-keychain' | 'session'
  /** whether a credential survives a restart of the app */
  persistent: boolean
  /** a sentence for the UI, e.g. "Signed in for this browser session only" */
  description: string
}

export interface NotificationRequest {
  title: string
  body: string
}

/** A PDF of what the window shows, printed with the print stylesheet (the Reports screen: the statement alone). */
export interface PdfRequest {
  /** the name the save dialog suggests, e.g. statement-globex-2026-02-01-2026-02-28.pdf */
  fileName: string
}

export type PdfResult =
  /** savedTo: the file written, or null where the browser's print dialog took over */
  { ok: true; savedTo: string | null } | { ok: false; reason: 'cancelled' | string }

export interface DesktopApi {
  appInfo(): Promise<AppInfo>
  credentials: {
    info(): Promise<CredentialStorageInfo>
    /** stores the server refresh token for this server address */
    save(server: string, refreshToken: string): Promise<CredentialResult>
    load(server: string): Promise<CredentialReadResult>
    clear(server: string): Promise<CredentialResult>
  }
  notify(request: NotificationRequest): Promise<void>
  /** the dock/taskbar badge; 0 clears it */
  setBadgeCount(count: number): Promise<void>
  /** opens an http(s) link in the system browser; refuses anything else */
  openExternal(url: string): Promise<{ ok: boolean; reason?: string }>
  /** calls back on every online/offline change; returns an unsubscribe */
  /** prints the window to PDF and saves it where the user says (Electron); the browser's print in browser mode */
  printToPdf(request: PdfRequest): Promise<PdfResult>
  onOnlineChange(listener: (online: boolean) => void): Unsubscribe
  isOnline(): boolean
}

/** The IPC channel names, one per method; main registers exactly these. */
export const ipcChannels = {
  appInfo: 'caseload:app-info',
  credentialsInfo: 'caseload:credentials-info',
  credentialsSave: 'caseload:credentials-save',
  credentialsLoad: 'caseload:credentials-load',
  credentialsClear: 'caseload:credentials-clear',
  notify: 'caseload:notify',
  setBadgeCount: 'caseload:set-badge-count',
  openExternal: 'caseload:open-external',
  printToPdf: 'caseload:print-to-pdf',
} as const

export type IpcChannel = (typeof ipcChannels)[keyof typeof ipcChannels]
