/**
 * The renderer's one way to reach its host. getDesktopApi() picks the platform once, at start-up: the
 * Electron preload's window.caseload when it is there, the browser adapter otherwise. Nothing else in the
 * renderer knows (or may ask) which one it runs on; it sees a DesktopApi.
 */
import type { DesktopApi } from '@shared/desktop/contract'
import { browserEnvironment, createBrowserAdapter } from './browser-adapter'

declare global {
  interface Window {
    /** set by the Electron preload (electron/preload/index.ts); absent in a browser */
    readonly caseload?: DesktopApi
  }
}

export type { DesktopApi } from '@shared/desktop/contract'

/** The desktop bridge when the host exposes one, else the fallback. */
export function selectDesktopApi(
  host: { readonly caseload?: DesktopApi },
  fallback: () => DesktopApi,
): DesktopApi {
  return host.caseload ?? fallback()
}

let selected: DesktopApi | undefined

export function getDesktopApi(): DesktopApi {
  selected ??= selectDesktopApi(window, () => createBrowserAdapter(browserEnvironment(window)))
  return selected
}
