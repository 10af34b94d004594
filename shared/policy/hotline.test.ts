import { describe, expect, it } from 'vitest'
import { hotlineOpen, presets } from './index'

const plan = (id: string) => presets.plans[id]!

describe('R-AM-5 AddOnMail support contracts', () => {
  it('R-AM-5: WebSupport Plus has the hotline in standard hours (Paris, 09:00–18:00, French holidays closed)', () => {
    const web = plan('addonmail-websupport-plus')
    expect(hotlineOpen(web, '2026-07-13T08:00:00Z')).toMatchObject({
      open: true,
      calendarId: 'addonmail-paris',
    })
    expect(hotlineOpen(web, '2026-07-14T08:00:00Z').open).toBe(false) // Bastille Day
    expect(hotlineOpen(web, '2026-07-13T16:30:00Z').open).toBe(false) // 18:30 CEST
    expect(hotlineOpen(web, '2026-07-13T16:30:00Z').reasons[0]!.ruleId).toBe('R-AM-5')
    expect(web.notes.join(' ')).toContain('Programming support is not included')
  })

  it('R-AM-5: Extended Call Access opens the hotline 24/7; S.O.R. and Easy Develop are quoted by the hour', () => {
    expect(hotlineOpen(plan('addonmail-extended-call-access'), '2026-07-12T01:00:00Z')).toMatchObject({
      open: true,
      calendarId: 'always',
    })
    expect(plan('addonmail-sor').billing.model).toBe('per-hour-estimate')
    expect(plan('addonmail-easy-develop').billing.model).toBe('per-hour-estimate')
    expect(hotlineOpen(plan('addonmail-maintenance'), '2026-07-13T08:00:00Z')).toMatchObject({
      open: false,
      calendarId: null,
    })
  })

  it('bad input: malformed instant, options that are not an object', () => {
    expect(() => hotlineOpen(plan('addonmail-websupport-plus'), 'Monday')).toThrow(/^at: /)
    expect(() => hotlineOpen(plan('addonmail-websupport-plus'), '2026-07-13T08:00:00Z', 3 as never)).toThrow(
      /^opts: /,
    )
  })
})
