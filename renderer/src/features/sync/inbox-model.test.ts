import { describe, expect, it } from 'vitest'
import { conflictValues, recordOfMutation, screenOfRow } from './inbox-model'

describe('the record a mutation is about', () => {
  it('takes the most specific id argument of the family', () => {
    expect(recordOfMutation('incident.setSeverity', { incidentId: 'i1', severity: 2 })).toEqual({
      table: 'incidents',
      id: 'i1',
    })
    expect(recordOfMutation('incident.open', { id: 'i2', customerId: 'c1' })).toEqual({
      table: 'incidents',
      id: 'i2',
    })
    expect(recordOfMutation('anomaly.estimateCost', { id: 'est1', anomalyId: 'a1' })).toEqual({
      table: 'anomalyReports',
      id: 'a1',
    })
    expect(recordOfMutation('contact.setNamed', { contactId: 'k1', named: true })).toEqual({
      table: 'contacts',
      id: 'k1',
    })
  })

  it('knows nothing of unknown families or argument shapes', () => {
    expect(recordOfMutation('plan.save', { plan: {} })).toBeNull()
    expect(recordOfMutation('incident.assign', null)).toBeNull()
    expect(recordOfMutation('incident.assign', { incidentId: '' })).toBeNull()
  })
})

describe('the screen that shows a row', () => {
  it('sends a contact to its customer, an installation to its license, a time entry to its incident', () => {
    expect(screenOfRow('contacts', { id: 'k1', customerId: 'c1' })).toEqual({
      route: { name: 'customer', id: 'c1' },
      label: 'Open the customer',
    })
    expect(screenOfRow('installations', { id: 'n1', licenseId: 'l1' })?.route).toEqual({
      name: 'license',
      id: 'l1',
    })
    expect(screenOfRow('timeEntries', { id: 't1', incidentId: 'i1' })?.route).toEqual({
      name: 'incident',
      id: 'i1',
    })
    expect(screenOfRow('kbArticles', { id: 'a1' })?.route).toEqual({ name: 'article', id: 'a1' })
  })

  it('offers no link when the row lacks its parent', () => {
    expect(screenOfRow('contacts', { id: 'k1' })).toBeNull()
  })
})

describe('conflict values', () => {
  it('puts what I wrote beside what the server kept, for the fields that differ', () => {
    const row = { id: 'i1', severity: 1, status: 'open', subject: 'Disk full' }
    const args = { incidentId: 'i1', severity: 3, status: 'open', baseVersion: 4 }
    expect(conflictValues('incident.setSeverity', args, row)).toEqual([
      { field: 'severity', mine: 3, theirs: 1 },
    ])
  })

  it('is empty when the row is gone or the values agree', () => {
    expect(conflictValues('incident.setSeverity', { severity: 3 }, undefined)).toEqual([])
    expect(conflictValues('incident.setSeverity', { severity: 3 }, { severity: 3 })).toEqual([])
  })

  it("reads an override from where it is stored, not from the classification's field of the same name", () => {
    const row = {
      id: 't1',
      billable: true,
      billableOverride: { billable: true, reason: 'Theirs: billed as agreed.', by: 'u2', at: null },
    }
    const args = { timeEntryId: 't1', billable: false, reason: 'Mine: promised free.', baseVersion: 2 }
    expect(conflictValues('timeEntry.overrideBillable', args, row)).toEqual([
      { field: 'billable', mine: false, theirs: true },
      { field: 'reason', mine: 'Mine: promised free.', theirs: 'Theirs: billed as agreed.' },
    ])
    // the server took the override away: both fields read as empty, not as missing
    expect(conflictValues('timeEntry.overrideBillable', args, { ...row, billableOverride: null })).toEqual([
      { field: 'billable', mine: false, theirs: null },
      { field: 'reason', mine: 'Mine: promised free.', theirs: null },
    ])
  })
})
