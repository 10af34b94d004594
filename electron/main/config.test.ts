import { describe, expect, it } from 'vitest'
import { defaultServerUrl, normaliseHttpUrl, readMainConfig } from './config'

describe('readMainConfig', () => {
  it('uses the server the build was made for, or the local default', () => {
    expect(
      readMainConfig({ env: {}, isPackaged: true, builtServerUrl: 'https://caseload.example.com/' }),
    ).toMatchObject({
      serverUrl: 'https://caseload.example.com',
      isDev: false,
      devServerUrl: null,
      warnings: [],
    })
    expect(readMainConfig({ env: {}, isPackaged: true, builtServerUrl: undefined }).serverUrl).toBe(
      defaultServerUrl,
    )
  })

  it('falls back to the default, with a warning, for a server that is not http(s)', () => {
    const config = readMainConfig({ env: {}, isPackaged: true, builtServerUrl: 'file:///etc/passwd' })
    expect(config.serverUrl).toBe(defaultServerUrl)
    expect(config.warnings).toHaveLength(1)
  })

  it('uses a local dev server only when not packaged', () => {
    const env = { ELECTRON_RENDERER_URL: 'http://localhost:5173/' }
    expect(readMainConfig({ env, isPackaged: false, builtServerUrl: undefined })).toMatchObject({
      isDev: true,
      devServerUrl: 'http://localhost:5173',
    })
    expect(readMainConfig({ env, isPackaged: true, builtServerUrl: undefined })).toMatchObject({
      isDev: false,
      devServerUrl: null,
    })
  })

  it('never loads the UI from a remote dev server', () => {
    const config = readMainConfig({
      env: { ELECTRON_RENDERER_URL: 'https://evil.example.com/' },
      isPackaged: false,
      builtServerUrl: undefined,
    })
    expect(config.devServerUrl).toBeNull()
    expect(config.warnings).toHaveLength(1)
  })
})

describe('normaliseHttpUrl', () => {
  it('keeps http(s) URLs without a trailing slash', () => {
    expect(normaliseHttpUrl('HTTP://LocalHost:4870/')).toBe('http://localhost:4870')
    expect(normaliseHttpUrl('https://x.example.com/caseload/')).toBe('https://x.example.com/caseload')
  })

  it.each(['', 'ftp://x', 'javascript:alert(1)', 'https://user:pw@x.example.com', 'https://x?y=1', 'nope'])(
    'refuses %j',
    (raw) => {
      expect(normaliseHttpUrl(raw)).toBeNull()
    },
  )
})
