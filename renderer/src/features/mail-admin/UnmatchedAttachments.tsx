import '../mail/mail.css'
import { useId } from 'react'
import type { UnmatchedMail } from '@shared/protocol/mail-admin'
import { DroppedFiles } from '../mail/DroppedFiles'
import { unmatchedFiles } from './unmatched-model'

/**
 * The reading pane's list of what the mail carried: names and sizes only. The server keeps the content but
 * serves it only as a customer's attachment, to that customer's team, which it becomes on "Attach to customer";
 * the pane says so rather than offering a download that would be refused.
 */
export function UnmatchedAttachments({ mail }: { mail: UnmatchedMail }) {
  const titleId = useId()
  const files = unmatchedFiles(mail)
  if (files.kept.length + files.dropped.length === 0) return null
  return (
    <section className="unmatched-files" aria-labelledby={titleId}>
      <h4 id={titleId}>Attachments</h4>
      {files.kept.length > 0 ? (
        <>
          <ul className="attachments" aria-label="Attachments of this mail">
            {files.kept.map((f, i) => (
              <li key={`${i}:${f.name}`} className="attachment" data-testid="unmatched-attachment">
                <span className="attachment-name">{f.name}</span>{' '}
                <span className="muted small">{f.size}</span>
                {f.inline ? <span className="attachment-inline small">inline</span> : null}
              </li>
            ))}
          </ul>
          <p className="muted small">
            These files can be opened once the mail is attached to a customer: they become that customer’s
            attachments, on the incident it opens.
          </p>
        </>
      ) : null}
      <DroppedFiles items={files.dropped} />
    </section>
  )
}
