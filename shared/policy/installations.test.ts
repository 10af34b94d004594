import { describe, expect, it } from 'vitest'
import { installationStatus } from './index'

const inst = (id: string, firstSeen: string, retiredAt: string | null = null) => ({
  id,
  firstSeen,
  retiredAt,
})

describe('R-ST-7 one active installation per license', () => {
  it('R-ST-7: one installation is fine', () => {
    expect(
      installationStatus({
        failover: false,
        installations: [inst('a', '2026-01-01T00:00:00Z')],
        now: '2026-06-01T00:00:00Z',
      }),
    ).toMatchObject({
      state: 'ok',
      graceEndsAt: null,
      actions: [],
      active: ['a'],
    })
  })

  it('R-ST-7: a second installation is tolerated as a migration for 30 days from the first overlap', () => {
    const installations = [inst('old', '2026-01-01T00:00:00Z'), inst('new', '2026-03-01T00:00:00Z')]
    expect(installationStatus({ failover: false, installations, now: '2026-03-10T00:00:00Z' })).toMatchObject(
      {
        state: 'migrating',
        overlapSince: '2026-03-01T00:00:00Z',
        graceEndsAt: '2026-03-31T00:00:00Z',
        actions: ['retire-installation'],
      },
    )
    expect(installationStatus({ failover: false, installations, now: '2026-03-30T23:59:00Z' }).state).toBe(
      'migrating',
    )
  })

  it('R-ST-7: after 30 days it is suspected fraud: email the customer, tell the fraud team, call, then disable the key', () => {
    const installations = [inst('old', '2026-01-01T00:00:00Z'), inst('new', '2026-03-01T00:00:00Z')]
    const s = installationStatus({ failover: false, installations, now: '2026-03-31T00:00:00Z' })
    expect(s.state).toBe('suspected-fraud')
    expect(s.actions).toEqual(['notify-customer', 'notify-fraud-team', 'call-customer', 'disable-key'])
    expect(s.reasons[0]!.ruleId).toBe('R-ST-7')
  })

  it('R-ST-7: retiring the old server ends the migration; a swap at the same instant is no overlap', () => {
    const retired = [
      inst('old', '2026-01-01T00:00:00Z', '2026-03-20T00:00:00Z'),
      inst('new', '2026-03-01T00:00:00Z'),
    ]
    expect(
      installationStatus({ failover: false, installations: retired, now: '2026-06-01T00:00:00Z' }),
    ).toMatchObject({ state: 'ok', active: ['new'] })
    const swap = [
      inst('old', '2026-01-01T00:00:00Z', '2026-03-01T00:00:00Z'),
      inst('new', '2026-03-01T00:00:00Z'),
    ]
    expect(
      installationStatus({ failover: false, installations: swap, now: '2026-06-01T00:00:00Z' }).state,
    ).toBe('ok')
  })

  it('R-ST-7: a new overlap after a resolved one starts its own 30 days; installations after now do not count yet', () => {
    const installations = [
      inst('a', '2026-01-01T00:00:00Z'),
      inst('b', '2026-02-01T00:00:00Z', '2026-02-10T00:00:00Z'),
      inst('c', '2026-05-01T00:00:00Z'),
      inst('d', '2026-07-01T00:00:00Z'),
    ]
    expect(installationStatus({ failover: false, installations, now: '2026-05-15T00:00:00Z' })).toMatchObject(
      {
        state: 'migrating',
        overlapSince: '2026-05-01T00:00:00Z',
      },
    )
  })

  it('R-ST-7: a failover license may have a standby installation', () => {
    const two = [inst('primary', '2026-01-01T00:00:00Z'), inst('standby', '2026-01-02T00:00:00Z')]
    expect(
      installationStatus({ failover: true, installations: two, now: '2026-06-01T00:00:00Z' }).state,
    ).toBe('ok')
    const three = [...two, inst('third', '2026-05-01T00:00:00Z')]
    expect(
      installationStatus({ failover: true, installations: three, now: '2026-05-02T00:00:00Z' }).state,
    ).toBe('migrating')
  })

  it('bad input: retiredAt before firstSeen, malformed instants, a non-list', () => {
    expect(() =>
      installationStatus({
        failover: false,
        installations: [inst('a', '2026-02-01T00:00:00Z', '2026-01-01T00:00:00Z')],
        now: '2026-06-01T00:00:00Z',
      }),
    ).toThrow(/^installations\.0\.retiredAt: /)
    expect(() =>
      installationStatus({
        failover: false,
        installations: [inst('a', 'then')],
        now: '2026-06-01T00:00:00Z',
      }),
    ).toThrow(/^installations\.0\.firstSeen: /)
    expect(() => installationStatus({ failover: false, installations: [], now: 'now' })).toThrow(/^now: /)
    expect(() =>
      installationStatus({ failover: 'no' as never, installations: [], now: '2026-06-01T00:00:00Z' }),
    ).toThrow(/^failover: /)
    expect(() =>
      installationStatus({ failover: false, installations: {} as never, now: '2026-06-01T00:00:00Z' }),
    ).toThrow(/^installations: /)
  })
})
