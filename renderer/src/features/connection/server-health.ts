import { healthResponseSchema, type HealthResponse } from '@shared/protocol'

export type ServerReachability =
  | { state: 'checking' }
  | { state: 'reachable'; health: HealthResponse }
  | { state: 'unreachable'; reason: string }

/** One health probe of the server, with a timeout so a dead network never leaves the UI "checking". */
export async function probeServer(serverUrl: string, timeoutMs = 4000): Promise<ServerReachability> {
  const controller = new AbortController()
  const timer = setTimeout(() => controller.abort(), timeoutMs)
  try {
    const response = await fetch(new URL('/v1/health', serverUrl), { signal: controller.signal })
    if (!response.ok) return { state: 'unreachable', reason: `the server answered ${response.status}` }
    const parsed = healthResponseSchema.safeParse(await response.json())
    if (!parsed.success)
      return { state: 'unreachable', reason: 'the address answers, but not as a Caseload server' }
    return { state: 'reachable', health: parsed.data }
  } catch (error) {
    const aborted = error instanceof DOMException && error.name === 'AbortError'
    return { state: 'unreachable', reason: aborted ? 'no answer within 4 seconds' : 'no connection' }
  } finally {
    clearTimeout(timer)
  }
}
