/**
 * Mailboxes (#/mailboxes), for admins: each team's address with its IMAP and SMTP servers and how the server
 * reads it, "Test connection", "Remove" (with a confirmation) and "Add mailbox". Passwords are write-only: the
 * list says only whether one is set. Everything here is on the server only, so offline it says so.
 */
import './mail-admin.css'
import { useCallback, useMemo, useState } from 'react'
import { useLiveQuery } from 'dexie-react-hooks'
import type { MailboxStatus, MailboxTestResult, MailboxViewWire } from '@shared/protocol/mail-admin'
import { formatInstant } from '../incidents/shared/format'
import { useDb } from '../sync/engine-context'
import { MailboxForm } from './MailboxForm'
import { LoadState, ServerListPage } from './LoadState'
import { errorMessage, useMailAdminApi, useServerList } from './useMailAdminApi'

function statusText(status: MailboxStatus | null): {
  text: string
  tone: 'ok' | 'warn' | 'danger' | 'muted'
} {
  if (!status) return { text: 'Not read by this server (its email channel is off)', tone: 'muted' }
  if (status.state === 'failing')
    return {
      text: `Failing since ${formatInstant(status.lastErrorAt)}: ${status.lastError ?? 'no reason given'}`,
      tone: 'danger',
    }
  if (status.state === 'connecting') return { text: 'Connecting…', tone: 'warn' }
  return {
    text: status.lastFetchAt
      ? `Reading mail · last fetch ${formatInstant(status.lastFetchAt)}`
      : 'Reading mail',
    tone: 'ok',
  }
}

const endpoint = (e: { host: string; port: number; tls: boolean }) =>
  `${e.host}:${e.port}${e.tls ? ' (TLS)' : ''}`

type TestState =
  { state: 'running' } | { state: 'done'; result: MailboxTestResult } | { state: 'failed'; message: string }

function MailboxCard({
  mailbox,
  onTest,
  test,
  onRemove,
}: {
  mailbox: MailboxViewWire
  onTest: () => void
  test: TestState | undefined
  onRemove: () => Promise<string | null>
}) {
  const [confirming, setConfirming] = useState(false)
  const [removeError, setRemoveError] = useState<string | null>(null)
  const status = statusText(mailbox.status)
  return (
    <li className="card mailbox-card" aria-label={mailbox.address}>
      <div className="mailbox-head">
        <strong>{mailbox.address}</strong>
        {mailbox.displayName ? <span className="muted">{mailbox.displayName}</span> : null}
        <span className="spacer" />
        <span className={`mailbox-status tone-${status.tone}`} data-testid="mailbox-status">
          {status.text}
        </span>
      </div>
      <dl className="kv">
        <dt>IMAP</dt>
        <dd>
          {endpoint(mailbox.imap)} · user {mailbox.imap.user} ·{' '}
          {mailbox.imap.passwordSet ? 'password set' : 'no password'}
        </dd>
        <dt>SMTP</dt>
        <dd>
          {endpoint(mailbox.smtp)} ·{' '}
          {mailbox.smtp.user
            ? `user ${mailbox.smtp.user} · ${mailbox.smtp.passwordSet ? 'password set' : 'no password'}`
            : 'no sign-in'}
        </dd>
        <dt>Added</dt>
        <dd>{formatInstant(mailbox.createdAt)}</dd>
      </dl>
      {test ? (
        <div className="mailbox-test" role="status" aria-label={`Test of ${mailbox.address}`}>
          {test.state === 'running' ? <p className="muted">Testing IMAP and SMTP…</p> : null}
          {test.state === 'failed' ? <p className="error">{test.message}</p> : null}
          {test.state === 'done' ? (
            <ul>
              {(['imap', 'smtp'] as const).map((p) => (
                <li key={p} className={test.result[p].ok ? 'test-ok' : 'test-failed'}>
                  <strong>
                    {p.toUpperCase()} {test.result[p].ok ? 'ok' : 'failed'}
                  </strong>
                  : {test.result[p].detail}
                </li>
              ))}
            </ul>
          ) : null}
        </div>
      ) : null}
      {removeError ? (
        <p className="error" role="alert">
          {removeError}
        </p>
      ) : null}
      {confirming ? (
        <div
          className="notice warn mailbox-confirm"
          role="alertdialog"
          aria-label={`Remove ${mailbox.address}?`}
        >
          <p>
            Remove {mailbox.address}? The server stops reading it and replies can no longer be sent from it.
            Mail already received stays on its incidents.
          </p>
          <div className="actions">
            <button
              type="button"
              className="danger"
              onClick={() =>
                void onRemove().then((error) => {
                  setRemoveError(error)
                  setConfirming(false)
                })
              }
            >
              Remove mailbox
            </button>
            <button type="button" className="ghost" autoFocus onClick={() => setConfirming(false)}>
              Keep it
            </button>
          </div>
        </div>
      ) : (
        <div className="actions">
          <button type="button" onClick={onTest} disabled={test?.state === 'running'}>
            Test connection
          </button>
          <button type="button" className="ghost" onClick={() => setConfirming(true)}>
            Remove…
          </button>
        </div>
      )}
    </li>
  )
}

export default function MailboxesScreen() {
  const api = useMailAdminApi()
  const db = useDb()
  const load = useCallback(() => api.mailboxes(), [api])
  const { loaded, set, reload } = useServerList(load)
  const directory = useLiveQuery(() => db.directory.get('directory'), [db])
  const [adding, setAdding] = useState(false)
  const [tests, setTests] = useState<Record<string, TestState>>({})

  const mailboxes = useMemo(() => (loaded.state === 'ready' ? loaded.value : []), [loaded])
  const teams = useMemo(() => {
    const known = [...(directory?.teams ?? [])]
    // a mailbox of a team the directory doesn't name yet still shows, under its id
    for (const m of mailboxes)
      if (!known.some((t) => t.id === m.teamId)) known.push({ id: m.teamId, name: m.teamId })
    return known.sort((a, b) => a.name.localeCompare(b.name))
  }, [directory, mailboxes])

  async function runTest(id: string) {
    setTests((t) => ({ ...t, [id]: { state: 'running' } }))
    try {
      const result = await api.testMailbox(id)
      setTests((t) => ({ ...t, [id]: { state: 'done', result } }))
    } catch (error) {
      setTests((t) => ({ ...t, [id]: { state: 'failed', message: errorMessage(error) } }))
    }
    // the test may have changed what the watcher knows; show its latest word too
    void reload()
  }

  async function remove(id: string): Promise<string | null> {
    try {
      await api.removeMailbox(id)
      set(mailboxes.filter((m) => m.id !== id))
      return null
    } catch (error) {
      return errorMessage(error)
    }
  }

  return (
    <ServerListPage
      name="mailboxes"
      title="Mailboxes"
      blurb="A team’s mailbox opens incidents from customers’ mail and sends the replies to them."
      loaded={loaded}
      onRefresh={() => void reload()}
      actions={
        !adding && loaded.state === 'ready' ? (
          <button type="button" onClick={() => setAdding(true)}>
            Add mailbox
          </button>
        ) : null
      }
    >
      <LoadState loaded={loaded} what="the mailboxes" />
      {adding && loaded.state === 'ready' ? (
        <MailboxForm
          api={api}
          teams={teams}
          onCancel={() => setAdding(false)}
          onAdded={(m) => {
            set([...mailboxes, m].sort((a, b) => a.address.localeCompare(b.address)))
            setAdding(false)
          }}
        />
      ) : null}
      {loaded.state === 'ready'
        ? teams.map((team) => {
            const mine = mailboxes.filter((m) => m.teamId === team.id)
            return (
              <section key={team.id} className="mailbox-team" aria-label={`Team ${team.name}`}>
                <h3>{team.name}</h3>
                {mine.length === 0 ? (
                  <p className="muted small">No mailbox: this team gets no mail.</p>
                ) : (
                  <ul className="mailbox-list">
                    {mine.map((m) => (
                      <MailboxCard
                        key={m.id}
                        mailbox={m}
                        test={tests[m.id]}
                        onTest={() => void runTest(m.id)}
                        onRemove={() => remove(m.id)}
                      />
                    ))}
                  </ul>
                )}
              </section>
            )
          })
        : null}
    </ServerListPage>
  )
}
