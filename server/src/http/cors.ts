/**
 * Cross-origin access for the Caseload UI: the desktop app loads from its own `app://` origin and the browser
 * build from a dev or preview server, so every call to the sync server is cross-origin. Tokens travel in the
 * Authorization header, never in cookies, so CORS here decides only who may read answers; by default that is
 * the app scheme and loopback pages. More origins (a hosted web UI): CASELOAD_CORS_ORIGINS=https://a,https://b.
 */
import type { FastifyInstance, FastifyRequest } from 'fastify'
import { errorBody } from '@shared/protocol/errors'

const defaultAllowed = [/^app:\/\/[a-z0-9.-]+$/i, /^https?:\/\/(localhost|127\.0\.0\.1|\[::1\])(:\d+)?$/i]

export function corsAllows(origin: string, extra: readonly string[]): boolean {
  return extra.includes('*') || extra.includes(origin) || defaultAllowed.some((re) => re.test(origin))
}

export function installCors(app: FastifyInstance, extraOrigins: readonly string[]): void {
  const allowed = (request: FastifyRequest): string | undefined => {
    const origin = request.headers.origin
    return typeof origin === 'string' && corsAllows(origin, extraOrigins) ? origin : undefined
  }
  app.addHook('onRequest', async (request, reply) => {
    const origin = allowed(request)
    if (!origin) return
    void reply.header('access-control-allow-origin', origin)
    void reply.header('vary', 'Origin')
    void reply.header('access-control-expose-headers', 'Retry-After, WWW-Authenticate, Content-Disposition')
  })
  // preflight for JSON bodies, the Authorization header, attachment uploads (PUT) and removing a mailbox (DELETE)
  app.options('/*', async (request, reply) => {
    if (!allowed(request))
      return reply.status(403).send(errorBody('forbidden-origin', 'This origin may not call the server.'))
    return reply
      .header('access-control-allow-methods', 'GET, POST, PUT, DELETE, OPTIONS')
      .header('access-control-allow-headers', 'authorization, content-type, x-caseload-protocol')
      .header('access-control-max-age', '600')
      .status(204)
      .send()
  })
}
