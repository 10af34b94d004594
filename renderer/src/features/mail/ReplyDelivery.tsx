import { useId, useState } from 'react'
import { ErrorLine } from '../../ui/ErrorLine'
import { retryReplyMail } from '../../data'
import { useSession } from '../../stores/session'
import { formatInstant } from '../incidents/shared/format'
import { refreshAccess } from '../session/session'
import { useEngine, useSyncStatus } from '../sync/engine-context'
import { retryBlockedReason, type MailDelivery } from './model'

function accessToken(): string | null {
  const s = useSession.getState()
  return s.phase === 'signed-in' ? s.accessToken : null
}

/**
 * Where the mail of a reply to the customer stands, as the server last wrote it on the event: queued, sent (when),
 * retrying (why, and when next) or failed with the SMTP server's reason and Retry. Retry asks the server at once
 * (it is not an offline write), so without a server that answers it is disabled and says why.
 */
export function ReplyDelivery({ eventId, mail }: { eventId: string; mail: MailDelivery }) {
  const { desktop, session } = useEngine()
  const status = useSyncStatus()
  const [busy, setBusy] = useState(false)
  const [error, setError] = useState<string | null>(null)
  const reasonId = useId()
  const blocked = retryBlockedReason(status)

  async function retry() {
    setBusy(true)
    setError(null)
    try {
      await retryReplyMail(
        { baseUrl: session.server, accessToken, refresh: () => refreshAccess(desktop) },
        eventId,
      )
    } catch (e) {
      setError(e instanceof Error ? e.message : String(e))
    } finally {
      setBusy(false)
    }
  }

  return (
    <div className={`mail-delivery mail-${mail.state}`} data-testid="mail-delivery">
      {mail.state === 'queued' ? (
        <span className="sync sync-pending">Mail to {mail.to} queued</span>
      ) : mail.state === 'sent' ? (
        <span className="sync sync-ok">
          Mail sent to {mail.to} · {formatInstant(mail.at)}
        </span>
      ) : mail.state === 'retrying' ? (
        <span className="sync sync-pending">
          Mail to {mail.to} not delivered yet ({mail.error ?? 'no answer'}); next try{' '}
          {formatInstant(mail.nextAttemptAt)}
        </span>
      ) : (
        <>
          <span className="sync sync-rejected" role="alert">
            Mail to {mail.to} failed: {mail.error ?? 'no reason given'}
          </span>{' '}
          <button
            type="button"
            className="small"
            onClick={() => void retry()}
            disabled={busy || blocked !== null}
            aria-describedby={blocked ? reasonId : undefined}
          >
            {busy ? 'Retrying…' : 'Retry'}
          </button>
          {blocked ? (
            <span id={reasonId} className="muted small">
              {blocked}
            </span>
          ) : null}
        </>
      )}
      <ErrorLine error={error} />
    </div>
  )
}
