/**
 * `GET /v1/directory`: the names of the users and teams the caller may see (server/src/directory), and the
 * attachment limit, which the app keeps with it so it refuses an oversized file on the spot.
 */
import type { FastifyInstance } from 'fastify'
import { readDirectory } from '../../directory/directory'
import type { AppContext } from '../context'
import { requireAuth } from '../auth-hook'

export function directoryRoutes(app: FastifyInstance, ctx: AppContext): void {
  app.get('/v1/directory', { onRequest: requireAuth(ctx) }, async (request) => ({
    ...(await readDirectory(ctx.db, request.principal!)),
    attachmentLimitBytes: ctx.attachments.limitBytes,
  }))
}
