/**
 * One raw mail into what the email channel needs, with mailparser: MIME structure, transfer encodings
 * (quoted-printable, base64) and charsets (ISO-8859-1, Windows-1252, …) come with it. HTML is sanitised here,
 * before it is stored anywhere, so no later reader can forget to: scripts, styles, event handlers, iframes and
 * non-http(s) links are gone. The text is the mail's own plain part, or the HTML's text when it has none.
 */
import { simpleParser, type AddressObject, type HeaderValue, type ParsedMail } from 'mailparser'
import sanitizeHtml from 'sanitize-html'

export interface InboundAttachment {
  filename: string | null
  contentType: string
  size: number
  content: Buffer
  /** an inline part (an image the HTML shows by `cid:`), kept as an attachment like any other */
  inline: boolean
  /** its Content-ID, without angle brackets */
  cid: string | null
}

export interface ParsedInbound {
  /** without angle brackets; a mail without one gets a stable id from its content (see below) */
  messageId: string
  inReplyTo: string[]
  references: string[]
  from: { address: string; name: string | null } | null
  subject: string
  text: string
  html: string | null
  date: Date | null
  /** lower-cased header name → raw value(s), for the classifier */
  headers: Map<string, string[]>
  contentType: { value: string; params: Record<string, string> } | null
  attachments: InboundAttachment[]
}

const sanitizeOptions: sanitizeHtml.IOptions = {
  allowedTags: sanitizeHtml.defaults.allowedTags.filter((t) => t !== 'style'),
  allowedAttributes: { a: ['href', 'title'], td: ['colspan', 'rowspan'], th: ['colspan', 'rowspan'] },
  allowedSchemes: ['http', 'https', 'mailto'],
  // script/style contents are dropped, not shown as text
  nonTextTags: ['script', 'style', 'textarea', 'option', 'noscript', 'title', 'head'],
  disallowedTagsMode: 'discard',
}

export function sanitizeMailHtml(html: string): string {
  return sanitizeHtml(html, sanitizeOptions)
}

/** The HTML's words, with no markup at all (for a mail without a plain-text part). */
export function textOfHtml(html: string): string {
  const withBreaks = html.replace(/<\s*(br|\/p|\/div|\/li|\/tr|\/h[1-6])\s*\/?>/gi, '$&\n')
  const stripped = sanitizeHtml(withBreaks, {
    allowedTags: [],
    allowedAttributes: {},
    nonTextTags: sanitizeOptions.nonTextTags,
  })
  return stripped
    .replace(/&nbsp;/g, ' ')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&amp;/g, '&')
    .replace(/[ \t]+\n/g, '\n')
    .replace(/\n{3,}/g, '\n\n')
    .trim()
}

/** `<a@b>` → `a@b`; mailparser keeps the brackets. */
export function bareMessageId(id: string): string {
  return id.trim().replace(/^<+/, '').replace(/>+$/, '').trim()
}

function idList(value: string | string[] | undefined): string[] {
  if (!value) return []
  const all = (Array.isArray(value) ? value : [value]).flatMap((v) => v.match(/<[^<>]+>/g) ?? [v])
  return all.map(bareMessageId).filter((v) => v.length > 0)
}

function firstAddress(from: AddressObject | AddressObject[] | undefined): ParsedInbound['from'] {
  const list = Array.isArray(from) ? from : from ? [from] : []
  for (const group of list) {
    for (const a of group.value) {
      if (a.address) return { address: a.address.toLowerCase(), name: a.name ? a.name : null }
    }
  }
  return null
}

function headerText(value: HeaderValue): string {
  if (typeof value === 'string') return value
  if (value instanceof Date) return value.toISOString()
  if (Array.isArray(value))
    return value.map((v) => (typeof v === 'string' ? v : JSON.stringify(v))).join(', ')
  if (typeof value === 'object' && value !== null && 'value' in value) {
    const v = (value as { value: unknown }).value
    return typeof v === 'string' ? v : JSON.stringify(v)
  }
  return String(value)
}

function headersOf(mail: ParsedMail): Map<string, string[]> {
  const out = new Map<string, string[]>()
  for (const line of mail.headerLines) {
    const name = line.key.toLowerCase()
    const value = line.line.slice(line.line.indexOf(':') + 1).trim()
    out.set(name, [...(out.get(name) ?? []), value])
  }
  for (const [name, value] of mail.headers) if (!out.has(name)) out.set(name, [headerText(value)])
  return out
}

function contentTypeOf(mail: ParsedMail): ParsedInbound['contentType'] {
  const ct = mail.headers.get('content-type')
  if (ct && typeof ct === 'object' && 'value' in ct && typeof ct.value === 'string') {
    const params = 'params' in ct && ct.params && typeof ct.params === 'object' ? ct.params : {}
    return { value: ct.value.toLowerCase(), params: params as Record<string, string> }
  }
  return null
}

export async function parseMail(raw: Buffer | string, fallbackId: () => string): Promise<ParsedInbound> {
  const mail = await simpleParser(raw, { skipImageLinks: true, skipTextToHtml: true, skipHtmlToText: true })
  const html = typeof mail.html === 'string' ? sanitizeMailHtml(mail.html) : null
  const plain = mail.text?.trim() ?? ''
  const text = plain.length > 0 ? plain : html ? textOfHtml(html) : ''
  return {
    messageId: mail.messageId ? bareMessageId(mail.messageId) : fallbackId(),
    inReplyTo: idList(mail.inReplyTo),
    references: idList(mail.references),
    from: firstAddress(mail.from),
    subject: (mail.subject ?? '').trim(),
    text,
    html: html && html.trim().length > 0 ? html : null,
    date: mail.date ?? null,
    headers: headersOf(mail),
    contentType: contentTypeOf(mail),
    attachments: mail.attachments.map((a) => ({
      filename: a.filename ?? null,
      contentType: a.contentType,
      size: a.size,
      content: a.content,
      inline: a.contentDisposition === 'inline' || a.related === true,
      cid: a.cid ? bareMessageId(a.cid) : null,
    })),
  }
}
