/**
 * `PUT /v1/attachments/:id?customerId=&fileName=` (raw body, Content-Type = the file's media type) and
 * `GET /v1/attachments/:id` (server/src/attachments). The body is never parsed or buffered: this plugin drops
 * the JSON parser and hands the request stream to the content store, which enforces the size limit as bytes
 * arrive. Access is checked before a byte is read: the caller must see the customer (its team, or admin).
 */
import type { FastifyInstance } from 'fastify'
import type { Readable } from 'node:stream'
import { z } from 'zod'
import { formatLimit } from '../../attachments/content'
import { contentDisposition, downloadContentType } from '../../attachments/names'
import { attachmentMeta, customerVisibleTo, readAttachment, storeAttachment } from '../../attachments/store'
import { ApiError } from '../../errors'
import type { AppContext } from '../context'
import { requireAuth } from '../auth-hook'
import { parseInput } from '../validation'

const params = z.object({ id: z.uuid() })
const uploadQuery = z.object({
  customerId: z.uuid(),
  fileName: z.string().min(1).max(1000),
})

export function attachmentRoutes(app: FastifyInstance, ctx: AppContext): void {
  const limit = ctx.attachments.limitBytes
  const tooLarge = () =>
    new ApiError(
      413,
      'attachment-too-large',
      `The attachment is larger than the limit of ${formatLimit(limit)}.`,
    )

  void app.register(async (scope) => {
    // every media type (application/json included) is a file here, passed on as the raw stream
    scope.removeAllContentTypeParsers()
    scope.addContentTypeParser('*', (_request, payload, done) => done(null, payload))

    scope.put('/v1/attachments/:id', { onRequest: requireAuth(ctx) }, async (request, reply) => {
      const principal = request.principal!
      const { id } = parseInput(params, request.params, 'query')
      const query = parseInput(uploadQuery, request.query, 'query')
      // the rest of an unread body must not be taken for the next request on this connection
      const refuse = (error: ApiError): never => {
        void reply.header('connection', 'close')
        throw error
      }
      const declared = Number(request.headers['content-length'] ?? NaN)
      if (declared > limit) refuse(tooLarge())
      if (!(await customerVisibleTo(ctx.db, principal, query.customerId)))
        refuse(new ApiError(404, 'not-found', `No customer with id ${query.customerId}.`, 'customerId'))
      const existing = await attachmentMeta(ctx.db, id)
      if (existing && !(await customerVisibleTo(ctx.db, principal, existing.customerId)))
        refuse(
          new ApiError(409, 'duplicate-id', `Attachment id ${id} is already used for other content.`, 'id'),
        )
      const body = request.body as Readable | undefined
      try {
        const meta = await storeAttachment(ctx.db, ctx.attachments.dataDir, {
          id,
          bytes: body ?? new Uint8Array(),
          fileName: query.fileName,
          mediaType: request.headers['content-type'],
          customerId: query.customerId,
          by: principal.userId,
          at: ctx.now(),
          limitBytes: limit,
        })
        return meta
      } catch (error) {
        if (error instanceof ApiError && error.status === 413) {
          // The body was cut off mid-stream: once the answer is out, drop the connection rather than let Node
          // read (and discard) whatever the client still sends, which could be endless.
          reply.raw.once('finish', () => request.raw.socket.destroy())
        }
        if (error instanceof ApiError) refuse(error)
        throw error
      }
    })

    scope.get('/v1/attachments/:id', { onRequest: requireAuth(ctx) }, async (request, reply) => {
      const { id } = parseInput(params, request.params, 'query')
      const { meta, stream } = await readAttachment(ctx.db, ctx.attachments.dataDir, id, request.principal!)
      return (
        reply
          .header('content-type', downloadContentType(meta.fileName, meta.mediaType))
          .header('content-disposition', contentDisposition(meta.fileName))
          .header('content-length', String(meta.size))
          .header('x-content-type-options', 'nosniff')
          // a download is a file, never a page: nothing in it runs, even if opened directly
          .header('content-security-policy', "default-src 'none'; sandbox")
          .header('cache-control', 'private, no-store')
          .header('etag', `"${meta.sha256}"`)
          .send(stream)
      )
    })
  })
}
