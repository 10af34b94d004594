import { describe, expect, it } from 'vitest'
import { presets } from '@shared/policy'
import { allowancesSummary, holidaysSummary, hoursSummary, targetsSummary } from './summaries'

describe('catalog summaries', () => {
  it('groups days with the same hours', () => {
    expect(hoursSummary(presets.calendars['softartisans']!)).toBe('Mon–Thu 09:00–17:30; Fri 09:00–16:30')
    expect(hoursSummary(presets.calendars['always']!)).toBe('24x7')
    expect(holidaysSummary(presets.calendars['addonmail-paris']!)).toBe('FR public holidays')
    expect(holidaysSummary(presets.calendars['softartisans']!)).toBe('none stated')
  })

  it('says each severity target once', () => {
    expect(targetsSummary(presets.plans['softartisans-gold']!)).toBe('All: 2 h business time')
    expect(targetsSummary(presets.plans['smartertools-mns']!)).toBe(
      'Standard, Priority, Business-critical: 4 h business time; Emergency: 1 h, 24x7',
    )
    expect(targetsSummary(presets.plans['addonmail-maintenance']!)).toBe('none committed')
    expect(allowancesSummary(presets.plans['softartisans-silver']!)).toBe('5 priority a year')
    expect(allowancesSummary(presets.plans['softartisans-maintenance']!)).toBe('3 a year')
  })
})
