/**
 * Authentication for every route but login, refresh and health: `Authorization: Bearer <accessToken>`, checked
 * against the database on each request (so logout, reuse detection and disabling a user act at once). Runs at
 * onRequest, before the body is read: an anonymous caller can't make the server parse 2 MiB.
 * Browsers can't set headers on a WebSocket, so /v1/live also accepts `?access_token=` (never logged).
 */
import type { FastifyReply, FastifyRequest } from 'fastify'
import { authenticate, AuthError } from '../auth/sessions'
import type { AppContext } from './context'

function tokenOf(request: FastifyRequest, allowQuery: boolean): string | undefined {
  const header = request.headers.authorization
  if (typeof header === 'string') {
    const match = /^Bearer\s+(\S+)$/i.exec(header)
    return match?.[1]
  }
  if (allowQuery) {
    const q = (request.query as Record<string, unknown> | undefined)?.access_token
    return typeof q === 'string' ? q : undefined
  }
  return undefined
}

export function requireAuth(ctx: AppContext, opts: { allowQueryToken?: boolean } = {}) {
  return async (request: FastifyRequest, _reply: FastifyReply): Promise<void> => {
    const token = tokenOf(request, opts.allowQueryToken ?? false)
    if (!token || token.length > 200) throw new AuthError(401, 'unauthenticated', 'Sign in first.')
    request.principal = await authenticate(ctx.db.read, ctx.db.dialect, token, ctx.now())
  }
}
