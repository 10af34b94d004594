import { useEffect, useState } from 'react'
import type { AppInfo, CredentialStorageInfo, DesktopApi } from '@shared/desktop/contract'
import { useConnection } from '../features/connection/useConnection'
import { configuredServerUrl } from './server-url'

export function App({ desktop }: { desktop: DesktopApi }) {
  const [info, setInfo] = useState<AppInfo | null>(null)
  const [storage, setStorage] = useState<CredentialStorageInfo | null>(null)
  const { online, server, recheck } = useConnection(desktop, configuredServerUrl)

  useEffect(() => {
    void desktop.appInfo().then(setInfo)
    void desktop.credentials.info().then(setStorage)
  }, [desktop])

  const connected = online && server.state === 'reachable'
  return (
    <div className="shell">
      <header className="shell-header">
        <h1 className="brand">Caseload</h1>
        <span className="shell-kind" aria-label="Running as">
          {info ? (info.shell === 'desktop' ? 'Desktop app' : 'Browser mode') : ''}
        </span>
      </header>

      <main className="shell-main" aria-labelledby="welcome-title">
        <section className="welcome">
          <h2 id="welcome-title">{connected ? 'Connected' : 'Working offline'}</h2>
          {server.state === 'reachable' && online ? (
            <p>
              Connected to the Caseload server at <code>{configuredServerUrl}</code> (
              {server.health.database === 'sqlite' ? 'embedded database' : 'PostgreSQL'}).
            </p>
          ) : (
            <>
              <p>
                {online
                  ? `The Caseload server at ${configuredServerUrl} cannot be reached (${
                      server.state === 'unreachable' ? server.reason : 'checking…'
                    }).`
                  : 'This computer is offline.'}{' '}
                Everything you do is kept on this machine and sent when the connection is back.
              </p>
              <button type="button" onClick={() => void recheck()} disabled={server.state === 'checking'}>
                {server.state === 'checking' ? 'Checking…' : 'Try again'}
              </button>
            </>
          )}
          {storage && !storage.persistent ? <p className="note">{storage.description}</p> : null}
        </section>
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
