/**
 * What the main process needs to know at start-up. Pure: the caller passes the environment,
 * app.isPackaged and the server URL the build was made for, so it is unit-testable.
 *
 * The Caseload server is fixed at build time (CASELOAD_SERVER_URL when electron-vite builds, see
 * electron.vite.config.ts), for the renderer and for main alike: the renderer talks to that server and
 * the Content-Security-Policy main serves allows exactly that server, so the two cannot disagree.
 */
import { defaultServerUrl } from '@shared/security/content-security-policy'

export { defaultServerUrl }

export interface MainConfig {
  /** true when not packaged: DevTools allowed, dev-server renderer possible */
  isDev: boolean
  /** the Vite dev server (electron-vite dev sets ELECTRON_RENDERER_URL); null = serve app://caseload */
  devServerUrl: string | null
  /** the Caseload server the renderer talks to (normalised, no trailing slash) */
  serverUrl: string
  /** problems found in the environment, for the log; the config above already falls back */
  warnings: string[]
}

/** Parses an http(s) URL and returns it without a trailing slash, or null. */
export function normaliseHttpUrl(raw: string | undefined): string | null {
  if (!raw) return null
  let url: URL
  try {
    url = new URL(raw)
  } catch {
    return null
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return null
  if (url.username || url.password || url.search || url.hash) return null
  return `${url.origin}${url.pathname.replace(/\/+$/, '')}`
}

const loopbackHosts = new Set(['localhost', '127.0.0.1', '[::1]'])

export interface MainConfigInput {
  env: Record<string, string | undefined>
  isPackaged: boolean
  /** the server the build was made for (import.meta.env.VITE_CASELOAD_SERVER_URL); empty = the default */
  builtServerUrl: string | undefined
}

export function readMainConfig({ env, isPackaged, builtServerUrl }: MainConfigInput): MainConfig {
  const warnings: string[] = []

  let serverUrl = defaultServerUrl
  if (builtServerUrl) {
    const parsed = normaliseHttpUrl(builtServerUrl)
    if (parsed) serverUrl = parsed
    else
      warnings.push(
        `The built-in server address ${JSON.stringify(builtServerUrl)} is not an http(s) URL; using ${defaultServerUrl}.`,
      )
  }

  let devServerUrl: string | null = null
  if (!isPackaged && env.ELECTRON_RENDERER_URL) {
    const parsed = normaliseHttpUrl(env.ELECTRON_RENDERER_URL)
    // The dev server must be on this machine: a development run never loads the UI from elsewhere.
    if (parsed && loopbackHosts.has(new URL(parsed).hostname)) devServerUrl = new URL(parsed).origin
    else
      warnings.push(
        `ELECTRON_RENDERER_URL=${JSON.stringify(env.ELECTRON_RENDERER_URL)} is not a local http URL; serving the built renderer.`,
      )
  }

  return { isDev: !isPackaged, devServerUrl, serverUrl, warnings }
}
