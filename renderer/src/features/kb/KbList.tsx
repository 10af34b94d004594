import { useDeferredValue, useMemo, useState } from 'react'
import { ShowMoreButton, useShownRows } from '../../ui/ShowMore'
import { v7 as uuidv7 } from 'uuid'
import type { CsvColumn } from '@shared/csv/write'
import { hrefOf, navigate } from '../../stores/route'
import { ExportCsvButton } from '../csv/ExportCsvButton'
import { useMutate } from '../incidents/shared/useMutate'
import { ArticleForm } from './ArticleForm'
import { buildIndex, searchKb, tagCounts, type Hit } from './search'
import { useArticles, type ArticleRow } from './useKbData'
import { Field } from '../../ui/Field'

const csvColumns: CsvColumn<Hit<ArticleRow>>[] = [
  { header: 'Title', value: (h) => h.article.title },
  { header: 'Status', value: (h) => h.article.status },
  { header: 'Tags', value: (h) => h.article.tags.join(', ') },
  { header: 'Linked incidents', value: (h) => (h.article.linkedIncidentIds ?? []).length },
  { header: 'Created from incident', value: (h) => h.article.createdFromIncidentId ?? '' },
  { header: 'Created at', value: (h) => h.article.createdAt },
]

const pageSize = 100

export function KbList() {
  const articles = useArticles()
  const { run, error, busy } = useMutate()
  const [query, setQuery] = useState('')
  const [tag, setTag] = useState('')
  const [status, setStatus] = useState('')
  const [writing, setWriting] = useState(false)
  const deferred = useDeferredValue(query)
  // folded once per change of the rows, not per keystroke
  const index = useMemo(() => buildIndex(articles ?? []), [articles])
  const tags = useMemo(() => tagCounts(articles ?? []), [articles])
  const hits = useMemo(
    () =>
      searchKb(index, deferred, { tag: tag || null }).filter((h) => !status || h.article.status === status),
    [index, deferred, tag, status],
  )
  const key = `${deferred}|${tag}|${status}`
  // cards are rendered a page at a time (thousands of them would make every keystroke slow); the count and
  // the export cover every match
  const { limit, showMore } = useShownRows(pageSize, key)

  return (
    <section className="page kb" aria-labelledby="kb-list-title">
      <div className="list-toolbar">
        <h2 id="kb-list-title">Knowledge base</h2>
        <span className="muted" aria-live="polite" data-testid="kb-count">
          {articles ? `${hits.length} of ${articles.length} articles` : 'Loading…'}
        </span>
        <span className="spacer" />
        <ExportCsvButton fileName="knowledge-base" columns={csvColumns} rows={() => hits} />
        <button type="button" onClick={() => setWriting((w) => !w)} aria-expanded={writing}>
          New article
        </button>
      </div>
      {writing ? (
        <ArticleForm
          initial={{ title: '', body: '', tags: [], status: 'draft' }}
          submitLabel="Create article"
          busy={busy}
          error={error}
          onCancel={() => setWriting(false)}
          onSubmit={(fields) => {
            const id = uuidv7()
            void run('kb.create', { id, ...fields }).then((ok) => {
              if (ok) navigate({ name: 'article', id })
            })
          }}
        />
      ) : null}
      <div className="row filters" role="search" aria-label="Search the knowledge base">
        <label className="field grow">
          <span>Search articles</span>
          <input
            type="search"
            value={query}
            onChange={(e) => setQuery(e.target.value)}
            placeholder="Words in the title, body or tags (works offline)"
          />
        </label>
        <Field label="Tag">
          <select value={tag} onChange={(e) => setTag(e.target.value)}>
            <option value="">All tags</option>
            {tags.map((t) => (
              <option key={t.tag} value={t.tag}>
                {t.tag} ({t.count})
              </option>
            ))}
          </select>
        </Field>
        <Field label="Status">
          <select value={status} onChange={(e) => setStatus(e.target.value)}>
            <option value="">All</option>
            <option value="published">Published</option>
            <option value="draft">Draft</option>
          </select>
        </Field>
      </div>
      <ol className="kb-results" aria-label="Articles">
        {hits.slice(0, limit).map((h) => (
          <li key={h.article.id} className="card kb-result" data-testid="kb-result">
            <div className="kb-result-head">
              <a href={hrefOf({ name: 'article', id: h.article.id })} className="kb-result-title">
                {h.article.title}
              </a>
              <span className={`pill status-${h.article.status}`}>
                {h.article.status === 'published' ? 'Published' : 'Draft'}
              </span>
              {(h.article.linkedIncidentIds ?? []).length > 0 ? (
                <span className="muted small">
                  {(h.article.linkedIncidentIds ?? []).length} linked incident
                  {(h.article.linkedIncidentIds ?? []).length === 1 ? '' : 's'}
                </span>
              ) : null}
            </div>
            {h.excerpt ? <p className="kb-excerpt muted">{h.excerpt}</p> : null}
            {h.article.tags.length > 0 ? (
              <ul className="tags" aria-label="Tags">
                {h.article.tags.map((t) => (
                  <li key={t}>
                    <button
                      type="button"
                      className="tag"
                      aria-pressed={tag === t}
                      onClick={() => setTag(tag === t ? '' : t)}
                    >
                      {t}
                    </button>
                  </li>
                ))}
              </ul>
            ) : null}
          </li>
        ))}
      </ol>
      <ShowMoreButton total={hits.length} limit={limit} pageSize={pageSize} onMore={showMore} />
      {articles && hits.length === 0 ? (
        <p className="empty">{articles.length === 0 ? 'No article yet.' : 'No article matches.'}</p>
      ) : null}
    </section>
  )
}
