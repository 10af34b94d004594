import { useDeferredValue, useState, type FormEvent } from 'react'
import { NotFoundPage } from '../../ui/NotFoundPage'
import { useLiveQuery } from 'dexie-react-hooks'
import type { IncidentRow } from '@shared/mutations'
import { hrefOf } from '../../stores/route'
import { useDb } from '../sync/engine-context'
import { formatInstant, shortId, statusLabel } from '../incidents/shared/format'
import { useMutate } from '../incidents/shared/useMutate'
import { ArticleForm } from './ArticleForm'
import { MarkdownView } from './MarkdownView'
import { useArticle, type ArticleData } from './useKbData'
import { Field } from '../../ui/Field'
import { ErrorLine } from '../../ui/ErrorLine'

function IncidentLink({ id, incident }: { id: string; incident: IncidentRow | undefined }) {
  return (
    <a href={hrefOf({ name: 'incident', id })}>
      {shortId(id)}
      {incident ? ` · ${incident.subject}` : ' · not in your local copy'}
    </a>
  )
}

export function ArticleView({ id }: { id: string }) {
  const data = useArticle(id)
  const { run, error, busy } = useMutate()
  const [editing, setEditing] = useState(false)
  if (data === undefined) return <p className="page muted">Opening the article…</p>
  if (data === null)
    return (
      <NotFoundPage
        title="Article not found"
        reason="It is not in your local copy, or it was deleted."
        backHref="#/kb"
        backLabel="Back to the knowledge base"
      />
    )
  const { article } = data
  return (
    <article className="page kb-article" aria-labelledby="article-title">
      <a href="#/kb" className="back">
        ← Knowledge base
      </a>
      <header className="article-header">
        <div className="title-row">
          <h2 id="article-title">{article.title}</h2>
          <span className={`pill status-${article.status}`} data-testid="article-status">
            {article.status === 'published' ? 'Published' : 'Draft'}
          </span>
          <span className="spacer" />
          {!editing ? (
            <button type="button" className="ghost" onClick={() => setEditing(true)}>
              Edit article
            </button>
          ) : null}
        </div>
        <p className="muted small">
          Written {formatInstant(article.createdAt)}
          {article.createdFromIncidentId ? (
            <span data-testid="created-from">
              {' '}
              · created from incident{' '}
              <IncidentLink id={article.createdFromIncidentId} incident={data.createdFrom} />
            </span>
          ) : null}
        </p>
        {article.tags.length > 0 ? (
          <ul className="tags" aria-label="Tags">
            {article.tags.map((t) => (
              <li key={t} className="tag">
                {t}
              </li>
            ))}
          </ul>
        ) : null}
      </header>
      <div className="incident-grid">
        <div className="col">
          {editing ? (
            <ArticleForm
              initial={{
                title: article.title,
                body: article.body,
                tags: article.tags,
                status: article.status,
              }}
              submitLabel="Save article"
              busy={busy}
              error={error}
              onCancel={() => setEditing(false)}
              onSubmit={(fields) => {
                void run('kb.update', {
                  articleId: article.id,
                  baseVersion: article.version,
                  ...fields,
                }).then((ok) => ok && setEditing(false))
              }}
            />
          ) : (
            <section className="card">
              {article.body.trim() ? (
                <MarkdownView source={article.body} label="Article" />
              ) : (
                <p className="muted">This article has no body yet.</p>
              )}
            </section>
          )}
        </div>
        <div className="col">
          <LinkedIncidents data={data} />
        </div>
      </div>
    </article>
  )
}

/** The incidents the article answered, and linking another (R-PM-2: "it already answered it" makes it billable). */
function LinkedIncidents({ data }: { data: ArticleData }) {
  const db = useDb()
  const { run, error, busy } = useMutate()
  const [search, setSearch] = useState('')
  const [incidentId, setIncidentId] = useState('')
  const [answeredIt, setAnsweredIt] = useState(false)
  const query = useDeferredValue(search.trim().toLowerCase())
  const linked = new Set(data.article.linkedIncidentIds ?? [])
  // found on demand (the desk may hold many thousand incidents): subject or the short id read on the phone
  const matches = useLiveQuery(async () => {
    if (query.length < 2) return []
    return await db
      .rows('incidents')
      .filter((row) => {
        const i = row
        return (
          !i.deleted &&
          !linked.has(i.id) &&
          (i.subject.toLowerCase().includes(query) || shortId(i.id).toLowerCase() === query)
        )
      })
      .limit(25)
      .toArray()
    // `linked` changes only with the article, whose version is a dependency
  }, [db, query, data.article.version])
  const chosen = matches?.some((m) => m.id === incidentId) ? incidentId : (matches?.[0]?.id ?? '')

  return (
    <section className="card" aria-labelledby="linked-title">
      <h3 id="linked-title">Linked incidents</h3>
      {data.incidents.length > 0 ? (
        <ul className="linked-incidents" data-testid="linked-incidents">
          {data.incidents.map((l) => (
            <li key={l.id}>
              <IncidentLink id={l.id} incident={l.incident} />
              {l.incident ? <span className="muted small"> · {statusLabel[l.incident.status]}</span> : null}
            </li>
          ))}
        </ul>
      ) : (
        <p className="muted small">Not linked to any incident.</p>
      )}
      <form
        aria-label="Link to an incident"
        onSubmit={(e: FormEvent) => {
          e.preventDefault()
          if (!chosen) return
          void run('kb.link', { articleId: data.article.id, incidentId: chosen, answeredIt }).then((ok) => {
            if (ok) {
              setSearch('')
              setAnsweredIt(false)
            }
          })
        }}
      >
        <label className="field">
          <span>Find an incident (subject or short id)</span>
          <input type="search" value={search} onChange={(e) => setSearch(e.target.value)} />
        </label>
        <Field label="Incident">
          <select value={chosen} onChange={(e) => setIncidentId(e.target.value)} disabled={!matches?.length}>
            {!matches?.length ? (
              <option value="">
                {query.length < 2 ? 'Type two letters or more' : 'No incident matches'}
              </option>
            ) : null}
            {(matches ?? []).map((m) => (
              <option key={m.id} value={m.id}>
                {shortId(m.id)} · {m.subject}
              </option>
            ))}
          </select>
        </Field>
        <label className="check">
          <input type="checkbox" checked={answeredIt} onChange={(e) => setAnsweredIt(e.target.checked)} />
          <span>It already answered the question (R-PM-2: the investigation is billable)</span>
        </label>
        <button type="submit" disabled={busy || !chosen}>
          Link to incident
        </button>
        <ErrorLine error={error} />
      </form>
    </section>
  )
}
