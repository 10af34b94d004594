/**
 * The sync engine of one signed-in session, built only from renderer/src/data's public API: one IndexedDB
 * database per user and server (two users of one machine never see each other's copies or outboxes), the HTTP
 * transport and WebSocket pokes with the session's access token, and the browser's network, lock and storage.
 */
import type { DesktopApi } from '@shared/desktop/contract'
import {
  AttachmentHttp,
  DirectoryRefresher,
  HttpTransport,
  SyncEngine,
  WebSocketLiveChannel,
  browserNetworkStatus,
  openCaseloadDatabases,
  saveDirectory,
  uploadPendingAttachments,
  webLocksLeaderLock,
  type CaseloadDb,
} from '../../data'
import type { SignedIn } from '../../stores/session'
import { useSession } from '../../stores/session'
import { refreshAccess } from '../session/session'

export interface DeskEngine {
  engine: SyncEngine
  db: CaseloadDb
  /** uploads and downloads of attachment files, with this session's token */
  attachments: AttachmentHttp
  close(): Promise<void>
}

export function databaseNameFor(server: string, userId: string): string {
  return `caseload:${new URL(server).host}:${userId}`
}

function accessToken(): string | null {
  const s = useSession.getState()
  return s.phase === 'signed-in' ? s.accessToken : null
}

export function createDeskEngine(session: SignedIn, desktop: DesktopApi): DeskEngine {
  const dbs = openCaseloadDatabases(databaseNameFor(session.server, session.user.id))
  const { user } = session
  const transport = new HttpTransport({
    baseUrl: session.server,
    accessToken,
    refresh: () => refreshAccess(desktop),
  })
  const attachments = new AttachmentHttp({
    baseUrl: session.server,
    accessToken,
    refresh: () => refreshAccess(desktop),
  })
  const engine = new SyncEngine({
    db: dbs.db,
    // files first: a comment is pushed only once the attachments it names are on the server
    beforePush: (entries) => uploadPendingAttachments(dbs.db, attachments, entries),
    strictDb: dbs.strictDb,
    transport,
    live: new WebSocketLiveChannel({ baseUrl: session.server, accessToken }),
    session: () => ({ userId: user.id, role: user.role, teamIds: user.teams }),
    network: browserNetworkStatus(window, navigator),
    lock: webLocksLeaderLock(navigator.locks),
    ...(navigator.storage ? { storage: navigator.storage } : {}),
  })
  // names for the ids the screens show: fetched when online after sign-in and after sync cycles (data/directory)
  const directory = new DirectoryRefresher({
    fetch: () => transport.directory(),
    save: saveDirectory(dbs.db),
  })
  const stopDirectory = engine.subscribe((status) => directory.onStatus(status))
  return {
    engine,
    db: dbs.db,
    attachments,
    async close() {
      stopDirectory()
      await engine.stop()
      dbs.close()
    },
  }
}
