/**
 * The renderer's Content-Security-Policy, built in one place for every host that serves the renderer: Electron's
 * app:// protocol and the browser mode's web server. Scripts only from the app itself (no inline, no eval), and
 * network access only to the app and the one configured Caseload server (its HTTP and WebSocket origins).
 */

export class InvalidServerUrlError extends Error {
  constructor(
    readonly field: string,
    value: string,
  ) {
    super(`${field}: "${value}" is not an http(s) URL of a Caseload server`)
    this.name = 'InvalidServerUrlError'
  }
}

/** http(s) origin of the server, and the ws(s) origin of its live-update socket. */
export function serverOrigins(serverUrl: string, field = 'serverUrl'): { http: string; ws: string } {
  let url: URL
  try {
    url = new URL(serverUrl)
  } catch {
    throw new InvalidServerUrlError(field, serverUrl)
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new InvalidServerUrlError(field, serverUrl)
  const ws = `${url.protocol === 'https:' ? 'wss:' : 'ws:'}//${url.host}`
  return { http: url.origin, ws }
}

export function contentSecurityPolicy(options: { serverUrl: string }): string {
  const server = serverOrigins(options.serverUrl)
  const directives: Record<string, string[]> = {
    'default-src': ["'self'"],
    'script-src': ["'self'"],
    // React sets inline style attributes (virtualised rows are positioned that way); styles cannot run code.
    'style-src': ["'self'", "'unsafe-inline'"],
    'img-src': ["'self'", 'data:'],
    'font-src': ["'self'"],
    'connect-src': ["'self'", server.http, server.ws],
    'object-src': ["'none'"],
    'base-uri': ["'none'"],
    'form-action': ["'none'"],
    'frame-ancestors': ["'none'"],
    'frame-src': ["'none'"],
    'worker-src': ["'self'"],
  }
  return Object.entries(directives)
    .map(([name, values]) => `${name} ${values.join(' ')}`)
    .join('; ')
}

/** The server the app talks to when nobody configured another: the local server `npm start` runs. */
export const defaultServerUrl = 'http://127.0.0.1:4870'
