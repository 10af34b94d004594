import './kb.css'
import { useState } from 'react'
import { v7 as uuidv7 } from 'uuid'
import { useMutate } from '../incidents/shared/useMutate'
import { ArticleForm, type ArticleFields } from './ArticleForm'

/**
 * R-PM-4: a question answered without an existing article should produce one. On a reply to the customer of an
 * incident with no linked article, "Create KB article from this reply" opens the article form with the
 * incident's subject as title and the reply as body; saving runs kb.createFromIncident, which links the article
 * to the incident (and records that none existed, R-PM-1) in the same change, offline too.
 */
export function KbFromReply({
  incidentId,
  subject,
  reply,
}: {
  incidentId: string
  subject: string
  reply: string
}) {
  const [open, setOpen] = useState(false)
  const { run, error, busy } = useMutate()
  if (!open)
    return (
      <button type="button" className="ghost small" onClick={() => setOpen(true)}>
        Create KB article from this reply
      </button>
    )
  const initial: ArticleFields = { title: subject, body: reply, tags: [], status: 'draft' }
  return (
    <ArticleForm
      initial={initial}
      submitLabel="Create KB article"
      busy={busy}
      error={error}
      onSubmit={(fields) =>
        void run('kb.createFromIncident', { id: uuidv7(), incidentId, ...fields }).then(
          (ok) => ok && setOpen(false),
        )
      }
      onCancel={() => setOpen(false)}
    />
  )
}
