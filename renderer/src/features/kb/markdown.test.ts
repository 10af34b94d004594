import { describe, expect, it } from 'vitest'
import { isAllowedLink, renderMarkdown } from './markdown'

/** Every tag the output opens, with its attributes: what a browser would build from it. */
function tags(html: string): { name: string; attrs: string[] }[] {
  return [...html.matchAll(/<([a-zA-Z][a-zA-Z0-9]*)([^>]*)>/g)].map((m) => ({
    name: m[1]!.toLowerCase(),
    attrs: [...m[2]!.matchAll(/([^\s=]+)=/g)].map((a) => a[1]!.toLowerCase()),
  }))
}

const formatting = new Set([
  'p',
  'strong',
  'em',
  'code',
  'pre',
  'ul',
  'ol',
  'li',
  'h1',
  'h2',
  'h3',
  'blockquote',
  'a',
  'hr',
  'br',
])

describe('renderMarkdown', () => {
  it('keeps normal formatting', () => {
    const html = renderMarkdown(
      '# Title\n\nSome **bold**, *italic* and `code`.\n\n- one\n- two\n\n```\nx = 1\n```\n\n> quoted\n\n[site](https://example.com/a?b=1)',
    )
    expect(html).toContain('<h1>Title</h1>')
    expect(html).toContain('<strong>bold</strong>')
    expect(html).toContain('<em>italic</em>')
    expect(html).toContain('<code>code</code>')
    expect(html).toContain('<li>one</li>')
    expect(html).toContain('<pre><code>x = 1\n</code></pre>')
    expect(html).toContain('<blockquote>')
    expect(html).toMatch(/<a href="https:\/\/example.com\/a\?b=1"[^>]*>site<\/a>/)
  })

  it('shows a script tag as text', () => {
    const html = renderMarkdown('Before <script>alert(1)</script> after\n\n<script>\nalert(2)\n</script>')
    expect(html).not.toMatch(/<script/i)
    expect(html).toContain('&lt;script&gt;alert(1)&lt;/script&gt;')
    expect(tags(html).every((t) => formatting.has(t.name))).toBe(true)
  })

  it('refuses event handlers: <img onerror> is text, and no tag gets an on* attribute', () => {
    const html = renderMarkdown(
      '<img src=x onerror="alert(1)">\n\n<a href="https://x" onclick="alert(1)">x</a>\n\n[t](https://x.test "a\\" onmouseover=\\"alert(1)")',
    )
    expect(html).not.toMatch(/<img/i)
    expect(html).toContain('&lt;img src=x onerror=&quot;alert(1)&quot;&gt;')
    for (const t of tags(html)) {
      expect(formatting.has(t.name)).toBe(true)
      expect(t.attrs.filter((a) => a.startsWith('on'))).toEqual([])
    }
  })

  it('does not make links of javascript:, data:, vbscript: or file: URLs, however spelled', () => {
    const html = renderMarkdown(
      [
        '[a](javascript:alert(1))',
        '[b](JaVaScRiPt:alert(1))',
        '[c](&#106;avascript:alert(1))',
        '[d](java%0ascript:alert(1))',
        '[e](data:text/html;base64,PHNjcmlwdD4=)',
        '[f](vbscript:msgbox)',
        '[g](file:///etc/passwd)',
        '<javascript:alert(1)>',
      ].join('\n\n'),
    )
    expect(html).not.toMatch(/<a /)
    expect(html).not.toMatch(/href/i)
  })

  it('does not render images (no remote fetches from an article)', () => {
    const html = renderMarkdown('![logo](https://example.com/logo.png)')
    expect(html).not.toMatch(/<img/i)
  })

  it('keeps mailto links and bare web addresses as links', () => {
    const html = renderMarkdown('Mail [support](mailto:help@example.com) or see https://example.org/docs')
    expect(html).toContain('href="mailto:help@example.com"')
    expect(html).toContain('href="https://example.org/docs"')
  })

  it('escapes attribute values', () => {
    const html = renderMarkdown('[x](https://example.com/"><script>)')
    expect(html).not.toMatch(/<script/i)
  })
})

describe('isAllowedLink', () => {
  it('allows http, https and mailto only', () => {
    expect(isAllowedLink('https://example.com')).toBe(true)
    expect(isAllowedLink('http://example.com/x')).toBe(true)
    expect(isAllowedLink('mailto:a@example.com')).toBe(true)
    expect(isAllowedLink('javascript:alert(1)')).toBe(false)
    expect(isAllowedLink('/relative/path')).toBe(false)
    expect(isAllowedLink('#/incident/1')).toBe(false)
    expect(isAllowedLink('ftp://example.com')).toBe(false)
    expect(isAllowedLink('mailto:')).toBe(false)
    expect(isAllowedLink('https://')).toBe(false)
  })
})
