import { describe, expect, it, vi } from 'vitest'
import { openExternalLink } from './external-links'

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
