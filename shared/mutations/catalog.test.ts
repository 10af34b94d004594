import { describe, expect, it } from 'vitest'
import type { TableName } from './store'
import { calendarsFor, loadCalendar, loadPlan } from './catalog'
import type { Reader } from './tx'

const calendar = {
  id: 'acme-office',
  label: 'Acme office hours',
  zone: 'Europe/Berlin',
  hours: { mon: [{ start: '08:00', end: '16:00' }] },
}
const plan = {
  id: 'acme-bronze',
  label: 'Bronze',
  calendarId: 'acme-office',
  coverageRuleId: 'ORG-BRONZE-1',
  whenNotCovered: {
    actions: ['reinstate-maintenance'],
    message: 'Bronze has ended.',
    ruleId: 'ORG-BRONZE-1',
  },
}

/** A reader over rows as a store would hand them out: a fresh object on every read. */
function readerOf(rows: Partial<Record<TableName, Record<string, object>>>): Reader {
  return {
    get: async (table, id) => {
      const row = rows[table]?.[id]
      return row ? structuredClone({ ...row, version: 3, deleted: false }) : undefined
    },
    query: async () => [],
  } as Reader
}

describe('saved plans and calendars', () => {
  it('parse to one shared object per content, so the policy caches per object serve it', async () => {
    const reader = readerOf({ calendars: { 'acme-office': calendar }, plans: { 'acme-bronze': plan } })
    const first = await loadCalendar(reader, 'acme-office', 'f')
    expect(await loadCalendar(reader, 'acme-office', 'f')).toBe(first)
    const p = await loadPlan(reader, 'acme-bronze', 'f')
    expect(await loadPlan(reader, 'acme-bronze', 'f')).toBe(p)
    expect((await calendarsFor(reader, p))['acme-office']).toBe(first)
  })

  it('are frozen: a change in place throws instead of reaching every later reader', async () => {
    const reader = readerOf({ plans: { 'acme-bronze': plan } })
    const p = await loadPlan(reader, 'acme-bronze', 'f')
    expect(() => Object.assign(p, { label: 'Gold' })).toThrow(TypeError)
    expect(() => (p.whenNotCovered?.actions as string[]).push('x')).toThrow(TypeError)
    expect((await loadPlan(reader, 'acme-bronze', 'f')).label).toBe('Bronze')
  })

  it('read an edited row as edited, never as the content parsed before', async () => {
    const rows = { calendars: { 'acme-office': calendar } }
    expect((await loadCalendar(readerOf(rows), 'acme-office', 'f')).zone).toBe('Europe/Berlin')
    rows.calendars['acme-office'] = { ...calendar, zone: 'America/New_York' }
    expect((await loadCalendar(readerOf(rows), 'acme-office', 'f')).zone).toBe('America/New_York')
  })

  it('refuse a saved row that is not valid, every time it is read', async () => {
    const reader = readerOf({ calendars: { 'acme-office': { ...calendar, zone: 'Mars/Olympus' } } })
    for (let i = 0; i < 2; i++)
      await expect(loadCalendar(reader, 'acme-office', 'args.calendarId')).rejects.toMatchObject({
        code: 'invalid-state',
        field: 'args.calendarId',
      })
  })
})
