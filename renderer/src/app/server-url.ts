import { defaultServerUrl, serverOrigins } from '@shared/security/content-security-policy'

/**
 * The Caseload server this build talks to. The desktop build and `npm run web` pass it at build time
 * (CASELOAD_SERVER_URL), because the Content-Security-Policy served with the page must name the same origin.
 */
export const configuredServerUrl: string = import.meta.env.VITE_CASELOAD_SERVER_URL || defaultServerUrl

/**
 * Why `url` can't be used from this build, or null when it can: the Content-Security-Policy lets the page connect
 * to the configured server's origin only, so any other address would fail as "no connection" without saying why.
 */
export function otherServerProblem(
  url: string,
  shell: 'desktop' | 'browser',
  configured: string = configuredServerUrl,
): string | null {
  let origin: string
  try {
    origin = serverOrigins(url.trim()).http
  } catch {
    return null // not an http(s) address: the form says so on its own
  }
  if (origin === serverOrigins(configured).http) return null
  const wanted = url.trim().replace(/\/+$/, '')
  return shell === 'browser'
    ? `This browser build connects only to ${configured}; set CASELOAD_SERVER_URL=${wanted} when you start it (npm run web) to use that server.`
    : `This build of the app connects only to ${configured}; set CASELOAD_SERVER_URL=${wanted} when you build it to use that server.`
}
