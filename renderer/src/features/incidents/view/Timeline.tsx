import { useState, type FormEvent } from 'react'
import { ErrorLine } from '../../../ui/ErrorLine'
import { v7 as uuidv7 } from 'uuid'
import type { IncidentEventRow, TableName } from '@shared/mutations'
import { rowKey } from '@shared/protocol'
import { discardAttachment } from '../../../data'
import { AttachmentList } from '../../attachments/AttachmentList'
import { AttachmentPicker } from '../../attachments/AttachmentPicker'
import { eventAttachments } from '../../attachments/model'
import { useIncidentFiles } from '../../attachments/useIncidentFiles'
import type { Names } from '../../directory/names'
import { useDirectory } from '../../directory/useDirectory'
import { KbFromReply } from '../../kb/FromReply'
import '../../mail/mail.css'
import { DroppedFiles } from '../../mail/DroppedFiles'
import { InboundMailBody, InboundMailHead } from '../../mail/InboundMail'
import { deliveryOf, droppedAttachments, inboundMail, isReplyToCustomer } from '../../mail/model'
import { ReplyDelivery } from '../../mail/ReplyDelivery'
import { hrefOf } from '../../../stores/route'
import { useEngine } from '../../sync/engine-context'
import { formatInstant, humanize, statusLabel } from '../shared/format'
import { useMutate } from '../shared/useMutate'
import type { IncidentData } from './useIncidentData'

function describe(e: IncidentEventRow, names: Names, me: string): string {
  const d = e.data ?? {}
  switch (e.kind) {
    case 'assigned':
      if (d.to === null) return 'Unassigned'
      return typeof d.to === 'string' ? `Assigned to ${d.to === me ? 'you' : names.nameOf(d.to)}` : 'Assigned'
    case 'opened':
      return `Opened (${String(d.decision ?? '')})`
    case 'status':
      return `Status: ${statusLabel[d.from as keyof typeof statusLabel] ?? String(d.from)} → ${statusLabel[d.to as keyof typeof statusLabel] ?? String(d.to)}`
    case 'escalated':
      return `Escalated to level ${String(d.level)}${d.role ? `: ${String(d.role)}` : ''}`
    case 'resolved':
      return `Resolved: ${humanize(String(d.resolution ?? ''))}`
    case 'remote-access-granted':
      return 'Remote access agreement granted'
    case 'remote-access-revoked':
      return `Remote access revoked (${String(d.reason ?? '')})`
    case 'kb-linked':
      return d.created ? 'Knowledge-base article created from this incident' : 'Knowledge-base article linked'
    case 'sla-paused':
      return 'SLA clock paused'
    case 'sla-resumed':
      return 'SLA clock resumed'
    case 'over-allowance-action':
      return `Over allowance: ${humanize(String(d.action ?? ''))}`
    case 'comment':
      return e.visibility === 'external' ? 'Answer to the customer' : 'Internal note'
    case 'response':
      return 'Answer to the customer'
    default:
      return humanize(e.kind)
  }
}

export function SyncBadge({
  id,
  table,
  data,
  version,
}: {
  id: string
  table: TableName
  data: IncidentData
  version: number
}) {
  const key = rowKey(table, id)
  const refused = data.rejected.get(key)
  if (refused) return <span className="sync sync-rejected">Refused: {refused}</span>
  if (data.pending.has(key) || version === 0)
    return <span className="sync sync-pending">Waiting to be sent</span>
  return <span className="sync sync-ok">Synced</span>
}

/**
 * Comments (internal or to the customer), status changes and escalations, each with its sync state; the
 * customer's mail with its quoted history folded, and each reply's mail delivery state.
 */
export function Timeline({ data }: { data: IncidentData }) {
  const [body, setBody] = useState('')
  const [visibility, setVisibility] = useState<'internal' | 'external'>('internal')
  const [pickedIds, setPickedIds] = useState<string[]>([])
  const { run, error, busy } = useMutate()
  const closed = data.incident.status === 'closed'
  const names = useDirectory()
  const { db, session } = useEngine()
  const me = session.user.id
  const files = useIncidentFiles(data.incident.id)
  const picked = pickedIds.flatMap((id) => files.get(id) ?? [])
  // R-PM-4: a reply to the customer on an incident with no article offers to write one from it
  const hasArticle = data.articles.some((a) => a.linkedIncidentIds?.includes(data.incident.id))

  async function submit(event: FormEvent) {
    event.preventDefault()
    if (!body.trim()) return
    const ok = await run('incident.comment', {
      id: uuidv7(),
      incidentId: data.incident.id,
      body,
      visibility,
      ...(pickedIds.length > 0 ? { attachmentIds: pickedIds } : {}),
    })
    if (ok) {
      setBody('')
      setPickedIds([])
    }
  }

  return (
    <section className="card timeline" aria-labelledby="timeline-title">
      <h3 id="timeline-title">Timeline</h3>
      <ol className="events">
        {data.events.map((e) => {
          const mailIn = inboundMail(e)
          const delivery = deliveryOf(e)
          const article =
            e.kind === 'kb-linked' ? data.articles.find((a) => a.id === e.data['articleId']) : undefined
          return (
            <li
              key={e.id}
              className={`event event-${e.kind} vis-${e.visibility}`}
              data-testid="timeline-event"
            >
              <div className="event-head">
                {mailIn ? (
                  <InboundMailHead mail={mailIn} />
                ) : (
                  <>
                    <strong>{describe(e, names, me)}</strong>
                    <span className="muted small" data-testid="event-author">
                      {e.by === me ? 'you' : names.nameOf(e.by)}
                    </span>
                    <span className="muted small">{formatInstant(e.at)}</span>
                  </>
                )}
                <SyncBadge id={e.id} table="incidentEvents" data={data} version={e.version} />
              </div>
              {article ? <a href={hrefOf({ name: 'article', id: article.id })}>{article.title}</a> : null}
              {mailIn ? (
                <InboundMailBody mail={mailIn} text={e.body ?? ''} />
              ) : e.body ? (
                <p className="event-body">{e.body}</p>
              ) : null}
              {delivery ? <ReplyDelivery eventId={e.id} mail={delivery} /> : null}
              <AttachmentList
                items={eventAttachments(e.data, files)}
                customerId={data.incident.customerId}
                incidentId={data.incident.id}
              />
              {mailIn ? <DroppedFiles items={droppedAttachments(e)} /> : null}
              {isReplyToCustomer(e) && e.body && !hasArticle ? (
                <KbFromReply incidentId={data.incident.id} subject={data.incident.subject} reply={e.body} />
              ) : null}
            </li>
          )
        })}
      </ol>
      {!closed ? (
        <form className="comment-form" onSubmit={(e) => void submit(e)}>
          <label className="field">
            <span>Comment</span>
            <textarea value={body} onChange={(e) => setBody(e.target.value)} rows={3} />
          </label>
          <AttachmentPicker
            incidentId={data.incident.id}
            customerId={data.incident.customerId}
            picked={picked}
            onAdd={(id) => setPickedIds((ids) => [...ids, id])}
            onRemove={(id) => {
              setPickedIds((ids) => ids.filter((x) => x !== id))
              void discardAttachment(db, id)
            }}
          />
          <div className="row">
            <fieldset className="inline">
              <legend className="visually-hidden">Who sees it</legend>
              <label className="check">
                <input
                  type="radio"
                  checked={visibility === 'internal'}
                  onChange={() => setVisibility('internal')}
                />
                <span>Internal note</span>
              </label>
              <label className="check">
                <input
                  type="radio"
                  checked={visibility === 'external'}
                  onChange={() => setVisibility('external')}
                />
                <span>To the customer</span>
              </label>
            </fieldset>
            <button type="submit" disabled={busy || !body.trim()}>
              Add comment
            </button>
          </div>
          <ErrorLine error={error} />
        </form>
      ) : null}
    </section>
  )
}
