import { createContext, useContext, useEffect, useState, type ReactNode } from 'react'
import type { DesktopApi } from '@shared/desktop/contract'
import {
  initialStatus,
  type AttachmentHttp,
  type CaseloadDb,
  type SyncEngine,
  type SyncStatus,
} from '../../data'
import type { SignedIn } from '../../stores/session'
import { createDeskEngine, type DeskEngine } from './desk-engine'

interface EngineValue {
  engine: SyncEngine
  db: CaseloadDb
  attachments: AttachmentHttp
  desktop: DesktopApi
  session: SignedIn
}

const EngineContext = createContext<EngineValue | null>(null)

/** Starts the session's engine for as long as the desk is shown; a new user or server gets a new engine. */
export function EngineProvider({
  session,
  desktop,
  children,
}: {
  session: SignedIn
  desktop: DesktopApi
  children: ReactNode
}) {
  const [desk, setDesk] = useState<DeskEngine | null>(null)
  const key = `${session.server}|${session.user.id}`
  useEffect(() => {
    const [server, userId] = key.split('|') as [string, string]
    const created = createDeskEngine({ ...session, server, user: { ...session.user, id: userId } }, desktop)
    let live = true
    const starting = created.engine.start()
    void starting.then(() => {
      if (live) setDesk(created)
    })
    return () => {
      live = false
      // stop only once started: stopping a starting engine would leave it running, leader, on a closed database
      void starting.finally(() => created.close())
    }
    // the engine lives per user and server; token refreshes must not restart it
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [key, desktop])
  if (!desk) return <div className="boot">Opening your local data…</div>
  return (
    <EngineContext.Provider
      value={{ engine: desk.engine, db: desk.db, attachments: desk.attachments, desktop, session }}
    >
      {children}
    </EngineContext.Provider>
  )
}

export function useEngine(): EngineValue {
  const value = useContext(EngineContext)
  if (!value) throw new Error('useEngine outside EngineProvider')
  return value
}

export function useDb(): CaseloadDb {
  return useEngine().db
}

/** The engine's status, re-rendered on every change. */
export function useSyncStatus(): SyncStatus {
  const { engine } = useEngine()
  const [status, setStatus] = useState<SyncStatus>(() => engine.getStatus() ?? initialStatus)
  useEffect(() => engine.subscribe(setStatus), [engine])
  return status
}
