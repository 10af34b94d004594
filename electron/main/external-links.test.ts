import { describe, expect, it, vi } from 'vitest'
import { checkExternalUrl, openExternalLink } from './external-links'

describe('checkExternalUrl', () => {
  it.each([
    ['https://caseload.example.com/kb/42?x=1#top', 'https://caseload.example.com/kb/42?x=1#top'],
    ['http://example.com', 'http://example.com/'],
    ['HTTPS://EXAMPLE.com/a', 'https://example.com/a'],
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

describe('openExternalLink', () => {
  it('opens an https link with the normalised URL', async () => {
    const shell = { openExternal: vi.fn(async () => undefined) }
    await expect(openExternalLink(shell, 'https://example.com/a b')).resolves.toEqual({ ok: true })
    expect(shell.openExternal).toHaveBeenCalledWith('https://example.com/a%20b')
  })

  it('never calls the shell for a refused link, and says why', async () => {
    const shell = { openExternal: vi.fn(async () => undefined) }
    const result = await openExternalLink(shell, 'file:///etc/passwd')
    expect(result).toEqual({ ok: false, reason: expect.stringContaining('file:') })
    expect(shell.openExternal).not.toHaveBeenCalled()
  })

  it('reports a shell failure instead of throwing', async () => {
    const shell = { openExternal: vi.fn(async () => Promise.reject(new Error('no browser'))) }
    await expect(openExternalLink(shell, 'https://example.com')).resolves.toEqual({
      ok: false,
      reason: expect.stringContaining('no browser'),
    })
  })
})
