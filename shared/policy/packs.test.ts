import { describe, expect, it } from 'vitest'
import { supportPackBalance } from './index'

describe('support packs', () => {
  it('R-PM-5: the balance is what was bought minus the billable time logged', () => {
    const b = supportPackBalance({ minutesPurchased: 600 }, [
      { minutes: 45, billable: true },
      { minutes: 30, billable: false },
      { minutes: 120, billable: true },
    ])
    expect(b).toMatchObject({ purchased: 600, used: 165, remaining: 435, overdrawn: false })
    expect(b.reasons[0]).toEqual({
      ruleId: 'R-PM-5',
      message: '435 of 600 minutes left (165 billable minutes used).',
    })
  })

  it('R-PM-5: overdrawn when more billable time is logged than was bought; an override counts as set', () => {
    const b = supportPackBalance({ minutesPurchased: 60 }, [
      { minutes: 50, billable: true },
      {
        minutes: 30,
        billable: false,
        billableOverride: { billable: true, reason: 'Delegated administration after all' },
      },
      { minutes: 90, billable: true, billableOverride: { billable: false, reason: 'Our bug' } },
    ])
    expect(b).toMatchObject({ used: 80, remaining: -20, overdrawn: true })
    expect(supportPackBalance({ minutesPurchased: 60 }, [])).toMatchObject({
      used: 0,
      remaining: 60,
      overdrawn: false,
    })
  })

  it('bad input: negative or missing minutes, a non-boolean billable', () => {
    expect(() => supportPackBalance({ minutesPurchased: -1 }, [])).toThrow(/^pack\.minutesPurchased: /)
    expect(() => supportPackBalance({} as never, [])).toThrow(/^pack\.minutesPurchased: /)
    expect(() => supportPackBalance({ minutesPurchased: 60 }, [{ minutes: -5, billable: true }])).toThrow(
      /^entries\.0\.minutes: /,
    )
    expect(() =>
      supportPackBalance({ minutesPurchased: 60 }, [{ minutes: 5, billable: 'yes' as never }]),
    ).toThrow(/^entries\.0\.billable: /)
    expect(() => supportPackBalance({ minutesPurchased: 60 }, null as never)).toThrow(/^entries: /)
  })
})
