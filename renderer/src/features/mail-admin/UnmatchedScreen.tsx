/**
 * Unmatched mail (#/unmatched): what strangers wrote to a team's mailbox, kept on the server only. An engineer
 * reads one and attaches it to a customer of that team: to a contact with the sender's address, or the sender
 * as a new contact (the server runs contact.add, with the plan's named-contact cap, then incident.open). The
 * mail then becomes an incident and leaves the list. Keys: ↑/↓ move, Enter opens, `a` attaches.
 */
import './mail-admin.css'
import { useCallback, useEffect, useMemo, useRef, useState, type KeyboardEvent } from 'react'
import type { UnmatchedMail } from '@shared/protocol/mail-admin'
import { isTyping } from '../incidents/queue/Queue'
import { formatInstant, humanize } from '../incidents/shared/format'
import { useDirectory } from '../directory/useDirectory'
import { hrefOf } from '../../stores/route'
import { AttachForm } from './AttachForm'
import { UnmatchedAttachments } from './UnmatchedAttachments'
import { filterUnmatched, previewOf, readableText, senderLabel } from './unmatched-model'
import { LoadState, ServerListPage } from './LoadState'
import { useMailAdminApi, useServerList } from './useMailAdminApi'

interface Attached {
  subject: string
  incidentId: string
  flags: string[]
}

export default function UnmatchedScreen() {
  const api = useMailAdminApi()
  const load = useCallback(() => api.unmatched(), [api])
  // new strangers' mail arrives on the server without a poke: look every 30 s
  const { loaded, set, reload } = useServerList(load, 30_000)
  const names = useDirectory()
  const [query, setQuery] = useState('')
  const [activeId, setActiveId] = useState<string | null>(null)
  const [openId, setOpenId] = useState<string | null>(null)
  const [attaching, setAttaching] = useState(false)
  const [attached, setAttached] = useState<Attached | null>(null)
  const listRef = useRef<HTMLUListElement>(null)

  const all = useMemo(() => (loaded.state === 'ready' ? loaded.value : []), [loaded])
  const shown = useMemo(() => filterUnmatched(all, query), [all, query])
  const activeIndex = Math.max(
    0,
    shown.findIndex((m) => m.id === activeId),
  )
  const open = shown.find((m) => m.id === openId) ?? null

  const startAttach = useCallback(() => {
    if (!open) return
    setAttached(null)
    setAttaching(true)
  }, [open])

  // `a` attaches the open mail from anywhere on the screen (not while typing)
  useEffect(() => {
    function onKey(event: globalThis.KeyboardEvent) {
      if (event.key !== 'a' || event.metaKey || event.ctrlKey || event.altKey || isTyping(event.target))
        return
      if (!open || attaching) return
      event.preventDefault()
      startAttach()
    }
    window.addEventListener('keydown', onKey)
    return () => window.removeEventListener('keydown', onKey)
  }, [open, attaching, startAttach])

  function onListKey(event: KeyboardEvent<HTMLUListElement>) {
    const move = event.key === 'ArrowDown' ? 1 : event.key === 'ArrowUp' ? -1 : 0
    if (move !== 0 && shown.length > 0) {
      const next = shown[Math.min(shown.length - 1, Math.max(0, activeIndex + move))]!
      setActiveId(next.id)
      document.getElementById(`unmatched-${next.id}`)?.scrollIntoView({ block: 'nearest' })
      event.preventDefault()
    } else if (event.key === 'Enter' && shown[activeIndex]) {
      setOpenId(shown[activeIndex].id)
      setAttaching(false)
      event.preventDefault()
    }
  }

  function onAttached(mail: UnmatchedMail, result: { incidentId: string; flags: string[] }) {
    set(all.filter((m) => m.id !== mail.id))
    setAttached({ subject: mail.subject, incidentId: result.incidentId, flags: result.flags })
    setAttaching(false)
    setOpenId(null)
    listRef.current?.focus()
  }

  return (
    <ServerListPage
      name="unmatched"
      title="Unmatched mail"
      blurb="Mail from senders who are no customer’s contact. Attach one to a customer to open its incident."
      loaded={loaded}
      onRefresh={() => void reload()}
      tools={
        <label className="search">
          <span className="visually-hidden">Search unmatched mail</span>
          <input
            type="search"
            placeholder="Search sender, subject, text"
            value={query}
            onChange={(e) => setQuery(e.target.value)}
          />
        </label>
      }
    >
      {attached ? (
        <p className="notice" role="status">
          “{attached.subject}” is now an incident.{' '}
          <a href={hrefOf({ name: 'incident', id: attached.incidentId })}>Open the incident</a>
          {attached.flags.length > 0 ? ` (${attached.flags.map(humanize).join(', ')})` : null}
        </p>
      ) : null}
      <LoadState loaded={loaded} what="the unmatched mail" />
      {loaded.state === 'ready' ? (
        <div className="unmatched-grid">
          <div className="card unmatched-list-card">
            {shown.length === 0 ? (
              <p className="empty muted">
                {all.length === 0
                  ? 'No unmatched mail: every sender was known.'
                  : 'No mail matches the search.'}
              </p>
            ) : (
              <ul
                ref={listRef}
                className="unmatched-list"
                role="listbox"
                aria-label="Unmatched mail"
                tabIndex={0}
                aria-activedescendant={shown[activeIndex] ? `unmatched-${shown[activeIndex].id}` : undefined}
                onKeyDown={onListKey}
              >
                {shown.map((m, i) => (
                  <li
                    key={m.id}
                    id={`unmatched-${m.id}`}
                    role="option"
                    aria-selected={i === activeIndex}
                    className={`${i === activeIndex ? 'active' : ''} ${m.id === openId ? 'open' : ''}`}
                    onClick={() => {
                      setActiveId(m.id)
                      setOpenId(m.id)
                      setAttaching(false)
                    }}
                  >
                    <div className="unmatched-line">
                      <strong className="unmatched-from">{senderLabel(m.from)}</strong>
                      <time className="muted small" dateTime={m.receivedAt}>
                        {formatInstant(m.receivedAt)}
                      </time>
                    </div>
                    <div className="unmatched-subject">{readableText(m.subject) || '(no subject)'}</div>
                    <div className="muted small unmatched-preview">{previewOf(m.text)}</div>
                  </li>
                ))}
              </ul>
            )}
            <p className="muted small unmatched-keys">
              <kbd>↑</kbd> <kbd>↓</kbd> move · <kbd>Enter</kbd> opens · <kbd>a</kbd> attaches
            </p>
          </div>
          <div className="card unmatched-reader">
            {open ? (
              <article aria-labelledby="unmatched-subject">
                <h3 id="unmatched-subject">{readableText(open.subject) || '(no subject)'}</h3>
                <dl className="kv">
                  <dt>From</dt>
                  <dd>{senderLabel(open.from)}</dd>
                  <dt>Received</dt>
                  <dd>{formatInstant(open.receivedAt)}</dd>
                  <dt>Mailbox of</dt>
                  <dd>{names.teamName(open.teamId)}</dd>
                </dl>
                <pre className="unmatched-text">{readableText(open.text) || '(no text)'}</pre>
                <UnmatchedAttachments mail={open} />
                {attaching ? (
                  <AttachForm
                    mail={open}
                    api={api}
                    onCancel={() => setAttaching(false)}
                    onAttached={(result) => onAttached(open, result)}
                  />
                ) : (
                  <div className="actions">
                    <button type="button" onClick={startAttach}>
                      Attach to customer <kbd>a</kbd>
                    </button>
                  </div>
                )}
              </article>
            ) : (
              <p className="muted">Open a mail to read it.</p>
            )}
          </div>
        </div>
      ) : null}
    </ServerListPage>
  )
}
