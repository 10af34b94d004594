import { describe, expect, it } from 'vitest'
import { remoteAccessAllowed } from './index'

const rsaa = (id: string, incidentId: string, grantedAt: string, revokedAt: string | null = null) => ({
  id,
  incidentId,
  grantedAt,
  revokedAt,
})

describe('R-ST-6 Remote Server Access Agreement', () => {
  it('R-ST-6: a remote session needs an agreement on that very ticket', () => {
    const agreements = [rsaa('r1', 'other-ticket', '2026-03-01T10:00:00Z')]
    expect(remoteAccessAllowed({ incidentId: 't1', agreements, at: '2026-03-02T10:00:00Z' }).allowed).toBe(
      false,
    )
    const mine = [...agreements, rsaa('r2', 't1', '2026-03-01T10:00:00Z')]
    expect(
      remoteAccessAllowed({ incidentId: 't1', agreements: mine, at: '2026-03-02T10:00:00Z' }),
    ).toMatchObject({ allowed: true, agreementId: 'r2' })
    expect(
      remoteAccessAllowed({ incidentId: 't1', agreements: mine, at: '2026-03-01T09:00:00Z' }).allowed,
    ).toBe(false)
  })

  it('R-ST-6: the customer can revoke it, and closing the ticket revokes it', () => {
    const revoked = [rsaa('r2', 't1', '2026-03-01T10:00:00Z', '2026-03-01T12:00:00Z')]
    const r = remoteAccessAllowed({ incidentId: 't1', agreements: revoked, at: '2026-03-01T13:00:00Z' })
    expect(r.allowed).toBe(false)
    expect(r.reasons[0]!.message).toContain('revoked')
    expect(
      remoteAccessAllowed({ incidentId: 't1', agreements: revoked, at: '2026-03-01T11:00:00Z' }).allowed,
    ).toBe(true)
    const open = [rsaa('r3', 't1', '2026-03-01T10:00:00Z')]
    const closed = remoteAccessAllowed({
      incidentId: 't1',
      incidentClosedAt: '2026-03-05T00:00:00Z',
      agreements: open,
      at: '2026-03-06T00:00:00Z',
    })
    expect(closed.allowed).toBe(false)
    expect(closed.reasons[0]).toMatchObject({ ruleId: 'R-ST-6' })
  })

  it('bad input: malformed instants, revoked before granted', () => {
    expect(() => remoteAccessAllowed({ incidentId: 't1', agreements: [], at: 'now' })).toThrow(/^at: /)
    expect(() => remoteAccessAllowed({ incidentId: '', agreements: [], at: '2026-03-01T10:00:00Z' })).toThrow(
      /^incidentId: /,
    )
    expect(() =>
      remoteAccessAllowed({
        incidentId: 't1',
        agreements: [rsaa('r', 't1', '2026-03-02T00:00:00Z', '2026-03-01T00:00:00Z')],
        at: '2026-03-03T00:00:00Z',
      }),
    ).toThrow(/^agreements\.0\.revokedAt: /)
  })
})
