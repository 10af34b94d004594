import { describe, expect, it } from 'vitest'
import { otherServerProblem } from './server-url'

describe('otherServerProblem', () => {
  const configured = 'http://127.0.0.1:4870'

  it('accepts the configured server, with or without a path or trailing slash', () => {
    expect(otherServerProblem('http://127.0.0.1:4870', 'browser', configured)).toBeNull()
    expect(otherServerProblem('http://127.0.0.1:4870/', 'browser', configured)).toBeNull()
    expect(otherServerProblem('http://127.0.0.1:4870/v1', 'desktop', configured)).toBeNull()
  })

  it('names the one server a browser build allows and the setting that changes it', () => {
    expect(otherServerProblem('https://helpdesk.example.com', 'browser', configured)).toBe(
      'This browser build connects only to http://127.0.0.1:4870; set CASELOAD_SERVER_URL=https://helpdesk.example.com when you start it (npm run web) to use that server.',
    )
  })

  it('tells another port or scheme of the same host apart (a different origin to the CSP)', () => {
    expect(otherServerProblem('http://127.0.0.1:4871', 'desktop', configured)).toMatch(
      /^This build of the app connects only to http:\/\/127\.0\.0\.1:4870;/,
    )
    expect(otherServerProblem('https://127.0.0.1:4870', 'browser', configured)).not.toBeNull()
  })

  it('leaves an address that is not http(s) to the form', () => {
    expect(otherServerProblem('helpdesk', 'browser', configured)).toBeNull()
  })
})
