import { describe, expect, it } from 'vitest'
import { contentSecurityPolicy, serverOrigins } from './content-security-policy'

function directive(csp: string, name: string): string[] {
  const found = csp
    .split(';')
    .map((d) => d.trim().split(/\s+/))
    .find(([n]) => n === name)
  return found ? found.slice(1) : []
}

describe('contentSecurityPolicy', () => {
  it('allows scripts from the app only: no inline script, no eval', () => {
    const csp = contentSecurityPolicy({ serverUrl: 'https://helpdesk.example.com' })
    expect(directive(csp, 'script-src')).toEqual(["'self'"])
    expect(directive(csp, 'object-src')).toEqual(["'none'"])
    expect(directive(csp, 'frame-ancestors')).toEqual(["'none'"])
  })

  it('limits connections to the app and the configured server, over HTTP and WebSocket', () => {
    const csp = contentSecurityPolicy({ serverUrl: 'https://helpdesk.example.com:8443/caseload/' })
    expect(directive(csp, 'connect-src')).toEqual([
      "'self'",
      'https://helpdesk.example.com:8443',
      'wss://helpdesk.example.com:8443',
    ])
  })

  it('uses ws: for a plain-http local server', () => {
    expect(serverOrigins('http://127.0.0.1:4870')).toEqual({
      http: 'http://127.0.0.1:4870',
      ws: 'ws://127.0.0.1:4870',
    })
  })

  it.each(['javascript:alert(1)', 'file:///etc/passwd', 'not a url', ''])(
    'refuses %j as a server, naming the field',
    (bad) => {
      expect(() => contentSecurityPolicy({ serverUrl: bad })).toThrow(/^serverUrl: /)
    },
  )
})
