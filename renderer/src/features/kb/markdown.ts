/**
 * Article bodies are markdown written by anyone on the desk, shown to everyone: rendered with markdown-it with
 * raw HTML off (`html: false` escapes it, so `<script>` or `<img onerror>` shows as text), and links limited to
 * http, https and mailto (markdown-it's own list still allows e.g. relative or custom-scheme links). Images are
 * off: an offline desk shouldn't fetch remote pictures, and the CSP would refuse them anyway. The HTML string
 * is safe to set as innerHTML; clicks on its links are handed to the desktop adapter (MarkdownView).
 */
import MarkdownIt from 'markdown-it'

const linkSchemes = new Set(['http:', 'https:', 'mailto:'])

/** Whether a link target may be shown as a link: an absolute http, https or mailto URL, after parsing. */
export function isAllowedLink(raw: string): boolean {
  let url: URL
  try {
    url = new URL(raw.trim())
  } catch {
    return false
  }
  if (!linkSchemes.has(url.protocol)) return false
  return url.protocol === 'mailto:' ? url.pathname.includes('@') : url.hostname !== ''
}

const md = new MarkdownIt({ html: false, linkify: true, typographer: false, breaks: false })
md.disable('image')
md.validateLink = isAllowedLink

const defaultLinkOpen =
  md.renderer.rules.link_open ??
  ((tokens, idx, options, _env, self) => self.renderToken(tokens, idx, options))
md.renderer.rules.link_open = (tokens, idx, options, env, self) => {
  const token = tokens[idx]!
  // the link's address on hover: the reader sees where it goes before the system browser opens it
  const href = token.attrGet('href') ?? ''
  token.attrSet('title', href)
  token.attrSet('rel', 'noopener noreferrer')
  return defaultLinkOpen(tokens, idx, options, env, self)
}

export function renderMarkdown(source: string): string {
  return md.render(source)
}
