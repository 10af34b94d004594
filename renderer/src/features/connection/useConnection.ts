import { useCallback, useEffect, useState } from 'react'
import type { DesktopApi } from '@shared/desktop/contract'
import { probeServer, type ServerReachability } from './server-health'

const recheckEveryMs = 30_000

/** Online/offline from the host, and whether the Caseload server answers; re-probes on every change. */
export function useConnection(desktop: DesktopApi, serverUrl: string) {
  const [online, setOnline] = useState(() => desktop.isOnline())
  const [server, setServer] = useState<ServerReachability>({ state: 'checking' })

  const recheck = useCallback(async () => {
    setServer({ state: 'checking' })
    setServer(await probeServer(serverUrl))
  }, [serverUrl])

  useEffect(() => desktop.onOnlineChange(setOnline), [desktop])

  useEffect(() => {
    let cancelled = false
    const run = async () => {
      const result = await probeServer(serverUrl)
      if (!cancelled) setServer(result)
    }
    void run()
    const timer = setInterval(run, recheckEveryMs)
    return () => {
      cancelled = true
      clearInterval(timer)
    }
  }, [serverUrl, online])

  return { online, server, recheck }
}
