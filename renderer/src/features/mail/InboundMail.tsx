import { useId, useMemo, useState } from 'react'
import { splitQuoted } from '@shared/mail/quoted'
import { formatInstant } from '../incidents/shared/format'
import { senderLabel, type InboundMail } from './model'

/**
 * A customer's mail on the timeline: who wrote, the subject and when, their own words first, and the quoted
 * history (what the thread already holds) folded behind a button. Text only: React escapes it, so whatever the
 * mail held is shown as characters, never as markup; the sanitised HTML the server keeps is not rendered.
 */
export function InboundMailHead({ mail }: { mail: InboundMail }) {
  return (
    <>
      <strong>
        {mail.opened ? 'Mail that opened this incident' : 'Mail from the customer'}:{' '}
        <span data-testid="mail-from">{senderLabel(mail.from)}</span>
      </strong>
      <span className="muted small">{formatInstant(mail.receivedAt)}</span>
    </>
  )
}

export function InboundMailBody({ mail, text }: { mail: InboundMail; text: string }) {
  const split = useMemo(() => splitQuoted(text), [text])
  const [open, setOpen] = useState(false)
  const quotedId = useId()
  const quotedLines = split.quoted ? split.quoted.split('\n').length : 0
  return (
    <div className="mail-in" data-testid="mail-in">
      <p className="mail-subject small">
        <span className="muted">Subject:</span> <span data-testid="mail-subject">{mail.subject}</span>
      </p>
      <p className="event-body" data-testid="mail-own">
        {split.own}
      </p>
      {split.quoted ? (
        <>
          <button
            type="button"
            className="ghost small quote-toggle"
            aria-expanded={open}
            aria-controls={quotedId}
            onClick={() => setOpen((o) => !o)}
          >
            {open ? 'Hide quoted history' : `Show quoted history (${quotedLines} lines)`}
          </button>
          <pre id={quotedId} className="mail-quoted" hidden={!open} data-testid="mail-quoted">
            {split.quoted}
          </pre>
        </>
      ) : null}
    </div>
  )
}
