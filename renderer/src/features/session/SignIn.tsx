import { useEffect, useState, type FormEvent } from 'react'
import type { AppInfo, CredentialStorageInfo, DesktopApi } from '@shared/desktop/contract'
import { configuredServerUrl, otherServerProblem } from '../../app/server-url'
import { useConnection } from '../connection/useConnection'
import { AuthError } from './auth-api'
import { lastServer, signIn } from './session'

/** Server address, user and password; says plainly whether the server can be reached and where the sign-in is kept. */
export function SignIn({ desktop, notice }: { desktop: DesktopApi; notice: string | null }) {
  const [server, setServer] = useState(() => lastServer() ?? configuredServerUrl)
  const [username, setUsername] = useState('')
  const [password, setPassword] = useState('')
  const [error, setError] = useState<{ message: string; field: 'server' | 'credentials' } | null>(null)
  const [busy, setBusy] = useState(false)
  const [info, setInfo] = useState<AppInfo | null>(null)
  const [storage, setStorage] = useState<CredentialStorageInfo | null>(null)
  // another server than the build's is blocked by the CSP: say so rather than probe it and report "no connection"
  const otherServer = info ? otherServerProblem(server, info.shell) : null
  const probeUrl = validUrl(server) && !otherServer ? server : configuredServerUrl
  const { online, server: reach, recheck } = useConnection(desktop, probeUrl)

  useEffect(() => {
    void desktop.appInfo().then(setInfo)
    void desktop.credentials.info().then(setStorage)
  }, [desktop])

  const connected = online && reach.state === 'reachable'

  async function submit(event: FormEvent) {
    event.preventDefault()
    if (!validUrl(server)) {
      setError({ field: 'server', message: 'The server address must start with http:// or https://.' })
      return
    }
    if (otherServer) {
      setError({ field: 'server', message: otherServer })
      return
    }
    setBusy(true)
    setError(null)
    try {
      await signIn(desktop, server.replace(/\/+$/, ''), username.trim(), password)
    } catch (e) {
      const message = e instanceof Error ? e.message : String(e)
      setError({ field: e instanceof AuthError && e.kind === 'refused' ? 'credentials' : 'server', message })
      setBusy(false)
    }
  }

  return (
    <div className="shell">
      <header className="shell-header">
        <h1 className="brand">Caseload</h1>
        <span className="shell-kind" aria-label="Running as">
          {info ? (info.shell === 'desktop' ? 'Desktop app' : 'Browser mode') : ''}
        </span>
      </header>
      <main className="signin-main">
        <form
          className="signin card"
          onSubmit={(e) => void submit(e)}
          aria-labelledby="signin-title"
          noValidate
        >
          <h2 id="signin-title">Sign in</h2>
          {notice ? (
            <p className="note" role="status">
              {notice}
            </p>
          ) : null}
          <label className="field">
            <span>Server address</span>
            <input
              name="server"
              type="url"
              value={server}
              onChange={(e) => {
                setServer(e.target.value)
                // what was said about the previous address no longer holds
                if (error?.field === 'server') setError(null)
              }}
              aria-invalid={error?.field === 'server' || otherServer !== null}
              aria-describedby="server-state"
              autoComplete="url"
              required
            />
          </label>
          <p
            id="server-state"
            className={`server-state ${connected && !otherServer ? 'ok' : 'warn'}`}
            data-testid="server-state"
          >
            {otherServer
              ? otherServer
              : connected
                ? 'Server reachable.'
                : !online
                  ? 'This computer is offline. Sign in when the connection is back.'
                  : reach.state === 'checking'
                    ? 'Checking the server…'
                    : `The server cannot be reached (${reach.state === 'unreachable' ? reach.reason : ''}).`}{' '}
            {!connected && !otherServer ? (
              <button
                type="button"
                className="link"
                onClick={() => void recheck()}
                disabled={reach.state === 'checking'}
              >
                Try again
              </button>
            ) : null}
          </p>
          <label className="field">
            <span>User</span>
            <input
              name="username"
              value={username}
              onChange={(e) => setUsername(e.target.value)}
              autoComplete="username"
              aria-invalid={error?.field === 'credentials'}
              required
              autoFocus
            />
          </label>
          <label className="field">
            <span>Password</span>
            <input
              name="password"
              type="password"
              value={password}
              onChange={(e) => setPassword(e.target.value)}
              autoComplete="current-password"
              aria-invalid={error?.field === 'credentials'}
              required
            />
          </label>
          {error ? (
            <p className="error" role="alert">
              {error.message}
            </p>
          ) : null}
          <button type="submit" disabled={busy || !username || !password}>
            {busy ? 'Signing in…' : 'Sign in'}
          </button>
          {storage ? <p className="note">{storage.description}</p> : null}
        </form>
      </main>
      <footer className="status-bar" role="status" aria-live="polite">
        <span className={`dot ${connected ? 'dot-online' : 'dot-offline'}`} aria-hidden="true" />
        <span data-testid="connection-state">{connected ? 'Online' : 'Offline'}</span>
        <span className="spacer" />
        {info ? (
          <span>
            Caseload {info.version} · {info.platform}
          </span>
        ) : null}
      </footer>
    </div>
  )
}

function validUrl(value: string): boolean {
  try {
    const url = new URL(value)
    return url.protocol === 'http:' || url.protocol === 'https:'
  } catch {
    return false
  }
}
