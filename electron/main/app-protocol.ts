/**
 * The app:// protocol: the packaged renderer is served from app://caseload/…, never from file://.
 * The scheme is standard (real origin, relative URLs), secure (like https) and may use fetch; every
 * response carries the Content-Security-Policy. Requests are resolved inside the renderer folder only.
 */
import { readFile as fsReadFile } from 'node:fs/promises'
import path from 'node:path'
import type { CustomScheme, Protocol } from 'electron'

export const appScheme = 'app'
export const appHost = 'caseload'
export const appOrigin = `${appScheme}://${appHost}`
export const appEntryUrl = `${appOrigin}/index.html`

/**
 * standard: a real origin (app://caseload) for storage, relative URLs and CSP 'self'; secure: a secure
 * context like https. Deliberately NOT corsEnabled (it would let other origins read app:// responses
 * without any Access-Control-Allow-Origin check; the app's own module scripts are same-origin and need
 * nothing) and NOT bypassCSP.
 */
export const appSchemePrivileges: CustomScheme = {
  scheme: appScheme,
  privileges: { standard: true, secure: true, supportFetchAPI: true, codeCache: true },
}

/** Must run before the app is ready. */
export function registerAppSchemeAsPrivileged(protocol: Pick<Protocol, 'registerSchemesAsPrivileged'>): void {
  protocol.registerSchemesAsPrivileged([appSchemePrivileges])
}

const contentTypes: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.txt': 'text/plain; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.gif': 'image/gif',
  '.webp': 'image/webp',
  '.ico': 'image/x-icon',
  '.woff': 'font/woff',
  '.woff2': 'font/woff2',
  '.ttf': 'font/ttf',
  '.wasm': 'application/wasm',
}

export type ResolvedAppPath =
  { ok: true; file: string; spaFallback: boolean } | { ok: false; status: 400 | 403 | 404; reason: string }

/**
 * Maps an app:// URL to a file under root. Refuses other hosts, undecodable paths, NUL bytes,
 * backslashes and anything that resolves outside root (../, %2e%2e, %2f tricks, absolute paths).
 */
export function resolveAppPath(root: string, requestUrl: string): ResolvedAppPath {
  let url: URL
  try {
    url = new URL(requestUrl)
  } catch {
    return { ok: false, status: 400, reason: 'malformed URL' }
  }
  if (url.protocol !== `${appScheme}:` || url.host !== appHost) {
    return { ok: false, status: 404, reason: `unknown host ${url.host}` }
  }
  let pathname: string
  try {
    pathname = decodeURIComponent(url.pathname)
  } catch {
    return { ok: false, status: 400, reason: 'undecodable path' }
  }
  if (pathname.includes('\0') || pathname.includes('\\')) {
    return { ok: false, status: 400, reason: 'forbidden character in path' }
  }
  const segments = pathname.split('/').filter((segment) => segment !== '')
  if (segments.some((segment) => segment === '..' || /^[a-zA-Z]:$/.test(segment))) {
    return { ok: false, status: 403, reason: 'path traversal' }
  }
  const base = path.resolve(root)
  const file = path.resolve(base, ...(segments.length ? segments : ['index.html']))
  const relative = path.relative(base, file)
  if (relative === '' || relative.startsWith('..') || path.isAbsolute(relative)) {
    return { ok: false, status: 403, reason: 'path traversal' }
  }
  // A path without an extension is a client-side route: serve the app's entry page.
  const spaFallback = path.extname(segments.at(-1) ?? 'index.html') === ''
  return { ok: true, file: spaFallback ? path.join(base, 'index.html') : file, spaFallback }
}

export interface AppProtocolOptions {
  /** the built renderer folder (out/renderer) */
  root: string
  /** the Content-Security-Policy header value */
  contentSecurityPolicy: string
  /** injected for tests; defaults to fs.readFile */
  readFile?: (file: string) => Promise<Uint8Array>
}

export function createAppProtocolHandler(
  options: AppProtocolOptions,
): (request: Request) => Promise<Response> {
  const readFile = options.readFile ?? ((file: string) => fsReadFile(file))
  const securityHeaders = {
    'Content-Security-Policy': options.contentSecurityPolicy,
    'X-Content-Type-Options': 'nosniff',
    'Referrer-Policy': 'no-referrer',
    'Cross-Origin-Opener-Policy': 'same-origin',
  }
  const refuse = (status: number, reason: string) =>
    new Response(reason, {
      status,
      headers: { ...securityHeaders, 'Content-Type': 'text/plain; charset=utf-8' },
    })

  return async (request) => {
    if (request.method !== 'GET' && request.method !== 'HEAD') return refuse(405, 'method not allowed')
    const resolved = resolveAppPath(options.root, request.url)
    if (!resolved.ok) return refuse(resolved.status, resolved.reason)
    let body: Uint8Array
    try {
      body = await readFile(resolved.file)
    } catch {
      return refuse(404, 'not found')
    }
    const extension = path.extname(resolved.file).toLowerCase()
    return new Response(request.method === 'HEAD' ? null : new Uint8Array(body), {
      status: 200,
      headers: {
        ...securityHeaders,
        'Content-Type': contentTypes[extension] ?? 'application/octet-stream',
        // local files are cheap to read; never serve a stale renderer after an update
        'Cache-Control': 'no-cache',
      },
    })
  }
}

/** Must run after the app is ready; serves the default session. */
export function registerAppProtocol(protocol: Pick<Protocol, 'handle'>, options: AppProtocolOptions): void {
  protocol.handle(appScheme, createAppProtocolHandler(options))
}
