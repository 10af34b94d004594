/**
 * Sign-in, the remembered session and sign-out. The refresh token is kept by the host (DesktopApi credentials:
 * the OS keychain on the desktop, the tab's session in a browser); who signed in to which server is remembered
 * beside it (not a secret) so the app opens on the local data even when the server can't be reached.
 */
import type { DesktopApi } from '@shared/desktop/contract'
import { userInfoSchema, type UserInfo } from '@shared/protocol'
import { z } from 'zod'
import { signedIn, useSession } from '../../stores/session'
import { AuthError, login, logout, refresh } from './auth-api'

const rememberedKey = 'caseload.session'
const rememberedSchema = z.object({ server: z.string(), user: userInfoSchema })

function readRemembered(): z.infer<typeof rememberedSchema> | null {
  try {
    const raw = localStorage.getItem(rememberedKey)
    const parsed = rememberedSchema.safeParse(raw ? JSON.parse(raw) : null)
    return parsed.success ? parsed.data : null
  } catch {
    return null
  }
}

export function lastServer(): string | null {
  return readRemembered()?.server ?? null
}

async function keep(
  desktop: DesktopApi,
  server: string,
  response: { refreshToken: string; user: UserInfo },
): Promise<void> {
  localStorage.setItem(rememberedKey, JSON.stringify({ server, user: response.user }))
  // a failed save only means the next start asks for the password again; the session itself works
  await desktop.credentials.save(server, response.refreshToken)
}

/** Opens on the remembered session (if the host still holds its refresh token), then refreshes it. */
export async function restoreSession(desktop: DesktopApi): Promise<void> {
  const remembered = readRemembered()
  if (!remembered) return useSession.setState({ phase: 'signed-out', notice: null })
  const stored = await desktop.credentials.load(remembered.server)
  if (!stored.ok || !stored.value) return useSession.setState({ phase: 'signed-out', notice: null })
  useSession.setState({
    phase: 'signed-in',
    server: remembered.server,
    user: remembered.user,
    accessToken: null,
    expired: false,
  })
  await refreshAccess(desktop)
}

export async function signIn(desktop: DesktopApi, server: string, username: string, password: string) {
  const response = await login(server, username, password)
  await keep(desktop, server, response)
  useSession.setState({
    phase: 'signed-in',
    server,
    user: response.user,
    accessToken: response.accessToken,
    expired: false,
  })
}

export async function signOut(desktop: DesktopApi): Promise<void> {
  const s = signedIn()
  if (!s) return
  if (s.accessToken) await logout(s.server, s.accessToken)
  await desktop.credentials.clear(s.server)
  localStorage.removeItem(rememberedKey)
  useSession.setState({
    phase: 'signed-out',
    notice: 'Signed out. Changes not yet sent stay on this computer.',
  })
}

let inFlight: Promise<string | null> | null = null

/**
 * A new access token from the stored refresh token, or null. Single-flight: the server spends a refresh token on
 * use and treats a second use as theft (the whole family is revoked), so two callers must share one request.
 */
export function refreshAccess(desktop: DesktopApi): Promise<string | null> {
  inFlight ??= doRefresh(desktop).finally(() => {
    inFlight = null
  })
  return inFlight
}

async function doRefresh(desktop: DesktopApi): Promise<string | null> {
  const s = signedIn()
  if (!s) return null
  const stored = await desktop.credentials.load(s.server)
  if (!stored.ok || !stored.value) {
    useSession.setState({ ...s, expired: true })
    return null
  }
  try {
    const response = await refresh(s.server, stored.value)
    // the server spent the old token: keep the new one before anything else can fail
    const user = response.user ?? s.user
    await keep(desktop, s.server, { refreshToken: response.refreshToken, user })
    const now = signedIn()
    if (now) useSession.setState({ ...now, user, accessToken: response.accessToken, expired: false })
    return response.accessToken
  } catch (error) {
    if (
      error instanceof AuthError &&
      error.kind === 'refused' &&
      (error.status === 401 || error.status === 400)
    ) {
      const now = signedIn()
      if (now) useSession.setState({ ...now, accessToken: null, expired: true })
    }
    // offline: keep working on the local data; the engine retries
    return null
  }
}
