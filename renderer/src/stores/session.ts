/**
 * Who is signed in, to which server, with which access token. UI/session state only: the refresh token lives in
 * the host's credential store (DesktopApi), never here, and the data lives in Dexie.
 */
import { create } from 'zustand'
import type { UserInfo } from '@shared/protocol'

export type SessionState =
  | { phase: 'restoring' }
  | { phase: 'signed-out'; notice: string | null }
  | {
      phase: 'signed-in'
      server: string
      user: UserInfo
      /** null until the first refresh answers (offline start): the local data is usable all the same */
      accessToken: string | null
      /** the server no longer accepts this session: sign in again (local work is kept) */
      expired: boolean
    }

export const useSession = create<SessionState>(() => ({ phase: 'restoring' }))

export type SignedIn = Extract<SessionState, { phase: 'signed-in' }>

export function signedIn(): SignedIn | null {
  const s = useSession.getState()
  return s.phase === 'signed-in' ? s : null
}
