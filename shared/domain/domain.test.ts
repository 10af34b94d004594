import { describe, expect, it } from 'vitest'
import { presets } from '../policy'
import {
  AnomalyReportSchema,
  CalendarSchema,
  ContactSchema,
  CostEstimateSchema,
  CustomerSchema,
  IncidentSchema,
  InstallationSchema,
  KbArticleSchema,
  LicenseSchema,
  PlanSchema,
  RemoteAccessAgreementSchema,
  SubscriptionSchema,
  SupportPackSchema,
  TimeEntrySchema,
} from './index'

const id = (n: number) => `0192f3e4-7b1a-7cde-8f00-${String(n).padStart(12, '0')}`
const row = (n: number) => ({ id: id(n), version: 1, deleted: false })

describe('domain schemas', () => {
  it('every preset calendar and plan is valid data of the schema an organisation would use', () => {
    for (const cal of Object.values(presets.calendars)) expect(CalendarSchema.parse(cal)).toEqual(cal)
    for (const plan of Object.values(presets.plans)) expect(PlanSchema.parse(plan)).toEqual(plan)
    // and they survive JSON, so they can be stored and synced
    const json = JSON.parse(JSON.stringify(presets)) as typeof presets
    expect(json).toEqual(presets)
  })

  it('a calendar needs a real IANA zone, ordered intervals and at least one opening unless 24x7', () => {
    const base = {
      id: 'acme',
      label: 'Acme',
      zone: 'Europe/Berlin',
      hours: { mon: [{ start: '08:00', end: '16:00' }] },
    }
    expect(CalendarSchema.parse(base).hours.tue).toEqual([])
    expect(CalendarSchema.safeParse({ ...base, zone: 'Europe/Atlantis' }).success).toBe(false)
    expect(CalendarSchema.safeParse({ ...base, hours: {} }).success).toBe(false)
    expect(CalendarSchema.safeParse({ ...base, hours: {}, alwaysOpen: true }).success).toBe(true)
    expect(
      CalendarSchema.safeParse({ ...base, hours: { mon: [{ start: '08:00', end: '24:00' }] } }).success,
    ).toBe(true)
    expect(
      CalendarSchema.safeParse({ ...base, hours: { mon: [{ start: '24:00', end: '24:00' }] } }).success,
    ).toBe(false)
  })

  it('a plan is data: response targets per severity, allowances, caps, all with the rule they come from', () => {
    const plan = PlanSchema.parse({
      id: 'acme-gold',
      label: 'Acme Gold',
      calendarId: 'acme',
      coverageRuleId: 'ORG-1',
      whenNotCovered: { message: 'Renew Acme Gold.', ruleId: 'ORG-1' },
      responseTargets: {
        standard: { clock: 'business', minutes: 240, ruleId: 'ORG-2', label: '4 business hours' },
      },
      allowances: [
        {
          kind: 'priority',
          limit: 2,
          period: 'contract-year',
          ruleId: 'ORG-3',
          label: '2 priority incidents',
        },
      ],
    })
    expect(plan.allowances[0]!.overActions).toEqual(['bill-incident', 'downgrade', 'approve-exception'])
    expect(plan.namedContactCap).toBeNull()
    const bad = (patch: object) => PlanSchema.safeParse({ ...plan, ...patch }).success
    expect(
      bad({ responseTargets: { urgent: { clock: 'calendar', minutes: 60, ruleId: 'ORG-2', label: 'x' } } }),
    ).toBe(false)
    expect(
      bad({ responseTargets: { standard: { clock: 'calendar', minutes: -5, ruleId: 'ORG-2', label: 'x' } } }),
    ).toBe(false)
    expect(bad({ namedContactCap: 3 })).toBe(false) // a cap needs its rule id
    expect(bad({ lifetime: true, warrantyDays: 30 })).toBe(false)
    expect(
      bad({
        allowances: [
          { kind: 'extended-hours', limit: 3, period: 'contract-year', ruleId: 'ORG-3', label: 'x' },
        ],
      }),
    ).toBe(false)
  })

  it('synced rows carry uuid ids, a server version and a tombstone', () => {
    expect(CustomerSchema.parse({ ...row(1), teamId: id(2), name: 'Contoso' }).notes).toBe('')
    expect(CustomerSchema.safeParse({ ...row(1), id: 'c-1', teamId: id(2), name: 'Contoso' }).success).toBe(
      false,
    )
    expect(CustomerSchema.safeParse({ id: id(1), teamId: id(2), name: 'Contoso' }).success).toBe(false)
    expect(
      ContactSchema.safeParse({
        ...row(3),
        customerId: id(1),
        name: 'Ann',
        email: 'not-an-email',
        named: true,
      }).success,
    ).toBe(false)
  })

  it('licenses, installations and subscriptions check their own consistency', () => {
    const license = {
      ...row(4),
      customerId: id(1),
      product: 'SmarterMail',
      edition: 'Enterprise',
      major: 12,
      currentMajor: 12,
      os: 'windows',
      failover: false,
      purchasedAt: '2026-01-15',
    }
    expect(LicenseSchema.parse(license).transferConsent).toBeNull()
    expect(LicenseSchema.safeParse({ ...license, major: 13 }).success).toBe(false)
    const inst = { ...row(5), licenseId: id(4), host: 'mx1', firstSeen: '2026-01-15T10:00:00Z' }
    expect(InstallationSchema.parse(inst).fraud.keyDisabledAt).toBeNull()
    expect(InstallationSchema.safeParse({ ...inst, retiredAt: '2026-01-01T00:00:00Z' }).success).toBe(false)
    const sub = {
      ...row(6),
      customerId: id(1),
      licenseId: id(4),
      planId: 'smartertools-mns',
      start: '2026-01-15',
      end: '2027-01-14',
      status: 'active',
    }
    expect(SubscriptionSchema.safeParse(sub).success).toBe(true)
    expect(SubscriptionSchema.safeParse({ ...sub, end: '2025-01-14' }).success).toBe(false)
    expect(SubscriptionSchema.safeParse({ ...sub, status: 'paused' }).success).toBe(false)
  })

  it('incidents and time entries hold what the SLA clock, entitlement and billing need', () => {
    const incident = IncidentSchema.parse({
      ...row(7),
      customerId: id(1),
      licenseId: id(4),
      contactId: id(3),
      subject: 'Mail stuck in queue',
      severity: 'priority',
      category: 'question',
      status: 'waiting-on-customer',
      openedAt: '2026-03-05T20:00:00Z',
      slaEvents: [{ type: 'pause', at: '2026-03-05T21:00:00Z' }],
    })
    expect(incident.overAllowance).toBe(false)
    expect(incident.slaEvents[0]!.by).toBeNull()
    expect(IncidentSchema.safeParse({ ...incident, resolution: 'duplicate' }).success).toBe(false)
    expect(IncidentSchema.safeParse({ ...incident, overAllowanceAction: 'downgrade' }).success).toBe(false)
    expect(IncidentSchema.safeParse({ ...incident, severity: 'urgent' }).success).toBe(false)
    const entry = {
      ...row(8),
      incidentId: id(7),
      userId: id(9),
      minutes: 45,
      startedAt: '2026-03-05T20:00:00Z',
      kind: 'phone',
      billable: false,
    }
    expect(TimeEntrySchema.parse(entry).billableOverride).toBeNull()
    expect(TimeEntrySchema.safeParse({ ...entry, kind: 'remote-session' }).success).toBe(false)
    expect(TimeEntrySchema.safeParse({ ...entry, minutes: 0 }).success).toBe(false)
    expect(
      TimeEntrySchema.safeParse({ ...entry, billableOverride: { billable: true, reason: '' } }).success,
    ).toBe(false)
  })

  it('packs, anomalies, estimates, agreements and articles', () => {
    expect(
      SupportPackSchema.safeParse({
        ...row(10),
        customerId: id(1),
        minutesPurchased: 600,
        purchasedAt: '2026-01-01',
      }).success,
    ).toBe(true)
    const anomaly = {
      ...row(11),
      licenseId: id(4),
      category: 'C',
      status: 'awaiting-estimate',
      title: 'Crash under load',
    }
    expect(AnomalyReportSchema.safeParse(anomaly).success).toBe(true)
    expect(AnomalyReportSchema.safeParse({ ...anomaly, category: 'D' }).success).toBe(false)
    expect(
      CostEstimateSchema.parse({ ...row(12), anomalyId: id(11), hours: 6, hourlyRate: 95, status: 'sent' })
        .currency,
    ).toBe('EUR')
    const rsaa = { ...row(13), incidentId: id(7), grantedAt: '2026-03-05T20:00:00Z' }
    expect(RemoteAccessAgreementSchema.safeParse(rsaa).success).toBe(true)
    expect(
      RemoteAccessAgreementSchema.safeParse({ ...rsaa, revokedAt: '2026-03-06T20:00:00Z' }).success,
    ).toBe(false)
    expect(KbArticleSchema.parse({ ...row(14), title: 'Greylisting', body: '# Why' }).status).toBe('draft')
  })
})
