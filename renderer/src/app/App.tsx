import { useEffect } from 'react'
import type { DesktopApi } from '@shared/desktop/contract'
import { SignIn } from '../features/session/SignIn'
import { restoreSession } from '../features/session/session'
import { EngineProvider } from '../features/sync/engine-context'
import { useSession } from '../stores/session'
import { Desk } from './Desk'

export function App({ desktop }: { desktop: DesktopApi }) {
  const session = useSession()

  useEffect(() => {
    void restoreSession(desktop)
  }, [desktop])

  if (session.phase === 'restoring') return <div className="boot">Opening Caseload…</div>
  if (session.phase === 'signed-out') return <SignIn desktop={desktop} notice={session.notice} />
  return (
    <EngineProvider session={session} desktop={desktop}>
      <Desk />
    </EngineProvider>
  )
}
