/** `GET /v1/health`: is the server up and its database reachable; which database and epoch. No auth. */
import type { FastifyInstance } from 'fastify'
import type { HealthResponse } from '@shared/protocol/index'
import type { AppContext } from '../context'

export function healthRoutes(app: FastifyInstance, ctx: AppContext): void {
  app.get('/v1/health', async (): Promise<HealthResponse> => {
    const meta = await ctx.db.read
      .selectFrom('meta')
      .select('epoch')
      .where('id', '=', 1)
      .executeTakeFirstOrThrow()
    return { ok: true, version: ctx.version, epoch: meta.epoch, database: ctx.db.dialect }
  })
}
