/** `/v1/auth/*`: login (rate limited), refresh (rotation + reuse detection), logout. */
import type { FastifyInstance } from 'fastify'
import { z } from 'zod'
import { loginRequestSchema } from '@shared/protocol/index'
import { audit } from '../../audit/audit'
import { login, logout, refresh } from '../../auth/sessions'
import { ApiError } from '../../errors'
import type { AppContext } from '../context'
import { requireAuth } from '../auth-hook'
import { parseInput } from '../validation'

const refreshRequestSchema = z.object({ refreshToken: z.string().min(1).max(200) })

export function authRoutes(app: FastifyInstance, ctx: AppContext): void {
  app.post('/v1/auth/login', async (request) => {
    const body = parseInput(loginRequestSchema, request.body)
    const ip = request.ip
    const wait = await ctx.limiter.retryAfter(body.username, ip)
    if (wait > 0) {
      await audit(ctx.db.write, {
        kind: 'auth',
        action: 'login-throttled',
        at: ctx.now().toISOString(),
        username: body.username,
        ip,
      })
      throw new ApiError(
        429,
        'too-many-attempts',
        `Too many failed sign-ins. Try again in ${wait} s.`,
        undefined,
        wait,
      )
    }
    try {
      const result = await login(ctx.db.write, body, { ip, now: ctx.now() }, ctx.ttls)
      await ctx.limiter.succeed(body.username, ip)
      return result
    } catch (error) {
      await ctx.limiter.fail(body.username, ip)
      throw error
    }
  })

  app.post('/v1/auth/refresh', async (request) => {
    const body = parseInput(refreshRequestSchema, request.body)
    return refresh(ctx.db.write, body.refreshToken, { ip: request.ip, now: ctx.now() }, ctx.ttls)
  })

  app.post('/v1/auth/logout', { onRequest: requireAuth(ctx) }, async (request, reply) => {
    await logout(ctx.db.write, request.principal!, { ip: request.ip, now: ctx.now() })
    ctx.hub.closeSessions([request.principal!.sessionId])
    return reply.status(204).send()
  })
}
