import { useMemo, useState, type MouseEvent } from 'react'
import { useEngine } from '../sync/engine-context'
import { renderMarkdown } from './markdown'
import { ErrorLine } from '../../ui/ErrorLine'

/**
 * An article body: the HTML of renderMarkdown (raw HTML escaped, links http/https/mailto only), so setting it
 * as innerHTML runs nothing. A link is never followed inside the app: the click goes to the desktop adapter,
 * which opens it in the system browser after its own check, and says why when it won't.
 */
export function MarkdownView({ source, label }: { source: string; label: string }) {
  const { desktop } = useEngine()
  const html = useMemo(() => renderMarkdown(source), [source])
  const [refused, setRefused] = useState<string | null>(null)

  function onClick(event: MouseEvent<HTMLDivElement>) {
    const link = (event.target as HTMLElement).closest('a')
    if (!link) return
    event.preventDefault()
    setRefused(null)
    void desktop.openExternal(link.href).then((r) => {
      if (!r.ok) setRefused(r.reason ?? 'This link can’t be opened.')
    })
  }

  return (
    <>
      {/* the links inside are focusable and Enter clicks them: the click handler serves the keyboard too */}
      <div
        className="markdown"
        aria-label={label}
        role="region"
        onClick={onClick}
        dangerouslySetInnerHTML={{ __html: html }}
        data-testid="article-body"
      />
      <ErrorLine error={refused} />
    </>
  )
}
