/**
 * Turns every failure into `{ error: { code, message, field? } }` with the right status, and never sends a
 * stack trace or an internal message to a client. Unexpected errors are logged in full on the server side.
 */
import type { FastifyError, FastifyInstance } from 'fastify'
import { errorBody } from '@shared/protocol/errors'
import { AuthError } from '../auth/sessions'
import { isTransient } from '../db/errors'
import { ApiError } from '../errors'

export function installErrorHandler(app: FastifyInstance): void {
  app.setErrorHandler((error: FastifyError | Error, request, reply) => {
    if (error instanceof ApiError) {
      if (error.retryAfterSeconds !== undefined)
        void reply.header('Retry-After', String(error.retryAfterSeconds))
      return reply.status(error.status).send(errorBody(error.code, error.message, error.field))
    }
    if (error instanceof AuthError) {
      if (error.status === 401) void reply.header('WWW-Authenticate', 'Bearer')
      return reply.status(error.status).send(errorBody(error.code, error.message))
    }
    const fastifyError = error as FastifyError
    if (fastifyError.code === 'FST_ERR_CTP_BODY_TOO_LARGE') {
      return reply
        .status(413)
        .send(errorBody('too-large', 'The request body is too large. Send fewer mutations per push.'))
    }
    if (fastifyError.code === 'FST_ERR_CTP_INVALID_MEDIA_TYPE') {
      return reply.status(415).send(errorBody('unsupported-media-type', 'Send application/json.'))
    }
    if (
      fastifyError.code === 'FST_ERR_CTP_EMPTY_JSON_BODY' ||
      fastifyError.code === 'FST_ERR_CTP_INVALID_JSON_BODY' ||
      error instanceof SyntaxError
    ) {
      return reply.status(400).send(errorBody('invalid-json', 'The body is not valid JSON.', 'body'))
    }
    if (
      typeof fastifyError.statusCode === 'number' &&
      fastifyError.statusCode >= 400 &&
      fastifyError.statusCode < 500
    ) {
      return reply
        .status(fastifyError.statusCode)
        .send(errorBody('bad-request', 'The request could not be read.'))
    }
    if (isTransient(error)) {
      request.log.warn({ err: error }, 'transient failure')
      void reply.header('Retry-After', '1')
      return reply.status(503).send(errorBody('unavailable', 'The server is busy. Try again shortly.'))
    }
    request.log.error({ err: error }, 'request failed')
    return reply.status(500).send(errorBody('internal', 'Something went wrong on the server.'))
  })
  app.setNotFoundHandler((_request, reply) => {
    return reply.status(404).send(errorBody('not-found', 'No such endpoint.'))
  })
}
