/**
 * "Retry" of a reply to the customer whose mail failed (POST /v1/mail/outbox/:id/retry), with the session's
 * bearer token and one refresh-and-retry on 401, as the sync transport does. Not an outbox write: a retry only
 * means something to the server that holds the failed mail, so it is refused at once when there is no answer
 * rather than kept for later. The new state ("queued", then "sent" or "failed") reaches the timeline through
 * the next pull, as every delivery state does.
 */
import { z } from 'zod'
import { jsonBodyOf, refusalOf, sendWithRefresh, type SessionTokens } from '../http/session-answers'

export interface ReplyApiOptions extends SessionTokens {
  baseUrl: string
  fetch?: typeof fetch
}

export class ReplyRetryError extends Error {
  constructor(
    /** `network`: no answer; `refused`: the server said no (the message says why) */
    readonly kind: 'network' | 'refused',
    message: string,
    readonly status?: number,
  ) {
    super(message)
    this.name = 'ReplyRetryError'
  }
}

const retryAnswerSchema = z.object({ state: z.literal('queued') })

export async function retryReplyMail(options: ReplyApiOptions, eventId: string): Promise<'queued'> {
  const fetchImpl = options.fetch ?? ((input, init) => globalThis.fetch(input, init))
  const url = new URL(`/v1/mail/outbox/${encodeURIComponent(eventId)}/retry`, options.baseUrl).toString()
  const post = async (token: string | null): Promise<Response> => {
    try {
      return await fetchImpl(url, {
        method: 'POST',
        headers: {
          accept: 'application/json',
          'content-type': 'application/json',
          ...(token ? { authorization: `Bearer ${token}` } : {}),
        },
        body: '{}',
      })
    } catch {
      throw new ReplyRetryError('network', 'No answer from the server: retry once you are online.')
    }
  }
  const response = await sendWithRefresh(options, post)
  const body = await jsonBodyOf(response)
  if (!response.ok) {
    const message =
      response.status === 401
        ? 'Your session has expired: sign in again to retry.'
        : (refusalOf(body)?.message ?? `The server answered ${response.status}.`)
    throw new ReplyRetryError('refused', message, response.status)
  }
  const parsed = retryAnswerSchema.safeParse(body)
  if (!parsed.success)
    throw new ReplyRetryError('refused', 'The server gave an answer Caseload does not know.')
  return parsed.data.state
}
