import { useCallback, useEffect, useMemo, useState } from 'react'
import { MailAdminHttp, MailAdminRefusal, TransportError } from '../../data'
import { useSession } from '../../stores/session'
import { refreshAccess } from '../session/session'
import { useEngine, useSyncStatus } from '../sync/engine-context'

function accessToken(): string | null {
  const s = useSession.getState()
  return s.phase === 'signed-in' ? s.accessToken : null
}

/** The mail endpoints with this session's token (the same refresh as sync). */
export function useMailAdminApi(): MailAdminHttp {
  const { session, desktop } = useEngine()
  return useMemo(
    () =>
      new MailAdminHttp({
        baseUrl: session.server,
        accessToken,
        refresh: () => refreshAccess(desktop),
      }),
    [session.server, desktop],
  )
}

export const offlineMessage =
  'You are offline. This list is kept on the server only, so it shows again once you are connected.'

/** An error as a sentence for the screen: the server's own words, or what being offline means here. */
export function errorMessage(error: unknown): string {
  if (error instanceof MailAdminRefusal) return error.message
  if (error instanceof TransportError)
    return error.kind === 'network' ? offlineMessage : `The server could not answer: ${error.message}`
  return error instanceof Error ? error.message : String(error)
}

export type Loaded<T> =
  | { state: 'loading' }
  | { state: 'offline' }
  | { state: 'failed'; message: string }
  | { state: 'ready'; value: T }

/**
 * A server-only list: loaded when the screen opens, when the connection comes back and every `refreshEveryMs`;
 * `reload` after a change; `set` to update it in place (an attached mail leaves the list at once).
 */
export function useServerList<T>(load: () => Promise<T>, refreshEveryMs?: number) {
  const { online } = useSyncStatus()
  const [loaded, setLoaded] = useState<Loaded<T>>({ state: 'loading' })
  const settle = useCallback((answer: Promise<T>, keep: () => boolean = () => true) => {
    answer.then(
      (value) => keep() && setLoaded({ state: 'ready', value }),
      (error: unknown) =>
        keep() &&
        setLoaded(
          error instanceof TransportError && error.kind === 'network'
            ? { state: 'offline' }
            : { state: 'failed', message: errorMessage(error) },
        ),
    )
  }, [])
  const reload = useCallback(() => settle(load()), [load, settle])
  useEffect(() => {
    if (!online) return
    let live = true
    settle(load(), () => live)
    // nothing pokes the app about server-only rows: look again now and then while the screen is open
    const timer = refreshEveryMs ? setInterval(() => settle(load(), () => live), refreshEveryMs) : undefined
    return () => {
      live = false
      clearInterval(timer)
    }
  }, [online, load, settle, refreshEveryMs])
  const set = useCallback((value: T) => setLoaded({ state: 'ready', value }), [])
  // offline, what was loaded may be stale and nothing can be changed: say so instead
  return { loaded: online ? loaded : ({ state: 'offline' } as const), reload, set, online }
}
