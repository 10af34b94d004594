/**
 * The server's sign-in endpoints (design/sync.md, "HTTP surface"). Every answer is validated: a server that
 * answers something else is an error with a sentence for the sign-in screen, never data.
 */
import {
  loginResponseSchema,
  refreshResponseSchema,
  type LoginResponse,
  type RefreshResponse,
} from '@shared/protocol'
import type { z } from 'zod'
import { jsonBodyOf, refusalOf } from '../../data'

export class AuthError extends Error {
  constructor(
    /** `network`: no answer (offline or wrong address); `refused`: the server said no; `invalid`: not Caseload */
    readonly kind: 'network' | 'refused' | 'invalid',
    message: string,
    readonly status?: number,
  ) {
    super(message)
    this.name = 'AuthError'
  }
}

async function post(server: string, path: string, body: unknown, token?: string): Promise<Response> {
  const controller = new AbortController()
  const timer = setTimeout(() => controller.abort(), 10_000)
  try {
    const headers: Record<string, string> = { 'content-type': 'application/json', accept: 'application/json' }
    if (token) headers.authorization = `Bearer ${token}`
    return await fetch(new URL(path, server).toString(), {
      method: 'POST',
      headers,
      body: JSON.stringify(body),
      signal: controller.signal,
    })
  } catch {
    throw new AuthError('network', `No answer from ${server}. Check the address, or work offline.`)
  } finally {
    clearTimeout(timer)
  }
}

async function sessionFrom<T>(response: Response, schema: z.ZodType<T>): Promise<T> {
  const body = await jsonBodyOf(response)
  if (!response.ok) {
    const message =
      response.status === 401
        ? 'Wrong user name or password.'
        : (refusalOf(body)?.message ?? `The server answered ${response.status}.`)
    throw new AuthError('refused', message, response.status)
  }
  const parsed = schema.safeParse(body)
  if (!parsed.success) throw new AuthError('invalid', 'This address answers, but not as a Caseload server.')
  return parsed.data
}

export async function login(server: string, username: string, password: string): Promise<LoginResponse> {
  return sessionFrom(await post(server, '/v1/auth/login', { username, password }), loginResponseSchema)
}

export async function refresh(server: string, refreshToken: string): Promise<RefreshResponse> {
  return sessionFrom(await post(server, '/v1/auth/refresh', { refreshToken }), refreshResponseSchema)
}

/** Best effort: a sign-out offline still signs out here; the server's session then expires on its own. */
export async function logout(server: string, accessToken: string): Promise<void> {
  try {
    await post(server, '/v1/auth/logout', {}, accessToken)
  } catch {
    // offline: nothing more to do
  }
}
