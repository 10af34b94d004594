import { describe, expect, it } from 'vitest'
import { slaCompliance, type SlaIncident } from './sla'
import { engineerWorkload } from './workload'
import { slaCsv } from './csv'

// softartisans-gold: 2 business hours (R-SA-4) on the softartisans calendar, America/New_York, Mon–Thu
// 09:00–17:30, Fri 09:00–16:30. US clocks spring forward on Sunday 8 March 2026.
const catalog = { plans: {}, calendars: {} }
const opened = '2026-03-06T20:30:00Z' // Fri 15:30 EST: 60 business minutes left that day, due Mon 10:00 EDT
const pausedFriday = { type: 'pause' as const, at: '2026-03-06T21:00:00Z' } // Fri 16:00 EST, 90 min left
const resumedMonday = { type: 'resume' as const, at: '2026-03-09T13:30:00Z' } // Mon 09:30 EDT: due 11:00 EDT

function incident(id: string, extra: Partial<SlaIncident> = {}): SlaIncident {
  return {
    id,
    severity: 'standard',
    openedAt: opened,
    respondedAt: null,
    slaEvents: [],
    planId: 'softartisans-gold',
    teamId: 'team-mail',
    ...extra,
  }
}

const incidents: SlaIncident[] = [
  // paused over the weekend and the DST change; answered at 10:45 EDT, after the unpaused due time 10:00 but
  // before the paused one 11:00: met. 60 + 105 business minutes, 60 of them paused: 105.
  incident('met', {
    respondedAt: '2026-03-09T14:45:00Z',
    slaEvents: [pausedFriday, resumedMonday, { type: 'respond', at: '2026-03-09T14:45:00Z' }],
  }),
  // the same, answered at 11:15 EDT: breached; 60 + 135 − 60 = 135
  incident('late', {
    respondedAt: '2026-03-09T15:15:00Z',
    slaEvents: [pausedFriday, resumedMonday, { type: 'respond', at: '2026-03-09T15:15:00Z' }],
  }),
  // opened Mon 09:00 EDT, unanswered at noon: due 11:00, so breached
  incident('silent', { openedAt: '2026-03-09T13:00:00Z' }),
  // opened Mon 11:00 EDT, unanswered at noon: 60 minutes left, still open (at risk)
  incident('running', { openedAt: '2026-03-09T15:00:00Z', teamId: 'team-ent' }),
  // 23:30 on Feb 28 in New York is Mar 1 in UTC: February's, not in the report
  incident('february', { openedAt: '2026-03-01T04:30:00Z' }),
  // AddOnMail maintenance commits to no response time (R-AM-2)
  incident('no-target', { planId: 'addonmail-maintenance', openedAt: '2026-03-10T10:00:00Z' }),
]

const now = '2026-03-09T16:00:00Z' // Mon 12:00 EDT
const report = () =>
  slaCompliance({
    from: '2026-03-01',
    to: '2026-03-31',
    incidents,
    catalog,
    teams: { 'team-mail': 'Mail Desk', 'team-ent': 'Enterprise' },
    now,
  })

describe('slaCompliance (R-SA-4 across a paused weekend and a DST change)', () => {
  it('met and breached per plan, severity and team, with median, p90 and paused time', () => {
    const r = report()
    const mail = r.rows.find((row) => row.team === 'Mail Desk')!
    expect(mail).toMatchObject({
      plan: 'SoftArtisans Gold Support',
      severity: 'standard',
      ruleId: 'R-SA-4',
      incidents: 3,
      met: 1,
      breached: 2,
      open: 0,
      medianFirstResponseMinutes: 105,
      p90FirstResponseMinutes: 135,
      pausedMinutes: 120,
    })
    expect(mail.compliance).toBeCloseTo(1 / 3)
    expect(mail.ids).toEqual({
      all: ['met', 'late', 'silent'],
      met: ['met'],
      breached: ['late', 'silent'],
      open: [],
    })
    const ent = r.rows.find((row) => row.team === 'Enterprise')!
    expect(ent).toMatchObject({ incidents: 1, open: 1, compliance: null, medianFirstResponseMinutes: null })
    expect(r.total).toMatchObject({ incidents: 4, met: 1, breached: 2, open: 1 })
    expect(r.withoutTarget).toEqual(['no-target'])
  })

  it('the period is read in the plan calendar’s zone', () => {
    const feb = slaCompliance({ from: '2026-02-01', to: '2026-02-28', incidents, catalog, now })
    expect(feb.total.ids.all).toEqual(['february'])
  })

  it('the CSV holds one row per group', () => {
    const lines = slaCsv(report()).trimEnd().split('\r\n')
    expect(lines).toHaveLength(3)
    expect(lines).toContain('SoftArtisans Gold Support,standard,Mail Desk,R-SA-4,3,1,2,0,33.3,105,135,120')
  })

  it('names the field of bad input', () => {
    expect(() => slaCompliance({ from: '2026-03-01', to: 'soon', incidents, catalog, now })).toThrow(
      /period.to/,
    )
    expect(() =>
      slaCompliance({
        from: '2026-03-01',
        to: '2026-03-31',
        incidents: [incident('x', { openedAt: 'x' })],
        catalog,
        now,
      }),
    ).toThrow(/incidents.0.openedAt/)
  })
})

describe('engineerWorkload', () => {
  it('open, at risk and overdue incidents, and the minutes logged in the period', () => {
    const rows = engineerWorkload({
      period: { from: '2026-03-01', to: '2026-03-31', zone: 'America/New_York' },
      incidents: [
        {
          ...incident('silent', { openedAt: '2026-03-09T13:00:00Z' }),
          assigneeId: 'u-alice',
          status: 'open',
        },
        {
          ...incident('running', { openedAt: '2026-03-09T15:00:00Z' }),
          assigneeId: 'u-alice',
          status: 'open',
        },
        { ...incident('done'), assigneeId: 'u-alice', status: 'closed' },
        { ...incident('bobs', { openedAt: '2026-03-09T15:55:00Z' }), assigneeId: 'u-bob', status: 'new' },
      ],
      entries: [
        { userId: 'u-alice', minutes: 30, startedAt: '2026-03-02T15:00:00Z', billable: true },
        {
          userId: 'u-alice',
          minutes: 20,
          startedAt: '2026-03-03T15:00:00Z',
          billable: true,
          billableOverride: { billable: false, reason: 'goodwill' },
        },
        { userId: 'u-bob', minutes: 45, startedAt: '2026-02-27T15:00:00Z', billable: true },
      ],
      catalog,
      engineers: { 'u-alice': 'alice', 'u-bob': 'bob' },
      now,
    })
    expect(rows).toEqual([
      {
        engineerId: 'u-alice',
        engineer: 'alice',
        open: 2,
        atRisk: 1,
        breached: 1,
        minutesLogged: 50,
        billableMinutes: 30,
        ids: { open: ['silent', 'running'], atRisk: ['running'], breached: ['silent'] },
      },
      {
        engineerId: 'u-bob',
        engineer: 'bob',
        open: 1,
        atRisk: 0,
        breached: 0,
        minutesLogged: 0,
        billableMinutes: 0,
        ids: { open: ['bobs'], atRisk: [], breached: [] },
      },
    ])
  })
})
