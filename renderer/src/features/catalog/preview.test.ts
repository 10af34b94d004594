import { describe, expect, it } from 'vitest'
import type { Calendar } from '@shared/domain'
import { presets } from '@shared/policy'
import { formatIn, holidaySet, localToInstant, previewDeadline } from './preview'

const weekday = [{ start: '09:00', end: '17:00' }]
const paris: Calendar = {
  id: 'paris-office',
  label: 'Paris office',
  description: '',
  zone: 'Europe/Paris',
  alwaysOpen: false,
  hours: { mon: weekday, tue: weekday, wed: weekday, thu: weekday, fri: weekday, sat: [], sun: [] },
  holidays: { dates: [], countries: ['FR'] },
  assumption: null,
  ruleIds: [],
}

describe('deadline preview', () => {
  it('reads the start in the calendar zone', () => {
    expect(localToInstant('2026-11-27T16:00', 'Europe/Paris')).toBe('2026-11-27T15:00:00Z')
    expect(localToInstant('not a time', 'Europe/Paris')).toBeNull()
    expect(formatIn('2026-11-30T09:00:00Z', 'Europe/Paris')).toBe('Mon 30 Nov 2026, 10:00')
  })

  it('carries business minutes over a weekend and lists the days skipped', () => {
    const r = previewDeadline(paris, '2026-11-27T16:00', { kind: 'minutes', minutes: 120 })
    expect(r.ok).toBe(true)
    if (!r.ok) return
    expect(r.preview).toMatchObject({
      startAt: '2026-11-27T15:00:00Z',
      closedAtStart: false,
      opensAt: null,
      dueAt: '2026-11-30T09:00:00Z',
      ruleId: 'R-CAL-6',
      skipped: [
        { date: '2026-11-28', reason: 'closed' },
        { date: '2026-11-29', reason: 'closed' },
      ],
    })
  })

  it('skips a generated public holiday (Christmas, FR)', () => {
    const r = previewDeadline(paris, '2026-12-24T16:00', { kind: 'minutes', minutes: 120 })
    expect(r.ok && r.preview.dueAt).toBe('2026-12-28T09:00:00Z')
    expect(r.ok && r.preview.skipped[0]).toEqual({ date: '2026-12-25', reason: 'holiday' })
  })

  it('follows the calendar as it changes: longer hours bring the deadline forward', () => {
    const later = { ...paris, hours: { ...paris.hours, fri: [{ start: '09:00', end: '19:00' }] } }
    const r = previewDeadline(later, '2026-11-27T16:00', { kind: 'minutes', minutes: 120 })
    expect(r.ok && r.preview.dueAt).toBe('2026-11-27T17:00:00Z')
    expect(r.ok && r.preview.skipped).toEqual([])
  })

  it('says when the clock is closed at the start and when it opens', () => {
    const r = previewDeadline(paris, '2026-11-28T10:00', { kind: 'minutes', minutes: 60 })
    expect(r.ok && r.preview).toMatchObject({
      closedAtStart: true,
      opensAt: '2026-11-30T08:00:00Z',
      dueAt: '2026-11-30T09:00:00Z',
    })
  })

  it('uses the plan target of a severity, on the clock that target runs on', () => {
    const silver = presets.plans['softartisans-silver']!
    const ny = presets.calendars['softartisans']!
    const r = previewDeadline(ny, '2026-11-27T10:00', {
      kind: 'severity',
      plan: silver,
      severity: 'priority',
      calendars: {},
    })
    expect(r.ok && r.preview).toMatchObject({ dueAt: '2026-11-30T15:00:00Z', ruleId: 'R-SA-5' })
    const mns = presets.plans['smartertools-mns']!
    const e = previewDeadline(presets.calendars['smartertools']!, '2026-11-28T10:00', {
      kind: 'severity',
      plan: mns,
      severity: 'emergency',
      calendars: {},
    })
    expect(e.ok && e.preview).toMatchObject({
      closedAtStart: false,
      dueAt: '2026-11-28T18:00:00Z',
      ruleId: 'R-ST-4',
      clockLabel: '24x7',
    })
  })

  it('names what is wrong instead of throwing', () => {
    expect(previewDeadline(paris, '', { kind: 'minutes', minutes: 60 })).toMatchObject({
      ok: false,
      field: 'start',
    })
    expect(previewDeadline(paris, '2026-11-27T10:00', { kind: 'minutes', minutes: -5 })).toMatchObject({
      ok: false,
      field: 'minutes',
    })
    const addOnMail = presets.plans['addonmail-maintenance']!
    expect(
      previewDeadline(paris, '2026-11-27T10:00', {
        kind: 'severity',
        plan: addOnMail,
        severity: 'standard',
        calendars: {},
      }),
    ).toMatchObject({ ok: false, field: 'severity' })
  })

  it('gathers explicit and generated holidays', () => {
    const set = holidaySet({ ...paris, holidays: { dates: ['2026-12-24'], countries: ['FR'] } }, [2026])
    expect(set.has('2026-12-24')).toBe(true)
    expect(set.has('2026-07-14')).toBe(true)
    expect(set.size).toBe(12)
  })
})
