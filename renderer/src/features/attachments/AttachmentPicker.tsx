import { useState, type DragEvent } from 'react'
import { useLiveQuery } from 'dexie-react-hooks'
import { v7 as uuidv7 } from 'uuid'
import { AttachmentTooLargeError, keepAttachment, type AttachmentFile } from '../../data'
import { useDb } from '../sync/engine-context'
import { formatSize } from './model'

/**
 * Files for the comment being written: a file input and a drop zone. Each file is kept on this device at once
 * (so the comment survives a reload offline); one over the limit is refused here, before anything is written.
 */
export function AttachmentPicker({
  incidentId,
  customerId,
  picked,
  onAdd,
  onRemove,
}: {
  incidentId: string
  customerId: string
  picked: AttachmentFile[]
  onAdd: (id: string) => void
  onRemove: (id: string) => void
}) {
  const db = useDb()
  // the server's limit as last fetched with the directory (offline: the last known one; never fetched: 25 MB)
  const limitBytes = useLiveQuery(() => db.directory.get('directory'), [db])?.attachmentLimitBytes
  const [errors, setErrors] = useState<string[]>([])
  const [over, setOver] = useState(false)

  async function add(files: FileList | null) {
    if (!files) return
    const problems: string[] = []
    for (const file of Array.from(files)) {
      try {
        const kept = await keepAttachment(db, file, {
          id: uuidv7(),
          customerId,
          incidentId,
          now: new Date().toISOString(),
          ...(limitBytes !== undefined ? { limitBytes } : {}),
        })
        onAdd(kept.id)
      } catch (e) {
        problems.push(e instanceof AttachmentTooLargeError || e instanceof Error ? e.message : String(e))
      }
    }
    setErrors(problems)
  }

  function drop(e: DragEvent) {
    e.preventDefault()
    setOver(false)
    void add(e.dataTransfer.files)
  }

  return (
    <div
      className={`attach-drop${over ? ' attach-over' : ''}`}
      data-testid="attach-drop"
      onDragOver={(e) => {
        e.preventDefault()
        setOver(true)
      }}
      onDragLeave={() => setOver(false)}
      onDrop={drop}
    >
      <label className="attach-input">
        <span>Attach files</span>
        <input
          type="file"
          multiple
          aria-label="Attach files"
          onChange={(e) => {
            void add(e.target.files)
            e.target.value = ''
          }}
        />
        <span className="muted small">or drop them here</span>
      </label>
      {picked.length > 0 ? (
        <ul className="attach-picked" aria-label="Files to attach">
          {picked.map((f) => (
            <li key={f.id}>
              <span>{f.fileName}</span> <span className="muted small">{formatSize(f.size)}</span>{' '}
              <button
                type="button"
                className="link"
                onClick={() => onRemove(f.id)}
                aria-label={`Remove ${f.fileName}`}
              >
                Remove
              </button>
            </li>
          ))}
        </ul>
      ) : null}
      {errors.map((m) => (
        <p key={m} className="error" role="alert">
          {m}
        </p>
      ))}
    </div>
  )
}
