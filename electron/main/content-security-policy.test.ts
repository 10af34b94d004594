import { describe, expect, it } from 'vitest'
import { contentSecurityPolicy } from '@shared/security/content-security-policy'
import {
  applyPolicyToDevServer,
  buildContentSecurityPolicy,
  type DevSession,
} from './content-security-policy'

function directive(policy: string, name: string): string[] | undefined {
  const found = policy
    .split(';')
    .map((part) => part.trim().split(/\s+/))
    .find(([directiveName]) => directiveName === name)
  return found?.slice(1)
}

describe('the production Content-Security-Policy', () => {
  const policy = buildContentSecurityPolicy({ serverUrl: 'http://127.0.0.1:4870' })

  it('runs scripts from the app only: no inline, no eval', () => {
    expect(directive(policy, 'script-src')).toEqual(["'self'"])
    expect(policy).not.toMatch(/script-src[^;]*'unsafe-(inline|eval)'/)
    expect(directive(policy, 'default-src')).toEqual(["'self'"])
  })

  it('allows no plugins, no framing, no base or form target', () => {
    expect(directive(policy, 'object-src')).toEqual(["'none'"])
    expect(directive(policy, 'frame-ancestors')).toEqual(["'none'"])
    expect(directive(policy, 'base-uri')).toEqual(["'none'"])
    expect(directive(policy, 'form-action')).toEqual(["'none'"])
  })

  it('connects to exactly the app and the configured server, over HTTP and WebSocket', () => {
    expect(directive(policy, 'connect-src')).toEqual([
      "'self'",
      'http://127.0.0.1:4870',
      'ws://127.0.0.1:4870',
    ])
    const remote = buildContentSecurityPolicy({ serverUrl: 'https://caseload.example.com/api/' })
    expect(directive(remote, 'connect-src')).toEqual([
      "'self'",
      'https://caseload.example.com',
      'wss://caseload.example.com',
    ])
  })

  it('is the policy browser mode serves (one definition in shared/security)', () => {
    expect(policy).toBe(contentSecurityPolicy({ serverUrl: 'http://127.0.0.1:4870' }))
  })

  it('refuses a server that is not http(s)', () => {
    expect(() => buildContentSecurityPolicy({ serverUrl: 'file:///etc/passwd' })).toThrow()
    expect(() => buildContentSecurityPolicy({ serverUrl: 'javascript:alert(1)' })).toThrow()
  })
})

describe('the development policy', () => {
  const policy = buildContentSecurityPolicy({
    serverUrl: 'http://127.0.0.1:4870',
    devServerUrl: 'http://localhost:5173',
  })

  it('adds the Vite dev server (HTTP + HMR socket) and its inline preamble, nothing else', () => {
    expect(directive(policy, 'connect-src')).toEqual([
      "'self'",
      'http://127.0.0.1:4870',
      'ws://127.0.0.1:4870',
      'http://localhost:5173',
      'ws://localhost:5173',
    ])
    expect(directive(policy, 'script-src')).toEqual(["'self'", "'unsafe-inline'"])
    expect(directive(policy, 'object-src')).toEqual(["'none'"])
  })

  it('is added to the dev server responses, replacing any policy they carry', () => {
    let registered: { urls: string[] } | undefined
    let listener: Parameters<DevSession['webRequest']['onHeadersReceived']>[1] | undefined
    const session: DevSession = {
      webRequest: {
        onHeadersReceived: (filter, l) => {
          registered = filter
          listener = l
        },
      },
    }
    applyPolicyToDevServer(session, 'http://localhost:5173', policy)
    expect(registered).toEqual({ urls: ['http://localhost:5173/*'] })
    let headers: Record<string, string[]> | undefined
    listener?.(
      { responseHeaders: { 'content-security-policy': ['lax'], 'Content-Type': ['text/html'] } },
      (r) => {
        headers = r.responseHeaders
      },
    )
    expect(headers).toEqual({ 'Content-Type': ['text/html'], 'Content-Security-Policy': [policy] })
  })
})
