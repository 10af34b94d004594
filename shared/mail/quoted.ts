/**
 * A customer's mail split into their own words and the quoted history under them, so the timeline can show the
 * new text first and fold what the thread already holds. Pure text rules for what mail clients actually write:
 * Gmail / Apple Mail / Thunderbird attributions ("On … wrote:", possibly wrapped over lines, and the German and
 * French ones), "> " quoting (also bottom-posted, with the reply under the quote), Outlook's
 * "-----Original Message-----" and its "From: / Sent: / To: / Subject:" header block (often after a line of
 * underscores), a forwarded message's separator, and text derived from HTML, where a blockquote has lost its "> " marks: everything after the
 * attribution is then history. Nothing is ever dropped: `own` and `quoted` together hold every line.
 */

export interface QuotedSplit {
  /** the customer's own words (new text before, and after, a quoted block), trimmed */
  own: string
  /** the quoted history, as written (null when there is none) */
  quoted: string | null
}

/** one line compared without the spaces and non-breaking spaces HTML-derived text is full of */
const clean = (line: string): string => line.replace(/\u00a0/g, ' ').trim()

const isQuoteLine = (line: string): boolean => /^>/.test(clean(line))
const isBlank = (line: string): boolean => clean(line) === ''

/** "On Tue, 1 Dec 2026 at 09:12, Cory <cory@x.test> wrote:", Apple's "On 1 Dec 2026, at 09:12, … wrote:" */
const attributionPatterns: readonly RegExp[] = [
  /^on\b.{0,400}\bwrote:$/i,
  /^am\b.{0,400}\bschrieb\b.{0,200}:$/i,
  /^le\b.{0,400}\ba écrit\s?:$/i,
]

/** How many lines (1 to 3) an attribution starting at `i` spans, or 0 if none starts there. */
function attributionAt(lines: readonly string[], i: number): number {
  const first = clean(lines[i] ?? '')
  if (!/^(on|am|le)\b/i.test(first)) return 0
  let joined = ''
  for (let n = 1; n <= 3 && i + n - 1 < lines.length; n++) {
    const next = clean(lines[i + n - 1] ?? '')
    if (n > 1 && next === '') return 0
    joined = n === 1 ? next : `${joined} ${next}`
    if (attributionPatterns.some((p) => p.test(joined))) return n
  }
  return 0
}

/** Outlook's "-----Original Message-----"; Gmail's and Thunderbird's forwards ("---------- Forwarded message") */
const outlookSeparator = /^-{2,}\s*(original message|forwarded message)\s*-{0,}$/i
const underscores = /^_{10,}$/
const header = (name: string) => new RegExp(`^\\*?${name}:\\*?\\s`, 'i')

/** Outlook's header block: "From:" followed within a few lines by "Sent:"/"Date:" and "To:"/"Subject:". */
function outlookHeadersAt(lines: readonly string[], i: number): boolean {
  if (!header('from').test(clean(lines[i] ?? ''))) return false
  const next = lines.slice(i + 1, i + 6).map(clean)
  const dated = next.some((l) => header('(sent|date)').test(l))
  const addressed = next.some((l) => header('(to|subject)').test(l))
  return dated && addressed
}

type Start = { at: number; kind: 'attribution' | 'outlook' | 'quote'; span: number }

function historyStart(lines: readonly string[]): Start | null {
  for (let i = 0; i < lines.length; i++) {
    const line = clean(lines[i] ?? '')
    if (outlookSeparator.test(line)) return { at: i, kind: 'outlook', span: 1 }
    if (underscores.test(line) && outlookHeadersAt(lines, i + 1)) return { at: i, kind: 'outlook', span: 1 }
    if (outlookHeadersAt(lines, i)) return { at: i, kind: 'outlook', span: 0 }
    const span = attributionAt(lines, i)
    if (span > 0) return { at: i, kind: 'attribution', span }
    if (isQuoteLine(lines[i] ?? '')) return { at: i, kind: 'quote', span: 0 }
  }
  return null
}

function joinTrimmed(lines: readonly string[]): string {
  return lines
    .join('\n')
    .replace(/^(\s*\n)+/, '')
    .trimEnd()
}

export function splitQuoted(text: string): QuotedSplit {
  const lines = text.replace(/\r\n?/g, '\n').split('\n')
  const start = historyStart(lines)
  if (!start) return { own: text.trim(), quoted: null }

  // where the history ends: Outlook's original message (top-posted) runs to the end; an attribution or a
  // "> " block ends where the first unquoted text after its quoted lines begins (a bottom-posted reply)
  let end = lines.length
  if (start.kind !== 'outlook') {
    let i = start.at + start.span
    let quotedLines = 0
    while (i < lines.length && (isQuoteLine(lines[i] ?? '') || isBlank(lines[i] ?? ''))) {
      if (isQuoteLine(lines[i] ?? '')) quotedLines++
      i++
    }
    // an attribution with no "> " lines after it is HTML-derived text: the rest is the quoted mail
    if (quotedLines > 0) end = i
    if (start.kind === 'quote' && quotedLines === 0) end = lines.length
  }

  const before = lines.slice(0, start.at)
  const after = lines.slice(end)
  const own = [joinTrimmed(before), joinTrimmed(after)].filter((part) => part !== '').join('\n\n')
  const quoted = joinTrimmed(lines.slice(start.at, end))
  // a mail that is nothing but quote (a bare forward): show it all as the customer's, nothing to fold
  if (own === '') return { own: text.trim(), quoted: null }
  return { own, quoted: quoted === '' ? null : quoted }
}
