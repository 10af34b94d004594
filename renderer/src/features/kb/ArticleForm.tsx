import { useState, type FormEvent } from 'react'
import { MarkdownView } from './MarkdownView'
import { Field } from '../../ui/Field'
import { ErrorLine } from '../../ui/ErrorLine'
import { FormActions } from '../../ui/FormActions'

export interface ArticleFields {
  title: string
  body: string
  tags: string[]
  status: 'draft' | 'published'
}

/** "smtp, dns ,  dns" → ["smtp", "dns"] */
export function parseTags(text: string): string[] {
  return [
    ...new Set(
      text
        .split(',')
        .map((t) => t.trim())
        .filter(Boolean),
    ),
  ]
}

/** Title, tags, status and the markdown body with a preview, for a new article or an edit. */
export function ArticleForm({
  initial,
  submitLabel,
  busy,
  error,
  onSubmit,
  onCancel,
}: {
  initial: ArticleFields
  submitLabel: string
  busy: boolean
  error: string | null
  onSubmit: (fields: ArticleFields) => void
  onCancel: () => void
}) {
  const [title, setTitle] = useState(initial.title)
  const [body, setBody] = useState(initial.body)
  const [tags, setTags] = useState(initial.tags.join(', '))
  const [status, setStatus] = useState(initial.status)
  const [preview, setPreview] = useState(false)
  return (
    <form
      className="card article-form"
      aria-label={submitLabel}
      onSubmit={(e: FormEvent) => {
        e.preventDefault()
        onSubmit({ title: title.trim(), body, tags: parseTags(tags), status })
      }}
    >
      <label className="field">
        <span>Title</span>
        <input value={title} onChange={(e) => setTitle(e.target.value)} maxLength={300} required />
      </label>
      <div className="row">
        <label className="field grow">
          <span>Tags (comma-separated)</span>
          <input value={tags} onChange={(e) => setTags(e.target.value)} placeholder="dns, delivery" />
        </label>
        <Field label="Status">
          <select value={status} onChange={(e) => setStatus(e.target.value as ArticleFields['status'])}>
            <option value="draft">Draft</option>
            <option value="published">Published</option>
          </select>
        </Field>
      </div>
      <label className="field">
        <span>Body (markdown)</span>
        <textarea rows={10} value={body} onChange={(e) => setBody(e.target.value)} className="mono" />
      </label>
      <label className="check">
        <input type="checkbox" checked={preview} onChange={(e) => setPreview(e.target.checked)} />
        <span>Show preview</span>
      </label>
      {preview ? (
        <div className="preview-box">
          <MarkdownView source={body} label="Preview" />
        </div>
      ) : null}
      <FormActions submit={submitLabel} disabled={busy || !title.trim()} onCancel={onCancel} />
      <ErrorLine error={error} />
    </form>
  )
}
