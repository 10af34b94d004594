/** `GET /v1/directory`: the names of the users and teams the caller may see (server/src/directory). */
import type { FastifyInstance } from 'fastify'
import { readDirectory } from '../../directory/directory'
import type { AppContext } from '../context'
import { requireAuth } from '../auth-hook'

export function directoryRoutes(app: FastifyInstance, ctx: AppContext): void {
  app.get('/v1/directory', { onRequest: requireAuth(ctx) }, async (request) =>
    readDirectory(ctx.db, request.principal!),
  )
}
