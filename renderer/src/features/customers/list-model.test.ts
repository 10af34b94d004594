import { describe, expect, it } from 'vitest'
import { toCsv } from '@shared/csv/write'
import type { Plan } from '@shared/domain'
import { presets } from '@shared/policy'
import { namesFrom } from '../directory/names'
import { customerCsvColumns, customerRows, searchCustomers, teamLabel } from './list-model'

const plans = new Map<string, Plan>(Object.entries(presets.plans))
const team = '0190aaaa-0000-7000-8000-00000000a1b2'
const other = '0190aaaa-0000-7000-8000-00000000c3d4'

/** One customer, Acme, with an active SoftArtisans Gold subscription from `start` to `end`, listed on `today`. */
function goldCustomer(start: string, end: string, today: string) {
  return {
    customers: [{ id: 'c1', name: 'Acme', teamId: team }],
    contacts: [],
    subscriptions: [
      { id: 's', customerId: 'c1', planId: 'softartisans-gold', status: 'active' as const, start, end },
    ],
    openIncidentCustomerIds: [],
    plans,
    today,
    myTeams: [],
  }
}

const rows = customerRows({
  customers: [
    { id: 'c2', name: 'Zeta Hosting', teamId: other },
    { id: 'c1', name: 'Acme Mail', teamId: team },
    { id: 'c3', name: 'Éclair Foods', teamId: team },
  ],
  contacts: [
    { customerId: 'c1', named: true },
    { customerId: 'c1', named: true },
    { customerId: 'c1', named: false },
    { customerId: 'c2', named: true },
  ],
  subscriptions: [
    {
      id: 's1',
      customerId: 'c1',
      planId: 'softartisans-gold',
      status: 'active',
      start: '2026-01-01',
      end: '2026-12-31',
    },
    {
      id: 's2',
      customerId: 'c2',
      planId: 'smartertools-hosted',
      status: 'active',
      start: '2025-01-01',
      end: null,
    },
    {
      id: 's3',
      customerId: 'c3',
      planId: 'smartertools-mns',
      status: 'active',
      start: '2024-01-01',
      end: '2024-12-31',
    },
  ],
  openIncidentCustomerIds: ['c1', 'c1', 'c2'],
  plans,
  today: '2026-06-01',
  myTeams: [team],
})

describe('customerRows', () => {
  it('one row per customer, by name, with plan, status, named contacts against the cap and open incidents', () => {
    expect(rows.map((r) => [r.name, r.team, r.plan, r.status, r.namedText, r.openIncidents])).toEqual([
      ['Acme Mail', 'Your team', 'SoftArtisans Gold Support', 'Active', '2 of 3 named', 2],
      ['Éclair Foods', 'Your team', 'SmarterTools Maintenance & Support', 'Lapsed', '0 named', 0],
      ['Zeta Hosting', 'Team 00C3D4', 'SmarterTools hosted service', 'Active', '1 named', 1],
    ])
  })
  it('a lapsed Gold plan no longer caps', () => {
    const [r] = customerRows(goldCustomer('2024-01-01', '2024-12-31', '2026-06-01'))
    expect([r?.namedText, r?.status]).toEqual(['0 named', 'Lapsed'])
  })
})

describe('status in the plan’s zone', () => {
  it('a SoftArtisans plan ending on the 21st is still active in the list at 03:00 UTC on the 22nd', () => {
    const input = goldCustomer('2026-01-01', '2026-11-21', '2026-11-22')
    expect(customerRows(input)[0]?.status).toBe('Lapsed')
    expect(customerRows({ ...input, todayOfPlan: () => '2026-11-21' })[0]?.status).toBe('Active')
  })
})

describe('teamLabel', () => {
  it('names the user’s own team, and shows others by short id', () => {
    expect(teamLabel(team, [team])).toBe('Your team')
    expect(teamLabel(team, [team, other])).toBe('Your team 00A1B2')
    expect(teamLabel(other, [team])).toBe('Team 00C3D4')
  })

  it('names a team the directory knows, and still says which are yours', () => {
    const names = namesFrom({ users: [], teams: [{ id: team, name: 'Mail Desk' }] })
    expect(teamLabel(team, [team], names)).toBe('Mail Desk (your team)')
    expect(teamLabel(team, [], names)).toBe('Mail Desk')
    expect(teamLabel(other, [team], names)).toBe('Team 00C3D4')
  })
})

describe('searchCustomers', () => {
  it('matches every word in name, plan and status, ignoring case and accents', () => {
    expect(searchCustomers(rows, 'eclair').map((r) => r.id)).toEqual(['c3'])
    expect(searchCustomers(rows, 'smartertools active').map((r) => r.id)).toEqual(['c2'])
    expect(searchCustomers(rows, '  ').length).toBe(3)
    expect(searchCustomers(rows, 'nobody')).toEqual([])
  })
})

describe('CSV export columns', () => {
  it('writes the rows as the table shows them', () => {
    expect(toCsv(customerCsvColumns, rows.slice(0, 1))).toBe(
      'Name,Team,Plan,Status,Named contacts,Open incidents\r\nAcme Mail,Your team,SoftArtisans Gold Support,Active,2 of 3 named,2\r\n',
    )
  })
})
