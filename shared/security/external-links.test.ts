import { describe, expect, it } from 'vitest'
import { checkExternalUrl } from './external-links'

describe('checkExternalUrl', () => {
  it.each([
    ['https://caseload.example.com/kb/42?x=1#top', 'https://caseload.example.com/kb/42?x=1#top'],
    ['http://example.com', 'http://example.com/'],
    ['HTTPS://EXAMPLE.com/a', 'https://example.com/a'],
    ['mailto:help@example.com', 'mailto:help@example.com'],
    ['mailto:help@example.com?subject=Licence%20key', 'mailto:help@example.com?subject=Licence%20key'],
  ])('accepts %j', (raw, href) => {
    expect(checkExternalUrl(raw)).toEqual({ ok: true, url: href })
  })

  it.each([
    'file:///etc/passwd',
    'javascript:alert(1)',
    'JavaScript:alert(1)',
    ' javascript:alert(1)',
    'data:text/html,<script>alert(1)</script>',
    'vbscript:msgbox',
    'smb://server/share',
    'ms-msdt:/id PCWDiagnostic',
    'app://caseload/index.html',
    'ftp://example.com/file',
    'mailto:',
    'mailto:not-an-address',
    'mailto:a@b@c',
    'mailto://example.com/x@y',
    'not a url',
    'https://',
    '//example.com/no-scheme',
    '',
    '   ',
  ])('refuses %j', (raw) => {
    const result = checkExternalUrl(raw)
    expect(result.ok).toBe(false)
  })

  it.each([undefined, null, 42, { href: 'https://example.com' }])('refuses a non-string %j', (raw) => {
    expect(checkExternalUrl(raw).ok).toBe(false)
  })

  it('refuses absurdly long input', () => {
    expect(checkExternalUrl(`https://example.com/${'a'.repeat(10_000)}`).ok).toBe(false)
  })
})
