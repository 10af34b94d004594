/**
 * "Requests carry the protocol version" (design/sync.md): a client may send `X-Caseload-Protocol`; one this
 * server does not speak gets 409, which the client shows as "update Caseload" (or "update the server").
 */
import type { FastifyRequest } from 'fastify'
import { protocolVersion } from '@shared/protocol/index'
import { ApiError } from '../errors'

export function checkProtocolHeader(request: FastifyRequest): void {
  const header = request.headers['x-caseload-protocol']
  if (header === undefined) return
  if (String(header) !== String(protocolVersion)) {
    throw new ApiError(
      409,
      'protocol-version',
      `This server speaks sync protocol ${protocolVersion}; the client sent ${String(header)}. Update Caseload.`,
      'protocol',
    )
  }
}

export function checkProtocolBody(body: unknown): void {
  const protocol = (body as { protocol?: unknown } | null)?.protocol
  if (typeof protocol === 'number' && protocol !== protocolVersion) {
    throw new ApiError(
      409,
      'protocol-version',
      `This server speaks sync protocol ${protocolVersion}; the client sent ${protocol}. Update Caseload.`,
      'protocol',
    )
  }
}
