/** `/v1/push`, `/v1/pull`, `/v1/conflicts` and the `/v1/live` WebSocket (design/sync.md). */
import type { FastifyInstance } from 'fastify'
import { z } from 'zod'
import { maxPullLimit, pushRequestSchema } from '@shared/protocol/index'
import { listConflicts } from '../../sync/conflicts'
import { pull } from '../../sync/pull'
import { push } from '../../sync/push'
import { queueReply } from '../../mail/outbox'
import type { AppContext } from '../context'
import { requireAuth } from '../auth-hook'
import { checkProtocolBody, checkProtocolHeader } from '../protocol-check'
import { parseInput } from '../validation'

const pullQuerySchema = z.object({
  cursor: z.coerce.number().int().min(0),
  clientId: z.string().uuid().optional(),
  limit: z.coerce.number().int().min(1).max(maxPullLimit).optional(),
})

export function syncRoutes(app: FastifyInstance, ctx: AppContext): void {
  app.post('/v1/push', { onRequest: requireAuth(ctx) }, async (request) => {
    checkProtocolHeader(request)
    checkProtocolBody(request.body)
    const body = parseInput(pushRequestSchema, request.body)
    const response = await push(
      {
        db: ctx.db,
        bus: ctx.bus,
        runMutation: ctx.runMutation,
        now: ctx.now,
        delayAfterEachMs: ctx.pushDelayMs,
        log: request.log,
        // answers to customers are queued for mail in the push's own transaction (mail/outbox.ts)
        afterApplied: queueReply,
      },
      request.principal!,
      body,
      request.ip,
    )
    ctx.mail?.kickSender()
    return response
  })

  app.get('/v1/pull', { onRequest: requireAuth(ctx) }, async (request, reply) => {
    checkProtocolHeader(request)
    const query = parseInput(pullQuerySchema, request.query, 'query')
    const page = await pull(ctx.db, request.principal!, query)
    return reply.type('application/json; charset=utf-8').send(page.body)
  })

  app.get('/v1/conflicts', { onRequest: requireAuth(ctx) }, async (request) => {
    const query = parseInput(
      z.object({ limit: z.coerce.number().int().min(1).max(1000).default(100) }),
      request.query,
      'query',
    )
    return { conflicts: await listConflicts(ctx.db, request.principal!, query.limit) }
  })

  app.get(
    '/v1/live',
    { websocket: true, onRequest: requireAuth(ctx, { allowQueryToken: true }) },
    (socket, request) => {
      const principal = request.principal!
      ctx.hub.add(socket, principal)
      socket.on('close', () => ctx.hub.remove(socket))
      socket.on('error', () => ctx.hub.remove(socket))
      // the socket is one-way: anything a client sends is ignored
    },
  )
}
