/**
 * The HTTP `Transport` (design/sync.md, "HTTP surface"): fetch with a bearer token, one refresh-and-retry on 401,
 * a timeout, and every answer validated with shared/protocol's schemas (a server that answers something else is
 * an error, never data).
 */
import type { z } from 'zod'
import {
  directoryResponseSchema,
  pullResponseSchema,
  pushResponseSchema,
  type Directory,
  type PullResponse,
  type PushRequest,
  type PushResponse,
} from '@shared/protocol'
import { TransportError, type Transport, type TransportErrorKind } from './adapters'
import { asPullResponse } from './pull-shape'
import { jsonBodyOf, refusalOf, sendWithRefresh, type SessionTokens } from '../http/session-answers'

export interface HttpTransportOptions extends SessionTokens {
  /** the server's origin, e.g. http://localhost:8787 */
  baseUrl: string
  fetch?: typeof fetch
  timeoutMs?: number
}

function kindOf(status: number): TransportErrorKind {
  if (status === 401) return 'unauthorized'
  if (status === 403) return 'forbidden'
  if (status === 409) return 'protocol'
  if (status === 413) return 'too-large'
  if (status === 429 || status >= 500) return 'unavailable'
  return 'bad-request'
}

export class HttpTransport implements Transport {
  private readonly fetchImpl: typeof fetch
  private readonly timeoutMs: number

  constructor(private readonly options: HttpTransportOptions) {
    this.fetchImpl = options.fetch ?? ((input, init) => globalThis.fetch(input, init))
    this.timeoutMs = options.timeoutMs ?? 30_000
  }

  push(body: PushRequest): Promise<PushResponse> {
    return this.request('/v1/push', { method: 'POST', body: JSON.stringify(body) }, pushResponseSchema)
  }

  pull(cursor: number, limit: number, clientId: string): Promise<PullResponse> {
    const query = new URLSearchParams({ cursor: String(cursor), clientId, limit: String(limit) })
    return this.request(`/v1/pull?${query.toString()}`, { method: 'GET' }, pullResponseSchema, asPullResponse)
  }

  /** `GET /v1/directory`: not part of sync; the directory refresher asks for it after sign-in and sync cycles */
  directory(): Promise<Directory> {
    return this.request('/v1/directory', { method: 'GET' }, directoryResponseSchema)
  }

  private async request<T>(
    path: string,
    init: RequestInit,
    schema: z.ZodType<T>,
    /** a check of the same shape that takes the body as it is (null: ask the schema) */
    fast?: (body: unknown) => T | null,
  ): Promise<T> {
    const response = await sendWithRefresh(this.options, (token) => this.send(path, init, token))
    const body = await jsonBodyOf(response)
    if (!response.ok) {
      const message = refusalOf(body)?.message ?? `the server answered ${response.status}`
      throw new TransportError(kindOf(response.status), message, response.status)
    }
    const checked = fast?.(body)
    if (checked) return checked
    const parsed = schema.safeParse(body)
    if (!parsed.success)
      throw new TransportError(
        'bad-request',
        `unexpected answer from ${path.split('?')[0]}: ${parsed.error.message}`,
        response.status,
      )
    return parsed.data
  }

  private async send(path: string, init: RequestInit, token: string | null): Promise<Response> {
    const controller = new AbortController()
    const timer = setTimeout(() => controller.abort(), this.timeoutMs)
    try {
      const headers: Record<string, string> = { accept: 'application/json' }
      if (init.body !== undefined) headers['content-type'] = 'application/json'
      if (token) headers.authorization = `Bearer ${token}`
      return await this.fetchImpl(new URL(path, this.options.baseUrl).toString(), {
        ...init,
        headers,
        signal: controller.signal,
      })
    } catch (error) {
      const aborted = error instanceof DOMException && error.name === 'AbortError'
      throw new TransportError('network', aborted ? `no answer within ${this.timeoutMs} ms` : 'no connection')
    } finally {
      clearTimeout(timer)
    }
  }
}
