/**
 * What every call to the server with the session's bearer token does the same way (design/sync.md, "HTTP
 * surface"): one refresh-and-retry on 401, the body read as JSON when there is one, and the server's `{ error }`
 * detail picked out of a refusal. Each caller keeps its own error class and wording; only these steps are shared.
 */
import { errorBodySchema, type ErrorDetail } from '@shared/protocol'

export interface SessionTokens {
  /** the current access token (null: not signed in) */
  accessToken: () => string | null
  /** refresh the session and return the new access token, or null if that failed */
  refresh: () => Promise<string | null>
}

/**
 * Sends with the current access token and, on a 401, once more with a refreshed one: an access token may expire
 * between two calls. A failed refresh leaves the 401 answer for the caller to word.
 */
export async function sendWithRefresh<A extends { status: number }>(
  session: SessionTokens,
  send: (token: string | null) => Promise<A>,
): Promise<A> {
  const answer = await send(session.accessToken())
  if (answer.status !== 401) return answer
  const token = await session.refresh().catch(() => null)
  return token ? send(token) : answer
}

/** The answer's body as JSON, or undefined when it has none or is not JSON (an empty 502 from a proxy). */
export async function jsonBodyOf(response: Response): Promise<unknown> {
  try {
    const body: unknown = await response.json()
    return body
  } catch {
    return undefined
  }
}

/** The server's error detail in a refusal's body, or null when the body is something else. */
export function refusalOf(body: unknown): ErrorDetail | null {
  const parsed = errorBodySchema.safeParse(body)
  return parsed.success ? parsed.data.error : null
}
