import { useState, type FormEvent } from 'react'
import { ErrorLine } from '../../../ui/ErrorLine'
import { RowOptions } from '../../../ui/Options'
import { v7 as uuidv7 } from 'uuid'
import { RESOLUTIONS, ROOT_CAUSES, type Resolution, type RootCause } from '@shared/domain'
import { hrefOf } from '../../../stores/route'
import { formatInstant, humanize } from '../shared/format'
import { EnumSelect } from '../shared/EnumSelect'
import { useMutate } from '../shared/useMutate'
import type { IncidentData } from './useIncidentData'

/** R-ST-6: the agreement a remote session needs; revocable; closing the incident revokes it. */
export function RemoteAccess({ data }: { data: IncidentData }) {
  const { run, error, busy } = useMutate()
  const active = data.agreements.find((a) => !a.revokedAt)
  const finished = data.incident.status === 'resolved' || data.incident.status === 'closed'
  return (
    <section className="card" aria-labelledby="ra-title">
      <h3 id="ra-title">Remote access agreement</h3>
      {active ? (
        <p data-testid="agreement-state">
          Active since {formatInstant(active.grantedAt)}. Remote sessions can be logged.
        </p>
      ) : (
        <p data-testid="agreement-state" className="muted">
          No active agreement: a remote session can’t be logged on this incident (R-ST-6).
        </p>
      )}
      <div className="actions">
        {active ? (
          <button
            type="button"
            className="ghost"
            disabled={busy}
            onClick={() => void run('remoteAccess.revoke', { agreementId: active.id, by: 'customer' })}
          >
            Revoke agreement
          </button>
        ) : (
          <button
            type="button"
            disabled={busy || finished}
            title={finished ? 'Reopen the incident to grant remote access' : undefined}
            onClick={() =>
              void run('remoteAccess.grant', {
                id: uuidv7(),
                incidentId: data.incident.id,
                grantedByContactId: data.incident.contactId,
              })
            }
          >
            Record signed agreement
          </button>
        )}
      </div>
      {finished && !active ? (
        <p className="muted small">Resolved or closed: reopen it to grant remote access.</p>
      ) : null}
      {data.agreements
        .filter((a) => a.revokedAt)
        .map((a) => (
          <p key={a.id} className="muted small">
            Granted {formatInstant(a.grantedAt)}, revoked {formatInstant(a.revokedAt)} ({a.revokedReason})
          </p>
        ))}
      <ErrorLine error={error} />
    </section>
  )
}

export function Anomalies({ data }: { data: IncidentData }) {
  if (data.anomalies.length === 0) return null
  return (
    <section className="card" aria-labelledby="an-title">
      <h3 id="an-title">Anomaly report</h3>
      <ul>
        {data.anomalies.map((a) => (
          <li key={a.id}>
            <a href={hrefOf({ name: 'anomaly', id: a.id })}>
              <strong>{a.title}</strong>
            </a>{' '}
            · category {a.category} · {humanize(a.status)}
            {a.category === 'C' ? (
              <span className="muted small"> · needs an accepted cost estimate before work (R-AM-3)</span>
            ) : null}
          </li>
        ))}
      </ul>
    </section>
  )
}

/** Link an article that answered it, or write one from this answer (R-PM-4). */
export function Knowledge({ data }: { data: IncidentData }) {
  const { run, error, busy } = useMutate()
  const [articleId, setArticleId] = useState('')
  const [answeredIt, setAnsweredIt] = useState(false)
  const [title, setTitle] = useState('')
  const linked = data.articles.filter((a) => a.linkedIncidentIds?.includes(data.incident.id))
  const others = data.articles.filter((a) => !a.linkedIncidentIds?.includes(data.incident.id))

  return (
    <section className="card" aria-labelledby="kb-title">
      <h3 id="kb-title">Knowledge base</h3>
      {linked.length > 0 ? (
        <ul>
          {linked.map((a) => (
            <li key={a.id}>
              <a href={hrefOf({ name: 'article', id: a.id })}>{a.title}</a>{' '}
              <span className="muted small">({a.status})</span>
            </li>
          ))}
        </ul>
      ) : (
        <p className="muted small">No article linked.</p>
      )}
      <form
        className="row"
        onSubmit={(e: FormEvent) => {
          e.preventDefault()
          if (articleId) void run('kb.link', { articleId, incidentId: data.incident.id, answeredIt })
        }}
      >
        <label className="field grow">
          <span>Article</span>
          <select value={articleId} onChange={(e) => setArticleId(e.target.value)}>
            <RowOptions rows={others} none="Choose an article…" label={(a) => a.title} />
          </select>
        </label>
        <label className="check">
          <input type="checkbox" checked={answeredIt} onChange={(e) => setAnsweredIt(e.target.checked)} />
          <span>It already answered the question (R-PM-2)</span>
        </label>
        <button type="submit" className="ghost" disabled={busy || !articleId}>
          Link article
        </button>
      </form>
      <form
        className="row"
        onSubmit={(e: FormEvent) => {
          e.preventDefault()
          const answer = [...data.events]
            .reverse()
            .find((ev) => ev.visibility === 'external' && ev.body)?.body
          if (title.trim())
            void run('kb.createFromIncident', {
              id: uuidv7(),
              incidentId: data.incident.id,
              title: title.trim(),
              body: answer ?? data.incident.description ?? '',
            }).then((ok) => ok && setTitle(''))
        }}
      >
        <label className="field grow">
          <span>New article title</span>
          <input value={title} onChange={(e) => setTitle(e.target.value)} />
        </label>
        <button type="submit" className="ghost" disabled={busy || !title.trim()}>
          Create from this answer
        </button>
      </form>
      <ErrorLine error={error} />
    </section>
  )
}

export function ResolvePanel({
  data,
  siblings,
}: {
  data: IncidentData
  siblings: { id: string; subject: string }[]
}) {
  const { run, error, busy } = useMutate()
  const [resolution, setResolution] = useState<Resolution>('fixed')
  const [rootCause, setRootCause] = useState<RootCause | ''>('')
  const [duplicateOfId, setDuplicateOfId] = useState('')
  const [note, setNote] = useState('')
  if (data.incident.status === 'resolved' || data.incident.status === 'closed') {
    return (
      <section className="card" aria-labelledby="resolve-title">
        <h3 id="resolve-title">Resolution</h3>
        <p>
          {humanize(data.incident.resolution ?? '')} · {formatInstant(data.incident.resolvedAt)}
        </p>
      </section>
    )
  }
  return (
    <section className="card" aria-labelledby="resolve-title">
      <h3 id="resolve-title">Resolve</h3>
      <form
        onSubmit={(e: FormEvent) => {
          e.preventDefault()
          void run('incident.resolve', {
            incidentId: data.incident.id,
            resolution,
            ...(resolution === 'duplicate' ? { duplicateOfId } : {}),
            ...(rootCause ? { rootCause } : {}),
            ...(note.trim() ? { note: note.trim() } : {}),
          })
        }}
      >
        <label className="field">
          <span>Resolution code</span>
          <EnumSelect value={resolution} options={RESOLUTIONS} onChange={setResolution} />
        </label>
        {resolution === 'duplicate' ? (
          <label className="field">
            <span>Duplicate of</span>
            <select value={duplicateOfId} onChange={(e) => setDuplicateOfId(e.target.value)}>
              <RowOptions rows={siblings} none="Choose the original incident…" label={(s) => s.subject} />
            </select>
          </label>
        ) : null}
        {resolution === 'duplicate' || resolution === 'opened-in-error' ? (
          <p className="muted small">This gives the incident back to the allowance (D-1).</p>
        ) : null}
        <label className="field">
          <span>Root cause</span>
          <EnumSelect<RootCause | ''>
            value={rootCause}
            options={ROOT_CAUSES}
            onChange={setRootCause}
            emptyLabel="Not stated"
          />
        </label>
        <label className="field">
          <span>Resolution note</span>
          <textarea rows={2} value={note} onChange={(e) => setNote(e.target.value)} />
        </label>
        <button type="submit" disabled={busy || (resolution === 'duplicate' && !duplicateOfId)}>
          Resolve incident
        </button>
        <ErrorLine error={error} />
      </form>
    </section>
  )
}
