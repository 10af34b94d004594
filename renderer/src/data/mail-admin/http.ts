/**
 * The mail administration endpoints (server/README.md "Mail") with the session's bearer token: Unmatched mail
 * and its attach, and the admins' mailboxes. These tables live on the server only (nothing is synced), so every
 * call needs the server: no answer is a `network` TransportError the screens word as "offline". Answers are
 * validated with shared/protocol/mail-admin; refusals carry the server's message and the field it names.
 */
import type { z } from 'zod'
import {
  attachResultSchema,
  mailboxCreatedSchema,
  mailboxListSchema,
  mailboxRemovedSchema,
  mailboxTestResultSchema,
  unmatchedListSchema,
  type AttachRequest,
  type AttachResult,
  type MailboxInput,
  type MailboxTestResult,
  type MailboxViewWire,
  type UnmatchedMail,
} from '@shared/protocol/mail-admin'
import { TransportError, type TransportErrorKind } from '../sync/adapters'
import { jsonBodyOf, refusalOf, sendWithRefresh, type SessionTokens } from '../http/session-answers'

export interface MailAdminHttpOptions extends SessionTokens {
  baseUrl: string
  fetch?: typeof fetch
  timeoutMs?: number
}

/** A refusal by the server, with the field it names (`imap.host`, `customerId`) when it names one. */
export class MailAdminRefusal extends TransportError {
  constructor(
    kind: TransportErrorKind,
    message: string,
    status: number,
    readonly code: string,
    readonly field: string | undefined,
  ) {
    super(kind, message, status)
    this.name = 'MailAdminRefusal'
  }
}

function kindOf(status: number): TransportErrorKind {
  if (status === 401) return 'unauthorized'
  if (status === 403) return 'forbidden'
  if (status === 429 || status >= 500) return 'unavailable'
  return 'bad-request'
}

export class MailAdminHttp {
  private readonly fetchImpl: typeof fetch

  constructor(private readonly options: MailAdminHttpOptions) {
    this.fetchImpl = options.fetch ?? ((input, init) => globalThis.fetch(input, init))
  }

  async unmatched(): Promise<UnmatchedMail[]> {
    return (await this.call('GET', '/v1/mail/unmatched', undefined, unmatchedListSchema)).unmatched
  }

  attach(id: string, body: AttachRequest): Promise<AttachResult> {
    return this.call('POST', `/v1/mail/unmatched/${encodeURIComponent(id)}/attach`, body, attachResultSchema)
  }

  async mailboxes(): Promise<MailboxViewWire[]> {
    return (await this.call('GET', '/v1/mail/mailboxes', undefined, mailboxListSchema)).mailboxes
  }

  async addMailbox(input: MailboxInput): Promise<MailboxViewWire> {
    return (await this.call('POST', '/v1/mail/mailboxes', input, mailboxCreatedSchema)).mailbox
  }

  async removeMailbox(id: string): Promise<void> {
    await this.call('DELETE', `/v1/mail/mailboxes/${encodeURIComponent(id)}`, undefined, mailboxRemovedSchema)
  }

  testMailbox(id: string): Promise<MailboxTestResult> {
    // the server allows each protocol 10 s per step: give it room to answer with the reason
    return this.call(
      'POST',
      `/v1/mail/mailboxes/${encodeURIComponent(id)}/test`,
      undefined,
      mailboxTestResultSchema,
      45_000,
    )
  }

  private async call<T>(
    method: string,
    path: string,
    body: unknown,
    schema: z.ZodType<T>,
    timeoutMs = this.options.timeoutMs ?? 20_000,
  ): Promise<T> {
    const response = await sendWithRefresh(this.options, (token) =>
      this.send(method, path, body, token, timeoutMs),
    )
    const answer = await jsonBodyOf(response)
    if (!response.ok) {
      const error = refusalOf(answer)
      throw new MailAdminRefusal(
        kindOf(response.status),
        error?.message ?? `the server answered ${response.status}`,
        response.status,
        error?.code ?? 'unknown',
        error?.field,
      )
    }
    const parsed = schema.safeParse(answer)
    if (!parsed.success)
      throw new TransportError('bad-request', `unexpected answer from ${path}`, response.status)
    return parsed.data
  }

  private async send(
    method: string,
    path: string,
    body: unknown,
    token: string | null,
    timeoutMs: number,
  ): Promise<Response> {
    const controller = new AbortController()
    const timer = setTimeout(() => controller.abort(), timeoutMs)
    const headers: Record<string, string> = { accept: 'application/json' }
    if (body !== undefined) headers['content-type'] = 'application/json'
    if (token) headers.authorization = `Bearer ${token}`
    try {
      return await this.fetchImpl(new URL(path, this.options.baseUrl).toString(), {
        method,
        headers,
        ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
        signal: controller.signal,
      })
    } catch (error) {
      const aborted = error instanceof DOMException && error.name === 'AbortError'
      throw new TransportError('network', aborted ? 'no answer in time' : 'no connection')
    } finally {
      clearTimeout(timer)
    }
  }
}
