/**
 * No web content ever navigates away from the app or opens a window: will-navigate and will-redirect to
 * another origin are cancelled, window.open is denied, <webview> cannot attach. A link to an http(s)
 * page is handed to the system browser instead (through the same check as openExternal).
 */
import type { WebContents } from 'electron'
import { checkExternalUrl } from '@shared/security/external-links'

/** `scheme://host` of a URL (for app:// too, whose URL.origin is "null"), or null. */
export function originOf(raw: string): string | null {
  try {
    const url = new URL(raw)
    if (!url.host) return null
    return `${url.protocol}//${url.host}`
  } catch {
    return null
  }
}

export interface NavigationGuardOptions {
  /** origins the window may navigate within, e.g. app://caseload (and the dev server in development) */
  allowedOrigins: readonly string[]
  /** opens a checked http(s) URL in the system browser */
  openExternal: (url: string) => void
}

export function isAllowedNavigation(url: string, allowedOrigins: readonly string[]): boolean {
  const origin = originOf(url)
  return origin !== null && allowedOrigins.includes(origin)
}

export type GuardedContents = Pick<WebContents, 'on' | 'setWindowOpenHandler'>

interface NavigationEvent {
  readonly url: string
  preventDefault(): void
}

export function guardNavigation(contents: GuardedContents, options: NavigationGuardOptions): void {
  const allowed = (url: string) => isAllowedNavigation(url, options.allowedOrigins)
  const handOff = (url: string) => {
    const checked = checkExternalUrl(url)
    if (checked.ok) options.openExternal(checked.url)
  }
  // a link the user followed: cancel it, and show an http(s) page in the system browser
  contents.on('will-navigate', (event: NavigationEvent) => {
    if (allowed(event.url)) return
    event.preventDefault()
    handOff(event.url)
  })
  // iframes and redirects: cancel silently
  contents.on('will-frame-navigate', (event: NavigationEvent & { readonly isMainFrame: boolean }) => {
    if (!event.isMainFrame && !allowed(event.url)) event.preventDefault()
  })
  contents.on('will-redirect', (event: NavigationEvent) => {
    if (!allowed(event.url)) event.preventDefault()
  })
  contents.on('will-attach-webview', (event) => event.preventDefault())
  contents.setWindowOpenHandler(({ url }) => {
    handOff(url)
    return { action: 'deny' }
  })
}
