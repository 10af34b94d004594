/**
 * The Content-Security-Policy of the desktop renderer: the one policy of shared/security (the browser mode
 * serves the same), sent as a response header by the app:// protocol. Scripts come only from the app; the
 * renderer may connect only to itself and to the configured Caseload server (HTTP and WebSocket).
 *
 * Development only (npm run dev): the page comes from the Vite dev server, whose React refresh preamble is
 * an inline script and whose HMR client uses a WebSocket, so the development policy also allows those.
 */
import { contentSecurityPolicy, serverOrigins } from '@shared/security/content-security-policy'

export interface CspOptions {
  /** the configured Caseload server, e.g. http://127.0.0.1:4870 or https://caseload.example.com */
  serverUrl: string
  /** development only: the Vite dev server's origin; absent in production */
  devServerUrl?: string | null
}

export function buildContentSecurityPolicy({ serverUrl, devServerUrl }: CspOptions): string {
  const policy = contentSecurityPolicy({ serverUrl })
  if (!devServerUrl) return policy
  const dev = serverOrigins(devServerUrl, 'devServerUrl')
  return policy
    .split('; ')
    .map((directive) => {
      if (directive.startsWith('script-src ')) return `${directive} 'unsafe-inline'`
      if (directive.startsWith('connect-src ')) return `${directive} ${dev.http} ${dev.ws}`
      return directive
    })
    .join('; ')
}

export interface DevSession {
  webRequest: {
    onHeadersReceived(
      filter: { urls: string[] },
      listener: (
        details: { responseHeaders?: Record<string, string[]> },
        callback: (response: { responseHeaders?: Record<string, string[]> }) => void,
      ) => void,
    ): void
  }
}

/** Development: adds the policy to every response of the Vite dev server (production uses app-protocol.ts). */
export function applyPolicyToDevServer(session: DevSession, devServerUrl: string, policy: string): void {
  const origin = new URL(devServerUrl).origin
  session.webRequest.onHeadersReceived({ urls: [`${origin}/*`] }, (details, callback) => {
    const headers = Object.fromEntries(
      Object.entries(details.responseHeaders ?? {}).filter(
        ([name]) => name.toLowerCase() !== 'content-security-policy',
      ),
    )
    callback({ responseHeaders: { ...headers, 'Content-Security-Policy': [policy] } })
  })
}
