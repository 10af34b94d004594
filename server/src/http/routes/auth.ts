/** `/v1/auth/*`: login (rate limited), refresh (rotation + reuse detection), logout. */
import type { FastifyInstance } from 'fastify'
import { z } from 'zod'
import { loginRequestSchema } from '@shared/protocol/index'
import { audit } from '../../audit/audit'
import { AuthError, login, logout, refresh } from '../../auth/sessions'
import { ApiError } from '../../errors'
import type { AppContext } from '../context'
import { requireAuth } from '../auth-hook'
import { parseInput } from '../validation'

const refreshRequestSchema = z.object({ refreshToken: z.string().min(1).max(200) })

export function authRoutes(app: FastifyInstance, ctx: AppContext): void {
  const throttled = async (wait: number, username: string | null, ip: string): Promise<ApiError> => {
    await audit(ctx.db.write, {
      kind: 'auth',
      action: username === null ? 'refresh-throttled' : 'login-throttled',
      at: ctx.now().toISOString(),
      username,
      ip,
    })
    return new ApiError(
      429,
      'too-many-attempts',
      `Too many failed sign-ins. Try again in ${wait} s.`,
      undefined,
      wait,
    )
  }

  app.post('/v1/auth/login', async (request) => {
    const body = parseInput(loginRequestSchema, request.body)
    const ip = request.ip
    // counted before the password is checked (rate-limit.ts): a burst gets at most the allowance evaluated
    const wait = await ctx.limiter.attempt(body.username, ip)
    if (wait > 0) throw await throttled(wait, body.username, ip)
    // A refusal leaves the attempt counted; so does a failure of the database (it may have been a guess)
    const result = await login(ctx.db.write, body, { ip, now: ctx.now() }, ctx.ttls)
    await ctx.limiter.succeed(body.username, ip)
    return result
  })

  app.post('/v1/auth/refresh', async (request) => {
    const body = parseInput(refreshRequestSchema, request.body)
    const ip = request.ip
    // refresh tokens are 256 random bits, so guessing is hopeless; throttling the address's failures keeps a
    // guesser from making the server look tokens up without end
    const wait = await ctx.limiter.retryAfter(null, ip)
    if (wait > 0) throw await throttled(wait, null, ip)
    try {
      return await refresh(ctx.db.write, body.refreshToken, { ip, now: ctx.now() }, ctx.ttls)
    } catch (error) {
      // only a token that matches nothing is a guess; an ended session is its holder's ordinary news
      if (error instanceof AuthError && error.code === 'invalid-token') await ctx.limiter.fail(null, ip)
      throw error
    }
  })

  app.post('/v1/auth/logout', { onRequest: requireAuth(ctx) }, async (request, reply) => {
    await logout(ctx.db.write, request.principal!, { ip: request.ip, now: ctx.now() })
    ctx.hub.closeSessions([request.principal!.sessionId])
    return reply.status(204).send()
  })
}
