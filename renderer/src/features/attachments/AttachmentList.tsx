import { useEffect, useState } from 'react'
import { openAttachment, type AttachmentRef } from '../../data'
import { useEngine } from '../sync/engine-context'
import { formatSize, isTextLike, viewerText, type EventAttachment, type ViewerText } from './model'
import { ErrorLine } from '../../ui/ErrorLine'

interface Opened {
  url: string
  text: ViewerText | null
}

function UploadState({ a }: { a: EventAttachment }) {
  const f = a.local
  if (!f) return null
  if (f.status === 'failed')
    return (
      <span className="sync sync-rejected" role="alert">
        Not uploaded: {f.error}
      </span>
    )
  if (f.status === 'pending')
    return (
      <span className="sync sync-pending">
        {f.progress > 0 ? `Uploading ${Math.round(f.progress * 100)}%` : 'Waiting to upload'}
      </span>
    )
  return null
}

/**
 * One attachment of a timeline event: name and size (marked inline for an image a mail shows by `cid:`), upload
 * state, and Open. Opening downloads it once through
 * the authenticated API and keeps it on this device; a log or text file is then shown as text (React escapes
 * it; monospace; long ones cut with a note), anything else is offered as a download (a blob: URL, revoked when
 * the row goes away).
 */
function AttachmentItem({
  a,
  scope,
}: {
  a: EventAttachment
  scope: { customerId: string; incidentId: string }
}) {
  const { db, attachments } = useEngine()
  const [opened, setOpened] = useState<Opened | null>(null)
  const [error, setError] = useState<string | null>(null)
  const [busy, setBusy] = useState(false)
  useEffect(() => () => (opened ? URL.revokeObjectURL(opened.url) : undefined), [opened])

  async function open() {
    setBusy(true)
    setError(null)
    try {
      const ref: AttachmentRef = { id: a.id, fileName: a.fileName, mediaType: a.mediaType, size: a.size }
      const file = await openAttachment(db, attachments, { ...ref, ...scope }, new Date().toISOString())
      // the blob's type is never one the browser would render as a page
      const url = URL.createObjectURL(new Blob([file.bytes], { type: 'application/octet-stream' }))
      setOpened({ url, text: isTextLike(a.fileName, a.mediaType) ? viewerText(file.bytes) : null })
    } catch (e) {
      setError(e instanceof Error ? e.message : String(e))
    } finally {
      setBusy(false)
    }
  }

  return (
    <li className="attachment" data-testid="attachment">
      <span className="attachment-name">{a.fileName}</span>{' '}
      <span className="muted small">{formatSize(a.size)}</span>{' '}
      {a.inline ? (
        <span className="attachment-inline small" title="An image the mail's text shows in place">
          inline
        </span>
      ) : null}{' '}
      <UploadState a={a} />{' '}
      {opened ? (
        <a href={opened.url} download={a.fileName} className="button-link">
          Save {a.fileName}
        </a>
      ) : (
        <button type="button" onClick={() => void open()} disabled={busy} aria-label={`Open ${a.fileName}`}>
          {busy ? 'Opening…' : 'Open'}
        </button>
      )}
      <ErrorLine error={error} />
      {opened?.text ? (
        <figure className="text-viewer">
          <figcaption className="muted small">{a.fileName}</figcaption>
          <pre data-testid="text-viewer">{opened.text.text}</pre>
          {opened.text.note ? <p className="muted small">{opened.text.note}</p> : null}
        </figure>
      ) : null}
    </li>
  )
}

export function AttachmentList({
  items,
  customerId,
  incidentId,
}: {
  items: EventAttachment[]
  customerId: string
  incidentId: string
}) {
  if (items.length === 0) return null
  return (
    <ul className="attachments" aria-label="Attachments">
      {items.map((a) => (
        <AttachmentItem key={a.id} a={a} scope={{ customerId, incidentId }} />
      ))}
    </ul>
  )
}
