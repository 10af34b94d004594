import { describe, expect, it } from 'vitest'
import { presets } from '@shared/policy'
import { buildCatalog } from './catalog-data'

const paris = {
  ...presets.calendars['addonmail-paris']!,
  id: 'paris-office',
  label: 'Paris office',
  version: 7,
  deleted: false,
}

describe('the catalog the screen lists', () => {
  it('lists every preset when nothing is saved', () => {
    const c = buildCatalog([], [])
    expect(c.plans.map((e) => e.value.id).sort()).toEqual(Object.keys(presets.plans).sort())
    expect(c.calendars.every((e) => e.preset && e.version === undefined)).toBe(true)
  })

  it('puts own rows first, keeps their version, and lets a saved preset row win over the preset', () => {
    const savedPreset = {
      ...presets.calendars['smartertools']!,
      label: 'SmarterTools (adjusted)',
      version: 3,
      deleted: false,
    }
    const c = buildCatalog([], [paris, savedPreset])
    expect(c.calendars[0]).toMatchObject({ value: { id: 'paris-office' }, preset: false, version: 7 })
    const st = c.calendars.find((e) => e.value.id === 'smartertools')
    expect(st).toMatchObject({ preset: true, version: 3, value: { label: 'SmarterTools (adjusted)' } })
    expect(c.calendarById['paris-office']?.zone).toBe('Europe/Paris')
  })

  it('skips deleted rows and reports invalid ones instead of hiding them', () => {
    const c = buildCatalog(
      [{ ...presets.plans['softartisans-gold']!, id: 'broken', label: '', version: 1, deleted: false }],
      [{ ...paris, deleted: true }],
    )
    expect(c.calendarById['paris-office']).toBeUndefined()
    expect(c.invalid).toEqual([{ table: 'plans', id: 'broken', problem: expect.stringMatching(/^label: /) }])
  })
})
