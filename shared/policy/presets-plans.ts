import type { Plan, ResponseTarget, Severity } from '../domain'

const sameForAll = (target: ResponseTarget): Partial<Record<Severity, ResponseTarget>> => ({
  standard: target,
  priority: target,
  'business-critical': target,
  emergency: target,
})

const none = {
  lifetime: false,
  warrantyDays: null,
  responseTargets: {},
  allowances: [],
  namedContactCap: null,
  namedContactRuleId: null,
  extendedHours: null,
  escalation: null,
  coversAnomalies: [],
  upgrades: { minor: false, major: false },
  hotline: null,
  billing: { model: 'included', perIncident: [] },
  notes: [],
} satisfies Partial<Plan>

const softartisansLapse: Omit<Plan['whenNotCovered'], 'ruleId'> = {
  actions: ['reinstate-maintenance'],
  message: 'The support plan for this license has ended; renew it to open new incidents.',
}

const twoBusinessHours: ResponseTarget = {
  clock: 'business',
  minutes: 120,
  ruleId: 'R-SA-7',
  label: 'Response within 2 business hours (SoftArtisans hours)',
}

const smarterToolsTargets: Partial<Record<Severity, ResponseTarget>> = {
  ...sameForAll({
    clock: 'business',
    minutes: 240,
    ruleId: 'R-ST-3',
    label: 'First response within 4 business hours',
  }),
  emergency: {
    clock: 'calendar',
    minutes: 60,
    ruleId: 'R-ST-4',
    label: 'Emergency 24x7: first response within 1 hour, any day',
  },
}

const smarterToolsBase = {
  ...none,
  vendor: 'SmarterTools',
  calendarId: 'smartertools',
  responseTargets: smarterToolsTargets,
  upgrades: { minor: true, major: true },
  billing: {
    model: 'included',
    perIncident: [
      {
        severity: 'emergency',
        refundable: false,
        ruleId: 'R-ST-4',
        label: 'Emergency 24x7 support is bought per incident and is not refundable, whatever the outcome',
      },
    ],
  },
} satisfies Partial<Plan>

const addOnMailBase = {
  ...none,
  vendor: 'AddOnMail',
  calendarId: 'addonmail-paris',
  coversAnomalies: ['A', 'B'],
  upgrades: { minor: true, major: true },
  notes: ['Support by email, without a committed response time'],
} satisfies Partial<Plan>

export const presetPlans: Record<string, Plan> = {
  'softartisans-maintenance': {
    ...none,
    id: 'softartisans-maintenance',
    label: 'SoftArtisans Maintenance',
    description: 'One year of major and minor upgrades and three next-business-day incidents in that year.',
    vendor: 'SoftArtisans',
    calendarId: 'softartisans',
    coverageRuleId: 'R-SA-2',
    whenNotCovered: { ...softartisansLapse, ruleId: 'R-SA-2' },
    responseTargets: sameForAll({
      clock: 'next-business-day',
      ruleId: 'R-SA-2',
      label: 'Response within the next business day',
    }),
    allowances: [
      {
        kind: 'all',
        limit: 3,
        period: 'contract-year',
        overActions: ['bill-incident', 'approve-exception'],
        ruleId: 'R-SA-2',
        label: '3 next-business-day incidents per contract year',
      },
    ],
    upgrades: { minor: true, major: true },
    ruleIds: ['R-SA-1', 'R-SA-2'],
  },
  'softartisans-platinum': {
    ...none,
    id: 'softartisans-platinum',
    label: 'SoftArtisans Platinum Support',
    description: 'Business-critical issues 24x7x365 within 2 hours; other issues within 2 business hours.',
    vendor: 'SoftArtisans',
    calendarId: 'softartisans',
    coverageRuleId: 'R-SA-3',
    whenNotCovered: { ...softartisansLapse, ruleId: 'R-SA-3' },
    responseTargets: {
      ...sameForAll({ ...twoBusinessHours, ruleId: 'R-SA-3' }),
      'business-critical': {
        clock: 'calendar',
        minutes: 120,
        ruleId: 'R-SA-3',
        label: 'Business-critical: response within 2 hours, 24x7x365',
      },
    },
    namedContactCap: 6,
    namedContactRuleId: 'R-SA-3',
    escalation: {
      severities: ['business-critical'],
      everyHours: 48,
      roles: ['Manager of Technical Services', 'Lead Product Developer', 'Development Manager', 'CEO'],
      contactRole: 'Support account manager',
      ruleId: 'R-SA-6',
    },
    upgrades: { minor: true, major: true },
    notes: ['Senior engineers', 'Support account manager', 'On-site visits in mission-critical conditions'],
    ruleIds: ['R-SA-3', 'R-SA-6', 'R-SA-7'],
  },
  'softartisans-gold': {
    ...none,
    id: 'softartisans-gold',
    label: 'SoftArtisans Gold Support',
    description: 'Response within 2 business hours, unlimited incidents, up to 3 named contacts.',
    vendor: 'SoftArtisans',
    calendarId: 'softartisans',
    coverageRuleId: 'R-SA-4',
    whenNotCovered: { ...softartisansLapse, ruleId: 'R-SA-4' },
    responseTargets: sameForAll({ ...twoBusinessHours, ruleId: 'R-SA-4' }),
    allowances: [
      {
        kind: 'extended-hours',
        limit: 3,
        period: 'contract-year',
        overActions: ['downgrade', 'bill-incident', 'approve-exception'],
        ruleId: 'R-SA-4',
        label: '3 pre-arranged extended-hours incidents per contract year',
      },
    ],
    namedContactCap: 3,
    namedContactRuleId: 'R-SA-4',
    extendedHours: {
      calendarId: 'softartisans-extended',
      ruleId: 'R-SA-4',
      label: 'Extended hours 7:00–19:00 US Eastern time',
    },
    upgrades: { minor: true, major: true },
    notes: ['Senior engineers'],
    ruleIds: ['R-SA-4', 'R-SA-7'],
  },
  'softartisans-silver': {
    ...none,
    id: 'softartisans-silver',
    label: 'SoftArtisans Silver Support',
    description:
      'Response by the same time next business day, Monday to Friday; 5 priority incidents a year.',
    vendor: 'SoftArtisans',
    calendarId: 'softartisans',
    coverageRuleId: 'R-SA-5',
    whenNotCovered: { ...softartisansLapse, ruleId: 'R-SA-5' },
    responseTargets: sameForAll({
      clock: 'next-business-day',
      ruleId: 'R-SA-5',
      label: 'Response by the same time next business day',
    }),
    allowances: [
      {
        kind: 'priority',
        limit: 5,
        period: 'contract-year',
        overActions: ['downgrade', 'bill-incident', 'approve-exception'],
        ruleId: 'R-SA-5',
        label: '5 priority incidents per contract year',
      },
    ],
    ruleIds: ['R-SA-5', 'R-SA-7'],
  },
  'smartertools-mns': {
    ...smarterToolsBase,
    id: 'smartertools-mns',
    label: 'SmarterTools Maintenance & Support',
    description: 'Included for 12 months with every new license; renewed yearly or reinstated after a lapse.',
    coverageRuleId: 'R-ST-1',
    whenNotCovered: {
      actions: ['reinstate-maintenance'],
      message:
        'This license has no active Maintenance & Support, so it is limited to community support. ' +
        'Reinstate Maintenance & Support to open a ticket.',
      ruleId: 'R-ST-1',
    },
    ruleIds: ['R-ST-1', 'R-ST-3', 'R-ST-4', 'R-ST-5', 'R-ST-8'],
  },
  'smartertools-hosted': {
    ...smarterToolsBase,
    id: 'smartertools-hosted',
    label: 'SmarterTools hosted service',
    description: 'Unlimited free support for standard issues for the lifetime of the hosted subscription.',
    coverageRuleId: 'R-ST-2',
    lifetime: true,
    upgrades: { minor: false, major: false },
    whenNotCovered: {
      actions: ['reinstate-maintenance'],
      message: 'The hosted subscription has ended; support lasts for the lifetime of the subscription only.',
      ruleId: 'R-ST-2',
    },
    ruleIds: ['R-ST-2', 'R-ST-3', 'R-ST-4'],
  },
  'smartertools-partner': {
    ...smarterToolsBase,
    id: 'smartertools-partner',
    label: 'SmarterTools partner',
    description: 'Unlimited free support for standard issues for the lifetime of the partnership.',
    coverageRuleId: 'R-ST-2',
    lifetime: true,
    whenNotCovered: {
      actions: ['reinstate-maintenance'],
      message: 'The partnership has ended; partner support lasts for the lifetime of the partnership only.',
      ruleId: 'R-ST-2',
    },
    ruleIds: ['R-ST-2', 'R-ST-3', 'R-ST-4'],
  },
  'addonmail-maintenance': {
    ...addOnMailBase,
    id: 'addonmail-maintenance',
    label: 'AddOnMail Annual Maintenance',
    description:
      'Anomalies of categories A and B, patches and upgrades, support by email. Bought with the product.',
    coverageRuleId: 'R-AM-2',
    whenNotCovered: {
      actions: ['reinstate-maintenance', 'bill-incident'],
      message:
        'Annual Maintenance has ended. Renew it, or the work is quoted by the hour under an S.O.R. contract.',
      ruleId: 'R-AM-1',
    },
    ruleIds: ['R-AM-1', 'R-AM-2', 'R-AM-3', 'R-AM-4'],
  },
  'addonmail-warranty': {
    ...addOnMailBase,
    id: 'addonmail-warranty',
    label: 'AddOnMail 30-day warranty',
    description: 'Without Annual Maintenance: 30 days from purchase, handled as under maintenance.',
    coverageRuleId: 'R-AM-1',
    warrantyDays: 30,
    whenNotCovered: {
      actions: ['bill-incident'],
      message:
        'The 30-day warranty has ended, and Annual Maintenance can only be bought with the product; ' +
        'the work is quoted by the hour under an S.O.R. contract.',
      ruleId: 'R-AM-1',
    },
    ruleIds: ['R-AM-1', 'R-AM-2', 'R-AM-3'],
  },
  'addonmail-websupport-plus': {
    ...none,
    id: 'addonmail-websupport-plus',
    label: 'AddOnMail WebSupport Plus',
    description:
      'Annual: support web server, FAQ, anomaly database, downloads and the hotline in standard hours; ' +
      'no programming support.',
    vendor: 'AddOnMail',
    calendarId: 'addonmail-paris',
    coverageRuleId: 'R-AM-5',
    whenNotCovered: {
      actions: ['reinstate-maintenance'],
      message: 'WebSupport Plus has ended.',
      ruleId: 'R-AM-5',
    },
    hotline: { calendarId: 'addonmail-paris', ruleId: 'R-AM-5' },
    notes: ['Programming support is not included (see Easy Develop)'],
    ruleIds: ['R-AM-5', 'R-CAL-3'],
  },
  'addonmail-extended-call-access': {
    ...none,
    id: 'addonmail-extended-call-access',
    label: 'AddOnMail Extended Call Access',
    description: 'Annual: the hotline 24 hours a day, 7 days a week.',
    vendor: 'AddOnMail',
    calendarId: 'addonmail-paris',
    coverageRuleId: 'R-AM-5',
    whenNotCovered: {
      actions: ['reinstate-maintenance'],
      message: 'Extended Call Access has ended.',
      ruleId: 'R-AM-5',
    },
    hotline: { calendarId: 'always', ruleId: 'R-AM-5' },
    ruleIds: ['R-AM-5'],
  },
  'addonmail-sor': {
    ...none,
    id: 'addonmail-sor',
    label: 'AddOnMail S.O.R. (Support On Request)',
    description:
      'Remote intervention, analysis of category C anomalies and log analysis, quoted by the hour.',
    vendor: 'AddOnMail',
    calendarId: 'addonmail-paris',
    coverageRuleId: 'R-AM-5',
    whenNotCovered: {
      actions: ['bill-incident'],
      message: 'S.O.R. work needs an accepted estimate.',
      ruleId: 'R-AM-5',
    },
    coversAnomalies: ['C'],
    billing: { model: 'per-hour-estimate', perIncident: [] },
    ruleIds: ['R-AM-3', 'R-AM-5'],
  },
  'addonmail-easy-develop': {
    ...none,
    id: 'addonmail-easy-develop',
    label: 'AddOnMail Easy Develop',
    description: 'Programming support (UA-FI, MailmaX.400, MAPI), quoted by the hour.',
    vendor: 'AddOnMail',
    calendarId: 'addonmail-paris',
    coverageRuleId: 'R-AM-5',
    whenNotCovered: {
      actions: ['bill-incident'],
      message: 'Easy Develop work needs an accepted estimate.',
      ruleId: 'R-AM-5',
    },
    billing: { model: 'per-hour-estimate', perIncident: [] },
    ruleIds: ['R-AM-5'],
  },
  'perfectmail-standard': {
    ...none,
    id: 'perfectmail-standard',
    label: 'PerfectMail support',
    description:
      'Feedback, feature requests, bug reports and questions the knowledge base did not answer are free; ' +
      'other work is billable and drawn from prepaid support packs.',
    vendor: 'PerfectMail',
    calendarId: 'always',
    coverageRuleId: 'R-PM-1',
    whenNotCovered: {
      actions: ['buy-support-pack'],
      message: 'The PerfectMail subscription has ended.',
      ruleId: 'R-PM-1',
    },
    billing: { model: 'support-pack', perIncident: [] },
    ruleIds: ['R-PM-1', 'R-PM-2', 'R-PM-3', 'R-PM-4', 'R-PM-5'],
  },
}
