/**
 * Structured logs (pino, through Fastify) without secrets: requests are logged as method, path and address
 * only (no headers, no query string: a WebSocket may carry its token there), and any field that could hold a
 * credential is censored wherever it appears.
 */
import type { FastifyServerOptions } from 'fastify'

export const redactedPaths = [
  'req.headers.authorization',
  'req.headers.cookie',
  'headers.authorization',
  'password',
  'token',
  'accessToken',
  'refreshToken',
  '*.password',
  '*.token',
  '*.accessToken',
  '*.refreshToken',
  '*.password_hash',
]

export function loggerOptions(level: string): NonNullable<FastifyServerOptions['logger']> {
  return {
    level,
    redact: { paths: redactedPaths, censor: '[redacted]' },
    serializers: {
      req(req: { method?: string; url?: string; ip?: string }) {
        return { method: req.method, path: (req.url ?? '').split('?')[0], ip: req.ip }
      },
    },
  }
}
