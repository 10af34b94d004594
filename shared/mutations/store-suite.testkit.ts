/**
 * The mutators' own test suite, reusable over any Store: `describeMutatorSuite('memory', …)` runs it in vitest
 * (memory-store.test.ts); the server runs it on SQL (`describeMutatorSuite('sql-sqlite', …)`), the client on Dexie.
 *
 * For every mutator of the registry: the happy path, a validation error naming the field, permission denied for
 * another team (or for a non-admin), and idempotent replay (the same mutation twice: same rows, same outcome).
 * Then the rules: over-allowance and over-cap flags, remote-access agreements, category C estimates, license
 * transfer consent, conflicts, versions, and nothing half-written.
 *
 * Test support, not production code: it is not exported from index.ts.
 */
// eslint-disable-next-line no-restricted-imports -- test support: the suite is written against vitest
import { describe, expect, it } from 'vitest'
import { applyMutation } from './apply'
import { derivedId } from './ids'
import { mutators } from './registry'
import type { Store, StoredRow, TableName, UserFacts } from './store'
import type { MutationCall, MutationContext, MutationOutcome } from './types'
import { smtpmailLicense } from './fixtures.testkit'

export interface MutatorSuiteOptions {
  /**
   * Whether the store stamps `version` on writes, as the server does (default true). A client store does not;
   * the conflict checks that need real versions are skipped for it.
   */
  stampsVersions?: boolean
  /**
   * How one mutation is applied (default: `applyMutation(store, call, ctx)`). A SQL store wraps it in a
   * transaction (and a store instance) per mutation, as the push handler does; the store `makeStore` returned is
   * then only used to read the results.
   */
  apply?: MutationRunner
  /**
   * Whether the store knows the users of `suiteUsers` (Store.user), as the server's does (default true). A client
   * store does not: who may be assigned is then the server's to decide, and those rules are not run on it.
   */
  knowsUsers?: boolean
}

export type MutationRunner = (
  store: Store,
  call: MutationCall,
  ctx: MutationContext,
) => Promise<MutationOutcome>

const defaultRunner: MutationRunner = (store, call, ctx) => applyMutation(store, call, ctx)

/** Deterministic ids for the fixtures, valid UUIDs. */
export const tid = (label: string): string => derivedId(`suite:${label}`)

export const TEAM_A = tid('team-a')
export const TEAM_B = tid('team-b')
export const USER_ADMIN = tid('user-admin')
export const USER_A = tid('user-a')
export const USER_B = tid('user-b')
/** a user of team A whose account was disabled */
export const USER_DISABLED = tid('user-disabled')

/** The users a store of the suite knows (Store.user): the actors, plus a disabled member of team A. */
export const suiteUsers: readonly UserFacts[] = [
  { id: USER_ADMIN, role: 'admin', disabled: false, teamIds: [] },
  { id: USER_A, role: 'engineer', disabled: false, teamIds: [TEAM_A] },
  { id: USER_B, role: 'engineer', disabled: false, teamIds: [TEAM_B] },
  { id: USER_DISABLED, role: 'engineer', disabled: true, teamIds: [TEAM_A] },
]

/** Wednesday 4 March 2026, 10:00 in New York (open on the SoftArtisans calendar) */
export const NOW = '2026-03-04T15:00:00.000Z'

export const ids = {
  custA: tid('customer-a'),
  custA2: tid('customer-a2'),
  custB: tid('customer-b'),
  contactA: tid('contact-a'),
  contactA2: tid('contact-a2'),
  contactB: tid('contact-b'),
  licA: tid('license-a'),
  licB: tid('license-b'),
  subA: tid('subscription-a'),
  subB: tid('subscription-b'),
  packA: tid('pack-a'),
  incA: tid('incident-a'),
  incB: tid('incident-b'),
  agreementA: tid('agreement-a'),
  anomalyA: tid('anomaly-a'),
  estimateA: tid('estimate-a'),
  entryA: tid('time-entry-a'),
  instA: tid('installation-a'),
  kbA: tid('kb-a'),
  licAM: tid('license-addonmail'),
  subAM: tid('subscription-addonmail'),
  commentA: tid('comment-a'),
} as const

let clientSeq = 0

/** A user's context on one client; each `next()` is a new mutation (mid + 1). */
export class Actor {
  readonly clientId: string
  private mid = 0

  constructor(
    readonly userId: string,
    readonly role: 'admin' | 'engineer',
    readonly teamIds: string[],
    public now: string = NOW,
  ) {
    this.clientId = tid(`client-${++clientSeq}`)
  }

  next(): MutationContext {
    this.mid += 1
    return this.same()
  }

  /** the context of the last mutation again (a replay) */
  same(): MutationContext {
    return {
      userId: this.userId,
      role: this.role,
      teamIds: [...this.teamIds],
      now: this.now,
      clientId: this.clientId,
      mid: this.mid,
    }
  }
}

export class World {
  readonly admin = new Actor(USER_ADMIN, 'admin', [])
  readonly engA = new Actor(USER_A, 'engineer', [TEAM_A])
  readonly engB = new Actor(USER_B, 'engineer', [TEAM_B])

  constructor(
    readonly store: Store,
    readonly runner: MutationRunner = defaultRunner,
  ) {}

  async apply(
    name: string,
    args: unknown,
    ctx: MutationContext = this.admin.next(),
  ): Promise<MutationOutcome> {
    const m = mutators[name]
    if (!m) throw new Error(`no mutator ${name}`)
    return this.runner(this.store, { name, mv: m.version, args }, ctx)
  }

  /** a raw call (any name and version) through the same runner */
  call(call: MutationCall, ctx: MutationContext): Promise<MutationOutcome> {
    return this.runner(this.store, call, ctx)
  }

  /** applies and fails the test unless it was applied */
  async ok(
    name: string,
    args: unknown,
    ctx?: MutationContext,
  ): Promise<Extract<MutationOutcome, { status: 'applied' }>> {
    const out = await this.apply(name, args, ctx)
    if (out.status !== 'applied') throw new Error(`${name} was not applied: ${JSON.stringify(out)}`)
    return out
  }

  async row(table: TableName, id: string): Promise<StoredRow> {
    const r = await this.store.get(table, id)
    if (!r) throw new Error(`no ${table} ${id}`)
    return r
  }

  async rows(table: TableName, field: string, value: string): Promise<StoredRow[]> {
    return this.store.query(table, field, value)
  }

  // ----- fixtures, built through the mutators so that they work on any store -----

  async customers(): Promise<void> {
    await this.ok('customer.create', { id: ids.custA, name: 'Acme Mail', teamId: TEAM_A })
    await this.ok('customer.create', { id: ids.custA2, name: 'Acme Hosting', teamId: TEAM_A })
    await this.ok('customer.create', { id: ids.custB, name: 'Bolt Post', teamId: TEAM_B })
  }

  /** customers, a contact each, a license each with a Silver subscription from 5 Jan 2026 */
  async basics(planId = 'softartisans-silver'): Promise<void> {
    await this.customers()
    await this.ok('contact.add', {
      id: ids.contactA,
      customerId: ids.custA,
      name: 'Ann Admin',
      email: 'ann@acme.test',
      named: false,
    })
    await this.ok('contact.add', {
      id: ids.contactB,
      customerId: ids.custB,
      name: 'Bob Boss',
      email: 'bob@bolt.test',
    })
    for (const [lic, cust, sub] of [
      [ids.licA, ids.custA, ids.subA],
      [ids.licB, ids.custB, ids.subB],
    ] as const) {
      await this.ok('license.add', smtpmailLicense(lic, cust, '2026-01-05'))
      await this.ok('subscription.buy', {
        id: sub,
        customerId: cust,
        licenseId: lic,
        planId,
        start: '2026-01-05',
      })
    }
  }

  /** basics + one incident on customer A (and one on B) */
  async withIncident(planId = 'softartisans-silver'): Promise<void> {
    await this.basics(planId)
    await this.ok('incident.open', incidentArgs(ids.incA, ids.custA, ids.contactA, ids.licA))
    await this.ok('incident.open', incidentArgs(ids.incB, ids.custB, ids.contactB, ids.licB))
  }
}

/** `n` priority incidents on customer A's Silver contract; returns their ids */
export async function priorityIncidents(w: World, n: number, prefix = 'priority'): Promise<string[]> {
  const out: string[] = []
  for (let i = 1; i <= n; i++) {
    const id = tid(`${prefix}-${i}`)
    await w.ok(
      'incident.open',
      incidentArgs(id, ids.custA, ids.contactA, ids.licA, { severity: 'priority', subject: `Priority ${i}` }),
    )
    out.push(id)
  }
  return out
}

/** basics + five priority incidents + a sixth, over the Silver allowance (R-SA-5); returns the sixth */
export async function overAllowanceIncident(w: World): Promise<string> {
  await w.basics()
  await priorityIncidents(w, 5)
  const sixth = tid('priority-6')
  await w.apply(
    'incident.open',
    incidentArgs(sixth, ids.custA, ids.contactA, ids.licA, { severity: 'priority' }),
  )
  return sixth
}

/** customer A with an AddOnMail license under Annual Maintenance, an incident and a category C anomaly on it */
export async function categoryC(w: World): Promise<void> {
  await w.basics()
  await w.ok('license.add', {
    id: ids.licAM,
    customerId: ids.custA,
    product: 'AddOnMail',
    edition: 'Server',
    major: 9,
    currentMajor: 9,
    os: 'Windows',
    purchasedAt: '2025-06-01',
    includedSubscription: { id: ids.subAM, planId: 'addonmail-maintenance' },
  })
  await w.ok('subscription.renew', { subscriptionId: ids.subAM, end: '2027-05-31' })
  await w.ok(
    'incident.open',
    incidentArgs(ids.incA, ids.custA, ids.contactA, ids.licAM, { category: 'bug-report' }),
  )
  await w.ok('anomaly.report', {
    id: ids.anomalyA,
    licenseId: ids.licAM,
    incidentId: ids.incA,
    title: 'Lost attachments',
    category: 'C',
  })
}

/** basics on Platinum with a named contact, and a business-critical incident opened at NOW */
export async function platinumCritical(w: World): Promise<void> {
  await w.basics('softartisans-platinum')
  await w.ok('contact.setNamed', { contactId: ids.contactA, named: true })
  await w.ok(
    'incident.open',
    incidentArgs(ids.incA, ids.custA, ids.contactA, ids.licA, { severity: 'business-critical' }),
  )
}

/** two installations of license A seen 40 days ago, still both active: suspected fraud (R-ST-7) */
export async function suspectedFraud(w: World): Promise<void> {
  await w.basics()
  await w.ok('installation.record', {
    id: ids.instA,
    licenseId: ids.licA,
    host: 'mx1',
    firstSeen: '2026-01-20T09:00:00Z',
  })
  await w.ok('installation.record', {
    id: tid('installation-2'),
    licenseId: ids.licA,
    host: 'mx2',
    firstSeen: '2026-01-23T09:00:00Z',
  })
}

export function incidentArgs(
  id: string,
  customerId: string,
  contactId: string,
  licenseId: string | null,
  extra: Record<string, unknown> = {},
): Record<string, unknown> {
  return {
    id,
    customerId,
    contactId,
    licenseId,
    subject: 'Mail stuck in the queue',
    description: 'Since this morning',
    severity: 'standard',
    category: 'question',
    ...extra,
  }
}

/** One mutator's generic cases. */
interface Case {
  /** prepares the world and returns valid args */
  prepare(w: World): Promise<Record<string, unknown>>
  /** args that fail validation (given the valid ones), and the field the error must name */
  invalid(args: Record<string, unknown>): { args: Record<string, unknown>; field: string }
  /** whose rows: engineers of another team are refused; admin-only refuses engineers; anyone: no refusal */
  scope: 'customer' | 'admin' | 'anyone'
  /** extra assertions after the happy path */
  check?(w: World, out: MutationOutcome, args: Record<string, unknown>): Promise<void>
}

const cases: Record<string, Case> = {
  'contact.add': {
    prepare: async (w) => {
      await w.customers()
      return {
        id: ids.contactA2,
        customerId: ids.custA,
        name: 'Carl Contact',
        email: 'carl@acme.test',
        named: true,
      }
    },
    invalid: (a) => ({ args: { ...a, email: 'carl at acme' }, field: 'args.email' }),
    scope: 'customer',
    async check(w) {
      expect(await w.row('contacts', ids.contactA2)).toMatchObject({
        named: true,
        namedSince: NOW,
        overCap: null,
        customerId: ids.custA,
      })
    },
  },
  'contact.update': {
    prepare: async (w) => {
      await w.basics()
      return {
        contactId: ids.contactA,
        baseVersion: (await w.row('contacts', ids.contactA)).version,
        phone: '+1 555 0100',
      }
    },
    invalid: (a) => ({ args: { ...a, email: 'nope' }, field: 'args.email' }),
    scope: 'customer',
    async check(w) {
      expect((await w.row('contacts', ids.contactA)).phone).toBe('+1 555 0100')
    },
  },
  'contact.setNamed': {
    prepare: async (w) => {
      await w.basics()
      return { contactId: ids.contactA, named: true }
    },
    invalid: (a) => ({ args: { ...a, named: 'yes' }, field: 'args.named' }),
    scope: 'customer',
    async check(w) {
      expect((await w.row('contacts', ids.contactA)).named).toBe(true)
    },
  },
  'contact.remove': {
    prepare: async (w) => {
      await w.basics()
      return { contactId: ids.contactA }
    },
    invalid: () => ({ args: { contactId: 42 }, field: 'args.contactId' }),
    scope: 'customer',
    async check(w) {
      expect((await w.row('contacts', ids.contactA)).deleted).toBe(true)
      expect(await w.rows('contacts', 'customerId', ids.custA)).toEqual([])
    },
  },
  'installation.record': {
    prepare: async (w) => {
      await w.basics()
      return { id: ids.instA, licenseId: ids.licA, host: 'mx1.acme.test' }
    },
    invalid: (a) => ({ args: { ...a, host: '' }, field: 'args.host' }),
    scope: 'customer',
    async check(w, out) {
      expect(await w.row('installations', ids.instA)).toMatchObject({
        firstSeen: NOW,
        retiredAt: null,
        customerId: ids.custA,
      })
      expect(out).toMatchObject({ flags: [] })
    },
  },
  'installation.retire': {
    prepare: async (w) => {
      await w.basics()
      await w.ok('installation.record', {
        id: ids.instA,
        licenseId: ids.licA,
        host: 'mx1',
        firstSeen: '2026-01-10T09:00:00Z',
      })
      return { installationId: ids.instA }
    },
    invalid: (a) => ({ args: { ...a, retiredAt: 'soon' }, field: 'args.retiredAt' }),
    scope: 'customer',
    async check(w) {
      expect((await w.row('installations', ids.instA)).retiredAt).toBe(NOW)
    },
  },
  'installation.recordFraudStep': {
    prepare: async (w) => {
      await suspectedFraud(w)
      return { installationId: ids.instA, step: 'notify-customer' }
    },
    invalid: (a) => ({ args: { ...a, step: 'shout' }, field: 'args.step' }),
    scope: 'customer',
    async check(w, out) {
      expect((await w.row('installations', ids.instA)).fraud).toMatchObject({
        customerNotifiedAt: NOW,
        keyDisabledAt: null,
      })
      expect(out).toMatchObject({ flags: ['suspected-fraud'] })
    },
  },
  'incident.open': {
    prepare: async (w) => {
      await w.basics()
      return incidentArgs(ids.incA, ids.custA, ids.contactA, ids.licA)
    },
    invalid: (a) => ({ args: { ...a, severity: 'urgent' }, field: 'args.severity' }),
    scope: 'customer',
    async check(w, out) {
      const row = await w.row('incidents', ids.incA)
      expect(row).toMatchObject({
        status: 'new',
        subscriptionId: ids.subA,
        openedAt: NOW,
        overAllowance: false,
        // R-SA-5: the same time on the next business day
        responseDueAt: '2026-03-05T15:00:00.000Z',
        entitlement: { decision: 'covered', planId: 'softartisans-silver' },
      })
      expect(out).toMatchObject({ status: 'applied', flags: [] })
      expect(out.status === 'applied' && out.reasons.length).toBeGreaterThan(0)
      const events = await w.rows('incidentEvents', 'incidentId', ids.incA)
      expect(events.map((e) => e.kind)).toEqual(['opened'])
    },
  },
  'incident.assign': {
    prepare: async (w) => {
      await w.withIncident()
      return { incidentId: ids.incA, assigneeId: USER_A }
    },
    invalid: (a) => ({ args: { ...a, assigneeId: 'bob' }, field: 'args.assigneeId' }),
    scope: 'customer',
    async check(w) {
      expect((await w.row('incidents', ids.incA)).assigneeId).toBe(USER_A)
      expect((await w.rows('incidentEvents', 'incidentId', ids.incA)).map((e) => e.kind).sort()).toEqual([
        'assigned',
        'opened',
      ])
    },
  },
  'incident.setSeverity': {
    prepare: async (w) => {
      await w.withIncident()
      return { incidentId: ids.incA, severity: 'priority' }
    },
    invalid: (a) => ({ args: { ...a, severity: 'high' }, field: 'args.severity' }),
    scope: 'customer',
    async check(w) {
      expect(await w.row('incidents', ids.incA)).toMatchObject({
        severity: 'priority',
        entitlement: { allowance: { limit: 5, used: 0 } },
      })
    },
  },
  'incident.setStatus': {
    prepare: async (w) => {
      await w.withIncident()
      return { incidentId: ids.incA, status: 'waiting-on-customer' }
    },
    invalid: (a) => ({ args: { ...a, status: 'resolved' }, field: 'args.status' }),
    scope: 'customer',
    async check(w) {
      expect(await w.row('incidents', ids.incA)).toMatchObject({
        status: 'waiting-on-customer',
        slaEvents: [{ type: 'pause', at: NOW, by: USER_A }],
      })
    },
  },
  'incident.pauseSla': {
    prepare: async (w) => {
      await w.withIncident()
      return { incidentId: ids.incA }
    },
    invalid: () => ({ args: { incidentId: 'x' }, field: 'args.incidentId' }),
    scope: 'customer',
    async check(w) {
      expect((await w.row('incidents', ids.incA)).slaEvents).toMatchObject([{ type: 'pause', at: NOW }])
    },
  },
  'incident.resumeSla': {
    prepare: async (w) => {
      await w.withIncident()
      await w.ok('incident.pauseSla', { incidentId: ids.incA })
      return { incidentId: ids.incA }
    },
    invalid: () => ({ args: {}, field: 'args.incidentId' }),
    scope: 'customer',
    async check(w) {
      expect(((await w.row('incidents', ids.incA)).slaEvents as unknown[]).length).toBe(2)
    },
  },
  'incident.comment': {
    prepare: async (w) => {
      await w.withIncident()
      return { id: ids.commentA, incidentId: ids.incA, body: 'Asked for the logs.', visibility: 'internal' }
    },
    invalid: (a) => ({ args: { ...a, visibility: 'public' }, field: 'args.visibility' }),
    scope: 'customer',
    async check(w) {
      expect(await w.row('incidentEvents', ids.commentA)).toMatchObject({
        kind: 'comment',
        visibility: 'internal',
        body: 'Asked for the logs.',
        by: USER_A,
        customerId: ids.custA,
      })
      // an internal note is not a response to the customer
      expect((await w.row('incidents', ids.incA)).respondedAt).toBeNull()
    },
  },
  'incident.respond': {
    prepare: async (w) => {
      await w.withIncident()
      return { id: ids.commentA, incidentId: ids.incA, body: 'We are looking into it.' }
    },
    invalid: (a) => ({ args: { ...a, body: '  ' }, field: 'args.body' }),
    scope: 'customer',
    async check(w, out) {
      expect(await w.row('incidents', ids.incA)).toMatchObject({ respondedAt: NOW, status: 'open' })
      expect(await w.row('incidentEvents', ids.commentA)).toMatchObject({
        kind: 'response',
        visibility: 'external',
      })
      expect(out).toMatchObject({ flags: [] })
    },
  },
  'incident.resolve': {
    prepare: async (w) => {
      await w.withIncident()
      return { incidentId: ids.incA, resolution: 'answered', note: 'Explained the retry settings.' }
    },
    invalid: (a) => ({ args: { ...a, resolution: 'duplicate' }, field: 'args.duplicateOfId' }),
    scope: 'customer',
    async check(w) {
      expect(await w.row('incidents', ids.incA)).toMatchObject({
        status: 'resolved',
        resolution: 'answered',
        resolvedAt: NOW,
      })
    },
  },
  'incident.reopen': {
    prepare: async (w) => {
      await w.withIncident()
      await w.ok('incident.resolve', { incidentId: ids.incA, resolution: 'answered' })
      return { incidentId: ids.incA, reason: 'The customer says it came back.' }
    },
    invalid: (a) => ({ args: { ...a, reason: 42 }, field: 'args.reason' }),
    scope: 'customer',
    async check(w) {
      expect(await w.row('incidents', ids.incA)).toMatchObject({
        status: 'open',
        resolution: null,
        resolvedAt: null,
      })
    },
  },
  'incident.chooseOverAllowanceAction': {
    prepare: async (w) => ({ incidentId: await overAllowanceIncident(w), action: 'bill-incident' }),
    invalid: (a) => ({ args: { ...a, action: 'ignore' }, field: 'args.action' }),
    scope: 'customer',
    async check(w, out, a) {
      expect(await w.row('incidents', a.incidentId as string)).toMatchObject({
        overAllowance: true,
        overAllowanceAction: 'bill-incident',
        billing: { billable: true },
      })
      expect(out).toMatchObject({ flags: ['over-allowance', 'billable'] })
    },
  },
  'incident.escalate': {
    prepare: async (w) => {
      await platinumCritical(w)
      w.engA.now = w.engB.now = '2026-03-06T16:00:00.000Z' // 49 hours later (R-SA-6)
      return { incidentId: ids.incA, level: 1 }
    },
    invalid: (a) => ({ args: { ...a, level: 0 }, field: 'args.level' }),
    scope: 'customer',
    async check(w) {
      const events = await w.rows('incidentEvents', 'incidentId', ids.incA)
      expect(events.find((e) => e.kind === 'escalated')).toMatchObject({
        data: { level: 1, role: 'Manager of Technical Services' },
      })
    },
  },
  'timeEntry.log': {
    prepare: async (w) => {
      await w.withIncident()
      return {
        id: ids.entryA,
        incidentId: ids.incA,
        minutes: 45,
        kind: 'investigation',
        note: 'Read the logs',
      }
    },
    invalid: (a) => ({ args: { ...a, minutes: 0 }, field: 'args.minutes' }),
    scope: 'customer',
    async check(w) {
      expect(await w.row('timeEntries', ids.entryA)).toMatchObject({
        minutes: 45,
        userId: USER_A,
        billable: false, // a question the knowledge base did not answer (R-PM-1)
        billableOverride: null,
        supportPackId: null,
        customerId: ids.custA,
      })
    },
  },
  'timeEntry.edit': {
    prepare: async (w) => {
      await w.withIncident()
      await w.ok('timeEntry.log', {
        id: ids.entryA,
        incidentId: ids.incA,
        minutes: 45,
        kind: 'investigation',
      })
      return {
        timeEntryId: ids.entryA,
        baseVersion: (await w.row('timeEntries', ids.entryA)).version,
        minutes: 60,
      }
    },
    invalid: (a) => ({ args: { ...a, minutes: -5 }, field: 'args.minutes' }),
    scope: 'customer',
    async check(w) {
      expect((await w.row('timeEntries', ids.entryA)).minutes).toBe(60)
    },
  },
  'timeEntry.delete': {
    prepare: async (w) => {
      await w.withIncident()
      await w.ok('timeEntry.log', {
        id: ids.entryA,
        incidentId: ids.incA,
        minutes: 45,
        kind: 'investigation',
      })
      return { timeEntryId: ids.entryA }
    },
    invalid: () => ({ args: { timeEntryId: 'x' }, field: 'args.timeEntryId' }),
    scope: 'customer',
    async check(w) {
      expect((await w.row('timeEntries', ids.entryA)).deleted).toBe(true)
    },
  },
  'timeEntry.overrideBillable': {
    prepare: async (w) => {
      await w.withIncident()
      await w.ok('supportPack.purchase', { id: ids.packA, customerId: ids.custA, minutes: 600 })
      await w.ok('timeEntry.log', {
        id: ids.entryA,
        incidentId: ids.incA,
        minutes: 45,
        kind: 'investigation',
      })
      return {
        timeEntryId: ids.entryA,
        billable: true,
        reason: 'The customer asked us to run their backups.',
      }
    },
    invalid: (a) => ({ args: { ...a, reason: 'because' }, field: 'args.reason' }),
    scope: 'customer',
    async check(w, out) {
      expect(await w.row('timeEntries', ids.entryA)).toMatchObject({
        billable: false,
        billableOverride: {
          billable: true,
          reason: 'The customer asked us to run their backups.',
          by: USER_A,
          at: NOW,
        },
        supportPackId: ids.packA,
      })
      expect(out).toMatchObject({ flags: ['billable'] })
    },
  },
  'anomaly.report': {
    prepare: async (w) => {
      await w.withIncident()
      return {
        id: ids.anomalyA,
        licenseId: ids.licA,
        incidentId: ids.incA,
        title: 'Attachments lost',
        category: 'B',
      }
    },
    invalid: (a) => ({ args: { ...a, category: 'D' }, field: 'args.category' }),
    scope: 'customer',
    async check(w) {
      expect(await w.row('anomalyReports', ids.anomalyA)).toMatchObject({
        status: 'reported',
        category: 'B',
        customerId: ids.custA,
      })
    },
  },
  'anomaly.classify': {
    prepare: async (w) => {
      await categoryC(w)
      return { anomalyId: ids.anomalyA, category: 'C' }
    },
    invalid: (a) => ({ args: { ...a, category: 'Z' }, field: 'args.category' }),
    scope: 'customer',
    async check(w, out) {
      expect(await w.row('anomalyReports', ids.anomalyA)).toMatchObject({
        status: 'awaiting-estimate',
        coverage: { covered: false, requires: 'cost-estimate', ruleId: 'R-AM-3' },
      })
      expect(out).toMatchObject({ flags: ['cost-estimate-required'] })
    },
  },
  'anomaly.estimateCost': {
    prepare: async (w) => {
      await categoryC(w)
      return { id: ids.estimateA, anomalyId: ids.anomalyA, hours: 4, hourlyRate: 120 }
    },
    invalid: (a) => ({ args: { ...a, hours: 0 }, field: 'args.hours' }),
    scope: 'customer',
    async check(w) {
      expect(await w.row('costEstimates', ids.estimateA)).toMatchObject({
        status: 'draft',
        currency: 'EUR',
        customerId: ids.custA,
      })
    },
  },
  'anomaly.sendEstimate': {
    prepare: async (w) => {
      await categoryC(w)
      await w.ok('anomaly.estimateCost', {
        id: ids.estimateA,
        anomalyId: ids.anomalyA,
        hours: 4,
        hourlyRate: 120,
      })
      return { estimateId: ids.estimateA }
    },
    invalid: () => ({ args: { estimateId: null }, field: 'args.estimateId' }),
    scope: 'customer',
    async check(w) {
      expect(await w.row('costEstimates', ids.estimateA)).toMatchObject({ status: 'sent', sentAt: NOW })
    },
  },
  'anomaly.acceptEstimate': {
    prepare: async (w) => {
      await categoryC(w)
      await w.ok('anomaly.classify', { anomalyId: ids.anomalyA, category: 'C' })
      await w.ok('anomaly.estimateCost', {
        id: ids.estimateA,
        anomalyId: ids.anomalyA,
        hours: 4,
        hourlyRate: 120,
      })
      await w.ok('anomaly.sendEstimate', { estimateId: ids.estimateA })
      return { estimateId: ids.estimateA, acceptedBy: 'Ann Admin' }
    },
    invalid: (a) => ({ args: { ...a, acceptedBy: 5 }, field: 'args.acceptedBy' }),
    scope: 'customer',
    async check(w) {
      expect(await w.row('costEstimates', ids.estimateA)).toMatchObject({
        status: 'accepted',
        decidedAt: NOW,
        acceptedBy: 'Ann Admin',
      })
      expect((await w.row('anomalyReports', ids.anomalyA)).status).toBe('in-progress')
    },
  },
  'anomaly.declineEstimate': {
    prepare: async (w) => {
      await categoryC(w)
      await w.ok('anomaly.estimateCost', {
        id: ids.estimateA,
        anomalyId: ids.anomalyA,
        hours: 4,
        hourlyRate: 120,
      })
      await w.ok('anomaly.sendEstimate', { estimateId: ids.estimateA })
      return { estimateId: ids.estimateA, reason: 'Too expensive' }
    },
    invalid: (a) => ({ args: { ...a, reason: ['no'] }, field: 'args.reason' }),
    scope: 'customer',
    async check(w) {
      expect(await w.row('costEstimates', ids.estimateA)).toMatchObject({
        status: 'declined',
        declineReason: 'Too expensive',
      })
    },
  },
  'anomaly.linkPatch': {
    prepare: async (w) => {
      await w.withIncident()
      await w.ok('anomaly.report', {
        id: ids.anomalyA,
        licenseId: ids.licA,
        title: 'Header folding',
        category: 'A',
      })
      return {
        anomalyId: ids.anomalyA,
        patch: { url: 'https://downloads.example.test/p/5.0.1', os: 'Windows', version: '5.0.1' },
      }
    },
    invalid: (a) => ({
      args: { ...a, patch: { ...(a.patch as object), url: 'nope' } },
      field: 'args.patch.url',
    }),
    scope: 'customer',
    async check(w) {
      expect(await w.row('anomalyReports', ids.anomalyA)).toMatchObject({
        status: 'patched',
        patch: { os: 'Windows', version: '5.0.1' },
      })
    },
  },
  'customer.create': {
    prepare: async () => ({ id: tid('new-customer'), name: 'New Co', teamId: TEAM_A }),
    invalid: (a) => ({ args: { ...a, name: '' }, field: 'args.name' }),
    scope: 'customer',
    async check(w, _out, a) {
      expect(await w.row('customers', a.id as string)).toMatchObject({
        name: 'New Co',
        teamId: TEAM_A,
        deleted: false,
      })
    },
  },
  'customer.update': {
    prepare: async (w) => {
      await w.customers()
      return {
        customerId: ids.custA,
        baseVersion: (await w.row('customers', ids.custA)).version,
        name: 'Acme Mail Inc.',
      }
    },
    invalid: (a) => ({ args: { ...a, baseVersion: -1 }, field: 'args.baseVersion' }),
    scope: 'customer',
    async check(w) {
      expect((await w.row('customers', ids.custA)).name).toBe('Acme Mail Inc.')
    },
  },
  'license.add': {
    prepare: async (w) => {
      await w.customers()
      return {
        id: tid('new-license'),
        customerId: ids.custA,
        product: 'SmarterMail',
        edition: 'Enterprise',
        major: 12,
        currentMajor: 12,
        os: 'linux',
        purchasedAt: '2026-02-01',
        includedSubscription: { id: tid('new-license-sub'), planId: 'smartertools-mns' },
      }
    },
    invalid: (a) => ({ args: { ...a, major: 13 }, field: 'args.major' }),
    scope: 'customer',
    async check(w, _out, a) {
      expect(await w.row('licenses', a.id as string)).toMatchObject({
        customerId: ids.custA,
        os: 'linux',
        transferConsent: null,
      })
      // R-ST-1: a new license includes 12 months of M&S
      expect(await w.row('subscriptions', tid('new-license-sub'))).toMatchObject({
        licenseId: a.id,
        start: '2026-02-01',
        end: '2027-01-31',
        status: 'active',
      })
    },
  },
  'license.recordTransferConsent': {
    prepare: async (w) => {
      await w.basics()
      return { licenseId: ids.licA, toCustomerId: ids.custA2, reference: 'Letter of 2 March 2026' }
    },
    invalid: (a) => ({ args: { ...a, reference: '' }, field: 'args.reference' }),
    scope: 'customer',
    async check(w) {
      expect((await w.row('licenses', ids.licA)).transferConsent).toMatchObject({
        toCustomerId: ids.custA2,
        reference: 'Letter of 2 March 2026',
      })
    },
  },
  'license.transfer': {
    prepare: async (w) => {
      await w.basics()
      return {
        licenseId: ids.licA,
        toCustomerId: ids.custA2,
        consent: { reference: 'Email from legal, 3 March' },
      }
    },
    invalid: (a) => ({ args: { ...a, toCustomerId: 'not-a-uuid' }, field: 'args.toCustomerId' }),
    scope: 'customer',
    async check(w) {
      expect((await w.row('licenses', ids.licA)).customerId).toBe(ids.custA2)
      expect((await w.row('subscriptions', ids.subA)).customerId).toBe(ids.custA2)
    },
  },
  'subscription.buy': {
    prepare: async (w) => {
      await w.basics()
      return {
        id: tid('new-sub'),
        customerId: ids.custA,
        licenseId: ids.licA,
        planId: 'softartisans-gold',
        start: '2026-03-01',
      }
    },
    invalid: (a) => ({ args: { ...a, start: '2026-02-30' }, field: 'args.start' }),
    scope: 'customer',
    async check(w) {
      expect(await w.row('subscriptions', tid('new-sub'))).toMatchObject({
        end: '2027-02-28',
        status: 'active',
      })
    },
  },
  'subscription.renew': {
    prepare: async (w) => {
      await w.basics()
      return { subscriptionId: ids.subA, end: '2028-01-04' }
    },
    invalid: (a) => ({ args: { ...a, end: 'next year' }, field: 'args.end' }),
    scope: 'customer',
    async check(w) {
      expect((await w.row('subscriptions', ids.subA)).end).toBe('2028-01-04')
    },
  },
  'subscription.reinstate': {
    prepare: async (w) => {
      await w.basics()
      await w.ok('subscription.cancel', { subscriptionId: ids.subA })
      return { subscriptionId: ids.subA, start: '2026-03-04' }
    },
    invalid: (a) => ({ args: { ...a, end: '2026-01-01' }, field: 'args.end' }),
    scope: 'customer',
    async check(w) {
      expect(await w.row('subscriptions', ids.subA)).toMatchObject({
        status: 'active',
        start: '2026-03-04',
        end: '2027-03-03',
      })
    },
  },
  'subscription.cancel': {
    prepare: async (w) => {
      await w.basics()
      return { subscriptionId: ids.subA }
    },
    invalid: () => ({ args: {}, field: 'args.subscriptionId' }),
    scope: 'customer',
    async check(w) {
      expect((await w.row('subscriptions', ids.subA)).status).toBe('cancelled')
    },
  },
  'supportPack.purchase': {
    prepare: async (w) => {
      await w.customers()
      return { id: ids.packA, customerId: ids.custA, minutes: 600, label: '10 hours' }
    },
    invalid: (a) => ({ args: { ...a, minutes: 0 }, field: 'args.minutes' }),
    scope: 'customer',
    async check(w) {
      expect(await w.row('supportPacks', ids.packA)).toMatchObject({
        minutesPurchased: 600,
        purchasedAt: '2026-03-04',
      })
    },
  },
  'remoteAccess.grant': {
    prepare: async (w) => {
      await w.withIncident()
      return { id: ids.agreementA, incidentId: ids.incA, grantedByContactId: ids.contactA }
    },
    invalid: (a) => ({ args: { ...a, grantedAt: 'yesterday' }, field: 'args.grantedAt' }),
    scope: 'customer',
    async check(w) {
      expect(await w.row('remoteAccessAgreements', ids.agreementA)).toMatchObject({
        incidentId: ids.incA,
        customerId: ids.custA,
        revokedAt: null,
      })
    },
  },
  'remoteAccess.revoke': {
    prepare: async (w) => {
      await w.withIncident()
      await w.ok('remoteAccess.grant', { id: ids.agreementA, incidentId: ids.incA })
      return { agreementId: ids.agreementA, by: 'customer' }
    },
    invalid: (a) => ({ args: { ...a, by: 'someone' }, field: 'args.by' }),
    scope: 'customer',
    async check(w) {
      expect(await w.row('remoteAccessAgreements', ids.agreementA)).toMatchObject({
        revokedAt: NOW,
        revokedReason: 'customer',
      })
    },
  },
  'kb.create': {
    prepare: async () => ({
      id: ids.kbA,
      title: 'Queue stuck after upgrade',
      body: 'Restart the spooler.',
      tags: ['queue'],
    }),
    invalid: (a) => ({ args: { ...a, tags: [''] }, field: 'args.tags.0' }),
    scope: 'anyone',
    async check(w) {
      expect(await w.row('kbArticles', ids.kbA)).toMatchObject({
        status: 'draft',
        customerId: null,
        linkedIncidentIds: [],
      })
    },
  },
  'kb.createFromIncident': {
    prepare: async (w) => {
      await w.withIncident()
      return { id: ids.kbA, incidentId: ids.incA, title: 'Queue stuck', body: 'Restart the spooler.' }
    },
    invalid: (a) => ({ args: { ...a, title: '   ' }, field: 'args.title' }),
    scope: 'customer',
    async check(w) {
      expect(await w.row('kbArticles', ids.kbA)).toMatchObject({
        createdFromIncidentId: ids.incA,
        linkedIncidentIds: [ids.incA],
      })
      expect((await w.row('incidents', ids.incA)).kbArticleExisted).toBe(false)
    },
  },
  'kb.link': {
    prepare: async (w) => {
      await w.withIncident()
      await w.ok('kb.create', { id: ids.kbA, title: 'Queue stuck', body: 'Restart the spooler.' })
      return { articleId: ids.kbA, incidentId: ids.incA, answeredIt: true }
    },
    invalid: (a) => ({ args: { ...a, answeredIt: 'yes' }, field: 'args.answeredIt' }),
    scope: 'customer',
    async check(w) {
      expect((await w.row('kbArticles', ids.kbA)).linkedIncidentIds).toEqual([ids.incA])
      expect((await w.row('incidents', ids.incA)).kbArticleExisted).toBe(true)
    },
  },
  'kb.update': {
    prepare: async (w) => {
      await w.ok('kb.create', { id: ids.kbA, title: 'Queue stuck', body: 'Restart the spooler.' })
      return {
        articleId: ids.kbA,
        baseVersion: (await w.row('kbArticles', ids.kbA)).version,
        status: 'published',
      }
    },
    invalid: (a) => ({ args: { ...a, status: 'live' }, field: 'args.status' }),
    scope: 'anyone',
    async check(w) {
      expect((await w.row('kbArticles', ids.kbA)).status).toBe('published')
    },
  },
  'plan.save': {
    prepare: async () => ({
      plan: {
        id: 'acme-bronze',
        label: 'Bronze',
        calendarId: 'softartisans',
        coverageRuleId: 'ORG-BRONZE-1',
        whenNotCovered: {
          actions: ['reinstate-maintenance'],
          message: 'Bronze has ended.',
          ruleId: 'ORG-BRONZE-1',
        },
        namedContactCap: 1,
        namedContactRuleId: 'ORG-BRONZE-2',
      },
    }),
    invalid: (a) => ({
      args: { plan: { ...(a.plan as object), namedContactCap: 0 } },
      field: 'args.plan.namedContactCap',
    }),
    scope: 'admin',
    async check(w) {
      expect(await w.row('plans', 'acme-bronze')).toMatchObject({
        label: 'Bronze',
        namedContactCap: 1,
        calendarId: 'softartisans',
      })
    },
  },
  'calendar.save': {
    prepare: async () => ({
      calendar: {
        id: 'acme-office',
        label: 'Acme office hours',
        zone: 'Europe/Berlin',
        hours: { mon: [{ start: '08:00', end: '16:00' }] },
      },
    }),
    invalid: (a) => ({
      args: { calendar: { ...(a.calendar as object), zone: 'Mars/Olympus' } },
      field: 'args.calendar.zone',
    }),
    scope: 'admin',
    async check(w) {
      expect(await w.row('calendars', 'acme-office')).toMatchObject({ zone: 'Europe/Berlin' })
    },
  },
}

/** The actor allowed to run a case, and one that must be refused. */
function actors(w: World, scope: Case['scope']): { allowed: Actor; refused: Actor | null } {
  if (scope === 'admin') return { allowed: w.admin, refused: w.engA }
  if (scope === 'anyone') return { allowed: w.engB, refused: null }
  return { allowed: w.engA, refused: w.engB }
}

function sameOutcome(out: MutationOutcome): unknown {
  if (out.status === 'rejected') return out
  const { writes: _w, ...rest } = out
  return rest
}

export function describeMutatorSuite(
  name: string,
  makeStore: () => Promise<Store>,
  options: MutatorSuiteOptions = {},
): void {
  const stamps = options.stampsVersions ?? true
  const world = async (): Promise<World> => new World(await makeStore(), options.apply ?? defaultRunner)

  describe(`mutators over the ${name} store`, () => {
    it('has generic cases for every mutator of the registry', () => {
      expect(Object.keys(cases).sort()).toEqual(Object.keys(mutators).sort())
    })

    for (const [mutator, c] of Object.entries(cases)) {
      describe(mutator, () => {
        it('applies (happy path)', async () => {
          const w = await world()
          const args = await c.prepare(w)
          const out = await w.apply(mutator, args, actors(w, c.scope).allowed.next())
          expect(out.status, JSON.stringify(out)).toBe('applied')
          await c.check?.(w, out, args)
        })

        it('refuses invalid args, naming the field', async () => {
          const w = await world()
          const { args, field } = c.invalid(await c.prepare(w))
          const out = await w.apply(mutator, args, actors(w, c.scope).allowed.next())
          expect(out).toMatchObject({ status: 'rejected', error: { code: 'invalid', field } })
        })

        if (c.scope === 'admin') {
          it('is refused to an engineer', async () => {
            const w = await world()
            const args = await c.prepare(w)
            const out = await w.apply(mutator, args, actors(w, c.scope).refused!.next())
            expect(out).toMatchObject({ status: 'rejected', error: { code: 'forbidden' } })
            expect(out.status === 'rejected' && out.error.message.length > 10).toBe(true)
          })
        } else if (c.scope !== 'anyone') {
          it('is refused to an engineer of another team exactly as if the rows it names did not exist', async () => {
            const w = await world()
            const args = await c.prepare(w)
            const refused = actors(w, c.scope).refused!
            const out = await w.apply(mutator, args, refused.next())
            expect(out.status).toBe('rejected')
            expect(out.status === 'rejected' && out.error.message.length > 10).toBe(true)
            // the same call with every fixture id replaced by one that names nothing: an existence oracle would
            // answer it differently (not-found) from the call that names another team's rows (forbidden)
            const madeUp = Object.values(ids).map((id) => [id, tid(`made-up:${id}`)] as const)
            let text = JSON.stringify(args)
            for (const [real, fake] of madeUp) text = text.replaceAll(real, fake)
            const unknown = await w.apply(
              mutator,
              JSON.parse(text) as Record<string, unknown>,
              refused.next(),
            )
            let answer = JSON.stringify(unknown)
            for (const [real, fake] of madeUp) answer = answer.replaceAll(fake, real)
            expect(JSON.stringify(out)).toBe(answer)
          })
        }

        it('is idempotent under replay (same rows, same outcome)', async () => {
          const w = await world()
          const args = await c.prepare(w)
          const actor = actors(w, c.scope).allowed
          const first = await w.apply(mutator, args, actor.next())
          expect(first.status).toBe('applied')
          const written = first.status === 'applied' ? first.writes : []
          const before = await Promise.all(written.map((r) => w.store.get(r.table, r.id)))
          const second = await w.apply(mutator, args, actor.same())
          expect(sameOutcome(second)).toEqual(sameOutcome(first))
          expect(second.status === 'applied' && second.writes).toEqual([])
          const after = await Promise.all(written.map((r) => w.store.get(r.table, r.id)))
          expect(after).toEqual(before)
        })
      })
    }

    describeRules(world, stamps)
    if (options.knowsUsers ?? true) describeAssigneeRules(world)
  })
}

/** Who may be given an incident (incident.assign, incident.open's assigneeId): the store knows the users. */
function describeAssigneeRules(world: () => Promise<World>): void {
  describe('assignees', () => {
    it("assigns a member of the customer's team or an administrator, and unassigns", async () => {
      const w = await world()
      await w.withIncident()
      await w.ok('incident.assign', { incidentId: ids.incA, assigneeId: USER_A }, w.engA.next())
      expect((await w.row('incidents', ids.incA)).assigneeId).toBe(USER_A)
      await w.ok('incident.assign', { incidentId: ids.incA, assigneeId: USER_ADMIN }, w.engA.next())
      expect((await w.row('incidents', ids.incA)).assigneeId).toBe(USER_ADMIN)
      await w.ok('incident.assign', { incidentId: ids.incA, assigneeId: null }, w.engA.next())
      expect((await w.row('incidents', ids.incA)).assigneeId).toBeNull()
    })

    it('refuses an engineer of another team, even when an administrator assigns', async () => {
      const w = await world()
      await w.withIncident()
      for (const actor of [w.engA, w.admin]) {
        const out = await w.apply(
          'incident.assign',
          { incidentId: ids.incA, assigneeId: USER_B },
          actor.next(),
        )
        expect(out).toMatchObject({
          status: 'rejected',
          error: { code: 'forbidden', field: 'args.assigneeId' },
        })
      }
      expect((await w.row('incidents', ids.incA)).assigneeId).toBeNull()
      expect((await w.rows('incidentEvents', 'incidentId', ids.incA)).map((e) => e.kind)).toEqual(['opened'])
    })

    it('refuses a disabled user and an unknown one, naming the field', async () => {
      const w = await world()
      await w.withIncident()
      const disabled = await w.apply(
        'incident.assign',
        { incidentId: ids.incA, assigneeId: USER_DISABLED },
        w.engA.next(),
      )
      expect(disabled).toMatchObject({
        status: 'rejected',
        error: { code: 'invalid-state', field: 'args.assigneeId' },
      })
      expect(disabled.status === 'rejected' && disabled.error.message).toMatch(/disabled/)
      const unknown = await w.apply(
        'incident.assign',
        { incidentId: ids.incA, assigneeId: tid('nobody') },
        w.engA.next(),
      )
      expect(unknown).toMatchObject({
        status: 'rejected',
        error: { code: 'not-found', field: 'args.assigneeId' },
      })
      expect((await w.row('incidents', ids.incA)).assigneeId).toBeNull()
    })

    it('checks the assignee an incident is opened with', async () => {
      const w = await world()
      await w.basics()
      const out = await w.apply(
        'incident.open',
        incidentArgs(ids.incA, ids.custA, ids.contactA, ids.licA, { assigneeId: USER_B }),
        w.engA.next(),
      )
      expect(out).toMatchObject({
        status: 'rejected',
        error: { code: 'forbidden', field: 'args.assigneeId' },
      })
      expect(await w.store.get('incidents', ids.incA)).toBeUndefined()
      await w.ok(
        'incident.open',
        incidentArgs(ids.incA, ids.custA, ids.contactA, ids.licA, { assigneeId: USER_A }),
        w.engA.next(),
      )
      expect((await w.row('incidents', ids.incA)).assigneeId).toBe(USER_A)
    })
  })
}

function describeRules(world: () => Promise<World>, stamps: boolean): void {
  describe('framework', () => {
    it('refuses an unknown mutator and an unsupported version with "update Caseload"', async () => {
      const w = await world()
      const unknown = await w.call({ name: 'incident.teleport', mv: 1, args: {} }, w.admin.next())
      expect(unknown).toMatchObject({ status: 'rejected', error: { code: 'unknown-mutator', field: 'name' } })
      const old = await w.call({ name: 'customer.create', mv: 0, args: {} }, w.admin.next())
      expect(old).toMatchObject({ status: 'rejected', error: { code: 'unsupported-version', field: 'mv' } })
      expect(old.status === 'rejected' && old.error.message).toMatch(/Update Caseload/)
    })

    it('writes nothing when a mutation is refused half-way', async () => {
      const w = await world()
      await w.basics()
      // the transfer would move the license and its subscription; without consent nothing moves
      const out = await w.apply(
        'license.transfer',
        { licenseId: ids.licA, toCustomerId: ids.custA2 },
        w.engA.next(),
      )
      expect(out).toMatchObject({
        status: 'rejected',
        error: { code: 'consent-required', field: 'args.consent' },
      })
      expect((await w.row('licenses', ids.licA)).customerId).toBe(ids.custA)
      expect((await w.row('subscriptions', ids.subA)).customerId).toBe(ids.custA)
    })

    it('refuses a create whose id holds a different row (duplicate-id)', async () => {
      const w = await world()
      await w.customers()
      const out = await w.apply(
        'customer.create',
        { id: ids.custA, name: 'Someone else', teamId: TEAM_A },
        w.engA.next(),
      )
      expect(out).toMatchObject({ status: 'rejected', error: { code: 'duplicate-id', field: 'args.id' } })
    })

    it('names the missing row when an id points nowhere', async () => {
      const w = await world()
      await w.customers()
      const out = await w.apply('subscription.cancel', { subscriptionId: tid('nothing') }, w.engA.next())
      expect(out).toMatchObject({
        status: 'rejected',
        error: { code: 'not-found', field: 'args.subscriptionId' },
      })
    })
  })

  describe('conflicts (a field changed on the server after baseVersion by someone else)', () => {
    it('keeps the server value, reports both values, and applies the fields that did not conflict', async () => {
      const w = await world()
      await w.customers()
      const seen = (await w.row('customers', ids.custA)).version
      const alice = w.engA
      const bob = new Actor(USER_A, 'engineer', [TEAM_A])
      await w.ok(
        'customer.update',
        { customerId: ids.custA, baseVersion: seen, name: 'Acme (Alice)' },
        alice.next(),
      )
      const out = await w.apply(
        'customer.update',
        { customerId: ids.custA, baseVersion: seen, name: 'Acme (Bob)', notes: 'VIP' },
        bob.next(),
      )
      expect(out).toMatchObject({
        status: 'conflict',
        conflicts: [
          {
            table: 'customers',
            id: ids.custA,
            field: 'name',
            serverValue: 'Acme (Alice)',
            clientValue: 'Acme (Bob)',
            serverChangedBy: alice.clientId,
          },
        ],
      })
      expect(await w.row('customers', ids.custA)).toMatchObject({ name: 'Acme (Alice)', notes: 'VIP' })
    })

    it("does not report a client's conflict with its own earlier edit", async () => {
      const w = await world()
      await w.customers()
      const seen = (await w.row('customers', ids.custA)).version
      await w.ok('customer.update', { customerId: ids.custA, baseVersion: seen, name: 'One' }, w.engA.next())
      await w.ok('customer.update', { customerId: ids.custA, baseVersion: seen, name: 'Two' }, w.engA.next())
      expect((await w.row('customers', ids.custA)).name).toBe('Two')
    })

    // Only a store that stamps versions (the server's) can have a version the client did not see.
    if (stamps) {
      it('applies an edit made on top of the latest version', async () => {
        const w = await world()
        await w.customers()
        const seen = (await w.row('customers', ids.custA)).version
        await w.ok(
          'customer.update',
          { customerId: ids.custA, baseVersion: seen, name: 'One' },
          w.engA.next(),
        )
        const latest = (await w.row('customers', ids.custA)).version
        expect(latest).toBeGreaterThan(seen)
        const other = new Actor(USER_A, 'engineer', [TEAM_A])
        await w.ok(
          'customer.update',
          { customerId: ids.custA, baseVersion: latest, name: 'Two' },
          other.next(),
        )
        expect((await w.row('customers', ids.custA)).name).toBe('Two')
      })
    }

    it('is no conflict when the client writes the value the server already has', async () => {
      const w = await world()
      await w.customers()
      const seen = (await w.row('customers', ids.custA)).version
      await w.ok('customer.update', { customerId: ids.custA, baseVersion: seen, name: 'Same' }, w.engA.next())
      const other = new Actor(USER_A, 'engineer', [TEAM_A])
      await w.ok('customer.update', { customerId: ids.custA, baseVersion: seen, name: 'Same' }, other.next())
    })
  })

  describe('licenses (R-ST-9)', () => {
    it('refuses a transfer to another organisation without recorded consent, allows it once recorded', async () => {
      const w = await world()
      await w.basics()
      const refused = await w.apply(
        'license.transfer',
        { licenseId: ids.licA, toCustomerId: ids.custA2 },
        w.engA.next(),
      )
      expect(refused).toMatchObject({
        status: 'rejected',
        error: { code: 'consent-required', field: 'args.consent' },
      })
      expect(refused.status === 'rejected' && refused.error.message).toMatch(/R-ST-9/)
      await w.ok(
        'license.recordTransferConsent',
        { licenseId: ids.licA, toCustomerId: ids.custA2, reference: 'Letter 12' },
        w.engA.next(),
      )
      await w.ok('license.transfer', { licenseId: ids.licA, toCustomerId: ids.custA2 }, w.engA.next())
      expect((await w.row('licenses', ids.licA)).customerId).toBe(ids.custA2)
    })

    it('refuses consent recorded for another organisation', async () => {
      const w = await world()
      await w.basics()
      await w.ok(
        'license.recordTransferConsent',
        { licenseId: ids.licA, toCustomerId: ids.custA2, reference: 'Letter 12' },
        w.admin.next(),
      )
      const out = await w.apply(
        'license.transfer',
        { licenseId: ids.licA, toCustomerId: ids.custB },
        w.admin.next(),
      )
      expect(out).toMatchObject({ status: 'rejected', error: { code: 'consent-required' } })
    })

    it("refuses a transfer to another team's customer", async () => {
      const w = await world()
      await w.basics()
      const out = await w.apply(
        'license.transfer',
        { licenseId: ids.licA, toCustomerId: ids.custB, consent: { reference: 'Letter 13' } },
        w.engA.next(),
      )
      // another team's customer is answered like a made-up id: the engineer can't learn it exists
      expect(out).toEqual({
        status: 'rejected',
        error: {
          code: 'not-found',
          field: 'args.toCustomerId',
          message: `No customer with id ${ids.custB}.`,
        },
      })
    })
  })

  describe('subscriptions (R-ST-1)', () => {
    it('refuses to renew a lapsed subscription (reinstate it instead), then reinstates it', async () => {
      const w = await world()
      await w.basics()
      w.engA.now = '2027-02-01T12:00:00.000Z'
      const out = await w.apply(
        'subscription.renew',
        { subscriptionId: ids.subA, end: '2028-01-04' },
        w.engA.next(),
      )
      expect(out).toMatchObject({ status: 'rejected', error: { code: 'invalid-state' } })
      expect(out.status === 'rejected' && out.error.message).toMatch(/reinstate/)
      await w.ok('subscription.reinstate', { subscriptionId: ids.subA, start: '2027-02-01' }, w.engA.next())
      expect(await w.row('subscriptions', ids.subA)).toMatchObject({
        start: '2027-02-01',
        end: '2028-01-31',
        status: 'active',
      })
    })

    it('gives a lifetime plan no end date (R-ST-2)', async () => {
      const w = await world()
      await w.customers()
      await w.ok('subscription.buy', {
        id: ids.subA,
        customerId: ids.custA,
        planId: 'smartertools-hosted',
        start: '2026-01-01',
      })
      expect(await w.row('subscriptions', ids.subA)).toMatchObject({ end: null, licenseId: null })
    })
  })

  describe('allowances (R-SA-5, D-1, D-2, D-6)', () => {
    it('keeps the sixth priority incident of a Silver contract year, flagged over-allowance with the three choices', async () => {
      const w = await world()
      await w.basics()
      const five = await priorityIncidents(w, 5)
      for (const id of five) expect((await w.row('incidents', id)).overAllowance).toBe(false)
      const sixth = tid('priority-6')
      const out = await w.apply(
        'incident.open',
        incidentArgs(sixth, ids.custA, ids.contactA, ids.licA, { severity: 'priority' }),
        w.engA.next(),
      )
      expect(out).toMatchObject({ status: 'applied', flags: ['over-allowance'] })
      if (out.status !== 'applied') return
      expect([...out.actions].sort()).toEqual(['approve-exception', 'bill-incident', 'downgrade'])
      expect(out.reasons.map((r) => r.ruleId)).toEqual(expect.arrayContaining(['R-SA-5', 'D-2']))
      expect(await w.row('incidents', sixth)).toMatchObject({
        status: 'new',
        overAllowance: true,
        overAllowanceAction: null,
        entitlement: { decision: 'over-allowance', allowance: { limit: 5, used: 5 } },
      })
    })

    it('downgrading the over-allowance incident makes it a standard incident (D-2)', async () => {
      const w = await world()
      const sixth = await overAllowanceIncident(w)
      await w.ok(
        'incident.chooseOverAllowanceAction',
        { incidentId: sixth, action: 'downgrade', note: 'Agreed on the phone' },
        w.engA.next(),
      )
      expect(await w.row('incidents', sixth)).toMatchObject({
        severity: 'standard',
        overAllowance: true,
        overAllowanceAction: 'downgrade',
      })
    })

    it('refuses an action the plan does not offer, and a choice on an incident within its allowance', async () => {
      const w = await world()
      await w.withIncident()
      const within = await w.apply(
        'incident.chooseOverAllowanceAction',
        { incidentId: ids.incA, action: 'bill-incident' },
        w.engA.next(),
      )
      expect(within).toMatchObject({
        status: 'rejected',
        error: { code: 'invalid-state', field: 'args.action' },
      })
    })

    it('gives the allowance back for an incident resolved as duplicate or opened in error (D-1)', async () => {
      const w = await world()
      await w.basics()
      const five = await priorityIncidents(w, 5)
      await w.ok(
        'incident.resolve',
        { incidentId: five[4], resolution: 'duplicate', duplicateOfId: five[0] },
        w.engA.next(),
      )
      await w.ok('incident.resolve', { incidentId: five[3], resolution: 'opened-in-error' }, w.engA.next())
      const out = await w.apply(
        'incident.open',
        incidentArgs(tid('p6'), ids.custA, ids.contactA, ids.licA, { severity: 'priority' }),
        w.engA.next(),
      )
      expect(out).toMatchObject({ status: 'applied', flags: [] })
      expect((await w.row('incidents', tid('p6'))).entitlement).toMatchObject({
        decision: 'covered',
        allowance: { used: 3 },
      })
    })

    it('flags an incident on a lapsed subscription not-entitled, with "reinstate" (R-ST-1), and keeps it', async () => {
      const w = await world()
      await w.basics()
      w.engA.now = '2027-02-01T15:00:00.000Z'
      const out = await w.apply(
        'incident.open',
        incidentArgs(ids.incA, ids.custA, ids.contactA, ids.licA),
        w.engA.next(),
      )
      expect(out).toMatchObject({
        status: 'applied',
        flags: ['not-entitled'],
        actions: ['reinstate-maintenance'],
      })
      expect(await w.row('incidents', ids.incA)).toMatchObject({
        responseDueAt: null,
        entitlement: { decision: 'not-entitled' },
      })
    })

    it('re-assesses the allowance when an incident is raised to priority', async () => {
      const w = await world()
      await w.basics()
      await priorityIncidents(w, 5)
      await w.ok('incident.open', incidentArgs(ids.incA, ids.custA, ids.contactA, ids.licA), w.engA.next())
      const out = await w.apply(
        'incident.setSeverity',
        { incidentId: ids.incA, severity: 'priority' },
        w.engA.next(),
      )
      expect(out).toMatchObject({ status: 'applied', flags: ['over-allowance'] })
    })
  })

  describe('named contacts (R-SA-4, D-2, D-5)', () => {
    it('keeps a fourth named contact on Gold as a non-named contact, flagged over-cap', async () => {
      const w = await world()
      await w.basics('softartisans-gold')
      for (let i = 1; i <= 3; i++) {
        const out = await w.ok(
          'contact.add',
          {
            id: tid(`named-${i}`),
            customerId: ids.custA,
            name: `Named ${i}`,
            email: `n${i}@acme.test`,
            named: true,
          },
          w.engA.next(),
        )
        expect(out.flags).toEqual([])
      }
      const fourth = tid('named-4')
      const out = await w.apply(
        'contact.add',
        { id: fourth, customerId: ids.custA, name: 'Named 4', email: 'n4@acme.test', named: true },
        w.engA.next(),
      )
      expect(out).toMatchObject({ status: 'applied', flags: ['over-cap'] })
      expect(out.status === 'applied' && out.reasons.map((r) => r.ruleId)).toEqual(
        expect.arrayContaining(['R-SA-4', 'D-2']),
      )
      expect(await w.row('contacts', fourth)).toMatchObject({
        named: false,
        deleted: false,
        overCap: [{ ruleId: 'R-SA-4' }, { ruleId: 'D-2' }],
      })
      // naming them later is also kept and flagged, until one of the three steps down
      const again = await w.apply('contact.setNamed', { contactId: fourth, named: true }, w.engA.next())
      expect(again).toMatchObject({ status: 'applied', flags: ['over-cap'] })
      await w.ok('contact.setNamed', { contactId: tid('named-1'), named: false }, w.engA.next())
      const now = await w.apply('contact.setNamed', { contactId: fourth, named: true }, w.engA.next())
      expect(now).toMatchObject({ status: 'applied', flags: [] })
      expect(await w.row('contacts', fourth)).toMatchObject({ named: true, overCap: null })
    })

    it('flags an incident opened by a non-named contact on a capped plan not-entitled (D-5)', async () => {
      const w = await world()
      await w.basics('softartisans-gold')
      const out = await w.apply(
        'incident.open',
        incidentArgs(ids.incA, ids.custA, ids.contactA, ids.licA),
        w.engA.next(),
      )
      expect(out).toMatchObject({
        status: 'applied',
        flags: ['not-entitled'],
        actions: ['add-named-contact'],
      })
    })
  })

  describe('first-response clock', () => {
    it('pushes the deadline back by the business time the SLA clock was paused', async () => {
      const w = await world()
      await w.withIncident()
      expect((await w.row('incidents', ids.incA)).responseDueAt).toBe('2026-03-05T15:00:00.000Z')
      w.engA.now = '2026-03-04T15:30:00.000Z'
      await w.ok('incident.setStatus', { incidentId: ids.incA, status: 'waiting-on-customer' }, w.engA.next())
      w.engA.now = '2026-03-04T16:30:00.000Z'
      await w.ok('incident.setStatus', { incidentId: ids.incA, status: 'open' }, w.engA.next())
      // one business hour paused: Thursday 10:00 becomes 11:00 New York time
      expect((await w.row('incidents', ids.incA)).responseDueAt).toBe('2026-03-05T16:00:00.000Z')
    })

    it('flags a first response sent after the deadline', async () => {
      const w = await world()
      await w.withIncident()
      w.engA.now = '2026-03-06T15:00:00.000Z'
      const out = await w.apply(
        'incident.respond',
        { id: ids.commentA, incidentId: ids.incA, body: 'Sorry for the wait.' },
        w.engA.next(),
      )
      expect(out).toMatchObject({ status: 'applied', flags: ['response-late'] })
      const again = await w.apply(
        'incident.respond',
        { id: ids.commentA, incidentId: ids.incA, body: 'Sorry for the wait.' },
        w.engA.same(),
      )
      expect(again).toMatchObject({ status: 'applied', flags: ['response-late'], writes: [] })
    })

    it('records each escalation level once, whoever records it, and refuses a level not reached (R-SA-6)', async () => {
      const w = await world()
      await platinumCritical(w)
      w.engA.now = '2026-03-06T16:00:00.000Z'
      const early = await w.apply('incident.escalate', { incidentId: ids.incA, level: 2 }, w.engA.next())
      expect(early).toMatchObject({
        status: 'rejected',
        error: { code: 'invalid-state', field: 'args.level' },
      })
      await w.ok('incident.escalate', { incidentId: ids.incA, level: 1 }, w.engA.next())
      const other = new Actor(USER_A, 'engineer', [TEAM_A], '2026-03-06T17:00:00.000Z')
      const second = await w.ok('incident.escalate', { incidentId: ids.incA, level: 1 }, other.next())
      expect(second.writes).toEqual([])
      const events = await w.rows('incidentEvents', 'incidentId', ids.incA)
      expect(events.filter((e) => e.kind === 'escalated')).toHaveLength(1)
    })

    it('refuses to close an incident that is not resolved, and to comment on a closed one', async () => {
      const w = await world()
      await w.withIncident()
      const close = await w.apply(
        'incident.setStatus',
        { incidentId: ids.incA, status: 'closed' },
        w.engA.next(),
      )
      expect(close).toMatchObject({
        status: 'rejected',
        error: { code: 'invalid-state', field: 'args.status' },
      })
      await w.ok('incident.resolve', { incidentId: ids.incA, resolution: 'fixed' }, w.engA.next())
      await w.ok('incident.setStatus', { incidentId: ids.incA, status: 'closed' }, w.engA.next())
      const c = await w.apply(
        'incident.comment',
        { id: ids.commentA, incidentId: ids.incA, body: 'hello', visibility: 'internal' },
        w.engA.next(),
      )
      expect(c).toMatchObject({ status: 'rejected', error: { code: 'invalid-state' } })
    })
  })

  describe('time entries and support packs (R-PM-1..5)', () => {
    it('draws billable minutes from the oldest pack with room and flags an overdrawn pack', async () => {
      const w = await world()
      await w.basics()
      await w.ok('supportPack.purchase', {
        id: ids.packA,
        customerId: ids.custA,
        minutes: 60,
        purchasedAt: '2026-01-10',
      })
      await w.ok(
        'incident.open',
        incidentArgs(ids.incA, ids.custA, ids.contactA, ids.licA, { category: 'delegated-administration' }),
      )
      const first = await w.ok(
        'timeEntry.log',
        { id: ids.entryA, incidentId: ids.incA, minutes: 45, kind: 'investigation' },
        w.engA.next(),
      )
      expect(first.flags).toEqual(['billable'])
      expect(first.reasons.map((r) => r.ruleId)).toContain('R-PM-3')
      expect(await w.row('timeEntries', ids.entryA)).toMatchObject({
        billable: true,
        supportPackId: ids.packA,
      })
      const second = await w.ok(
        'timeEntry.log',
        { id: tid('entry-2'), incidentId: ids.incA, minutes: 30, kind: 'email' },
        w.engA.next(),
      )
      expect(second.flags).toEqual(['billable', 'pack-overdrawn'])
      expect(second.actions).toEqual(['buy-support-pack'])
    })

    it('flags billable work for a customer without a pack, and a non-billable override releases the pack', async () => {
      const w = await world()
      await w.basics()
      await w.ok(
        'incident.open',
        incidentArgs(ids.incA, ids.custA, ids.contactA, ids.licA, { category: 'system-maintenance' }),
      )
      const out = await w.ok(
        'timeEntry.log',
        { id: ids.entryA, incidentId: ids.incA, minutes: 30, kind: 'phone' },
        w.engA.next(),
      )
      expect(out.flags).toEqual(['billable', 'no-support-pack'])
      await w.ok('supportPack.purchase', { id: ids.packA, customerId: ids.custA, minutes: 600 })
      await w.ok(
        'timeEntry.overrideBillable',
        { timeEntryId: ids.entryA, billable: false, reason: 'Goodwill: our upgrade guide was wrong.' },
        w.engA.next(),
      )
      expect(await w.row('timeEntries', ids.entryA)).toMatchObject({
        billable: true,
        billableOverride: { billable: false },
        supportPackId: null,
      })
      await w.ok('timeEntry.overrideBillable', { timeEntryId: ids.entryA, billable: null }, w.engA.next())
      expect(await w.row('timeEntries', ids.entryA)).toMatchObject({
        billableOverride: null,
        supportPackId: ids.packA,
      })
    })

    it('re-classifies the time when the product turns out to be at fault (R-PM-3)', async () => {
      const w = await world()
      await w.basics()
      await w.ok(
        'incident.open',
        incidentArgs(ids.incA, ids.custA, ids.contactA, ids.licA, { category: 'mail-flow-investigation' }),
      )
      await w.ok(
        'timeEntry.log',
        { id: ids.entryA, incidentId: ids.incA, minutes: 30, kind: 'investigation' },
        w.engA.next(),
      )
      expect((await w.row('timeEntries', ids.entryA)).billable).toBe(true)
      await w.ok(
        'incident.resolve',
        { incidentId: ids.incA, resolution: 'fixed', rootCause: 'product-defect' },
        w.engA.next(),
      )
      expect((await w.row('timeEntries', ids.entryA)).billable).toBe(false)
      expect(await w.row('incidents', ids.incA)).toMatchObject({
        rootCause: 'product-defect',
        billing: { billable: false },
      })
    })

    it('makes a question billable once an article that already answered it is linked (R-PM-2)', async () => {
      const w = await world()
      await w.withIncident()
      await w.ok('kb.create', {
        id: ids.kbA,
        title: 'Retry settings',
        body: 'See Settings > Queue.',
        status: 'published',
      })
      await w.ok('kb.link', { articleId: ids.kbA, incidentId: ids.incA, answeredIt: true }, w.engA.next())
      const out = await w.ok(
        'timeEntry.log',
        { id: ids.entryA, incidentId: ids.incA, minutes: 15, kind: 'email' },
        w.engA.next(),
      )
      expect(out.flags).toContain('billable')
    })
  })

  describe('remote access (R-ST-6)', () => {
    it('refuses a remote session without an agreement, allows it with one, refuses it after the incident is closed', async () => {
      const w = await world()
      await w.withIncident()
      const session = (id: string) => ({
        id: tid(id),
        incidentId: ids.incA,
        minutes: 30,
        kind: 'remote-session',
      })
      const without = await w.apply('timeEntry.log', session('s1'), w.engA.next())
      expect(without).toMatchObject({
        status: 'rejected',
        error: { code: 'remote-access-required', field: 'args.kind' },
      })
      expect(without.status === 'rejected' && without.error.message).toMatch(/R-ST-6/)

      await w.ok(
        'remoteAccess.grant',
        { id: ids.agreementA, incidentId: ids.incA, grantedByContactId: ids.contactA },
        w.engA.next(),
      )
      await w.ok('timeEntry.log', session('s2'), w.engA.next())
      expect((await w.row('timeEntries', tid('s2'))).remoteAccessAgreementId).toBe(ids.agreementA)

      await w.ok('incident.resolve', { incidentId: ids.incA, resolution: 'fixed' }, w.engA.next())
      await w.ok('incident.setStatus', { incidentId: ids.incA, status: 'closed' }, w.engA.next())
      expect(await w.row('remoteAccessAgreements', ids.agreementA)).toMatchObject({
        revokedReason: 'incident-closed',
      })
      const after = await w.apply('timeEntry.log', session('s3'), w.engA.next())
      expect(after).toMatchObject({ status: 'rejected', error: { code: 'remote-access-required' } })
      // the session logged while the agreement was in force is kept
      expect((await w.row('timeEntries', tid('s2'))).deleted).toBe(false)
    })

    it('refuses a remote session after the customer revoked the agreement, and a grant on a closed incident', async () => {
      const w = await world()
      await w.withIncident()
      await w.ok('remoteAccess.grant', { id: ids.agreementA, incidentId: ids.incA }, w.engA.next())
      await w.ok('remoteAccess.revoke', { agreementId: ids.agreementA, by: 'customer' }, w.engA.next())
      const out = await w.apply(
        'timeEntry.log',
        { id: ids.entryA, incidentId: ids.incA, minutes: 30, kind: 'remote-session' },
        w.engA.next(),
      )
      expect(out).toMatchObject({ status: 'rejected', error: { code: 'remote-access-required' } })
      await w.ok('incident.resolve', { incidentId: ids.incA, resolution: 'fixed' }, w.engA.next())
      const grant = await w.apply(
        'remoteAccess.grant',
        { id: tid('agreement-2'), incidentId: ids.incA },
        w.engA.next(),
      )
      expect(grant).toMatchObject({
        status: 'rejected',
        error: { code: 'invalid-state', field: 'args.incidentId' },
      })
    })

    it('refuses a grant on a customer of another team, and one on a contact of another customer', async () => {
      const w = await world()
      await w.withIncident()
      const out = await w.apply(
        'remoteAccess.grant',
        { id: ids.agreementA, incidentId: ids.incA, grantedByContactId: ids.contactB },
        w.admin.next(),
      )
      expect(out).toMatchObject({
        status: 'rejected',
        error: { code: 'invalid', field: 'args.grantedByContactId' },
      })
    })
  })

  describe('anomalies (R-AM-2..4)', () => {
    it('refuses work on a category C anomaly until the customer accepts the estimate', async () => {
      const w = await world()
      await categoryC(w)
      const classified = await w.ok(
        'anomaly.classify',
        { anomalyId: ids.anomalyA, category: 'C' },
        w.engA.next(),
      )
      expect(classified.flags).toEqual(['cost-estimate-required'])
      const work = (id: string, kind = 'investigation') => ({
        id: tid(id),
        incidentId: ids.incA,
        minutes: 60,
        kind,
      })
      const refused = await w.apply('timeEntry.log', work('w1'), w.engA.next())
      expect(refused).toMatchObject({
        status: 'rejected',
        error: { code: 'estimate-not-accepted', field: 'args.kind' },
      })
      expect(refused.status === 'rejected' && refused.error.message).toMatch(/R-AM-3/)
      // talking to the customer about the estimate is not work on the anomaly
      await w.ok('timeEntry.log', work('call', 'phone'), w.engA.next())
      const patch = {
        anomalyId: ids.anomalyA,
        patch: { url: 'https://dl.example.test/p1', os: 'Windows', version: '9.1' },
      }
      expect(await w.apply('anomaly.linkPatch', patch, w.engA.next())).toMatchObject({
        status: 'rejected',
        error: { code: 'estimate-not-accepted' },
      })

      await w.ok(
        'anomaly.estimateCost',
        { id: ids.estimateA, anomalyId: ids.anomalyA, hours: 6, hourlyRate: 95 },
        w.engA.next(),
      )
      expect(
        await w.apply('anomaly.acceptEstimate', { estimateId: ids.estimateA }, w.engA.next()),
      ).toMatchObject({
        status: 'rejected',
        error: { code: 'invalid-state' },
      })
      await w.ok('anomaly.sendEstimate', { estimateId: ids.estimateA }, w.engA.next())
      expect((await w.apply('timeEntry.log', work('w2'), w.engA.next())).status).toBe('rejected')
      await w.ok(
        'anomaly.acceptEstimate',
        { estimateId: ids.estimateA, acceptedBy: 'Ann Admin' },
        w.engA.next(),
      )
      await w.ok('timeEntry.log', work('w3'), w.engA.next())
      await w.ok('anomaly.linkPatch', patch, w.engA.next())
    })

    it('refuses a declined estimate as a go-ahead', async () => {
      const w = await world()
      await categoryC(w)
      await w.ok('anomaly.estimateCost', {
        id: ids.estimateA,
        anomalyId: ids.anomalyA,
        hours: 6,
        hourlyRate: 95,
      })
      await w.ok('anomaly.sendEstimate', { estimateId: ids.estimateA })
      await w.ok('anomaly.declineEstimate', { estimateId: ids.estimateA })
      const out = await w.apply(
        'timeEntry.log',
        { id: ids.entryA, incidentId: ids.incA, minutes: 60, kind: 'development' },
        w.engA.next(),
      )
      expect(out).toMatchObject({ status: 'rejected', error: { code: 'estimate-not-accepted' } })
    })

    it("refuses a patch for another operating system than the license's (R-AM-4)", async () => {
      const w = await world()
      await categoryC(w)
      await w.ok('anomaly.classify', { anomalyId: ids.anomalyA, category: 'B' })
      const out = await w.apply(
        'anomaly.linkPatch',
        {
          anomalyId: ids.anomalyA,
          patch: { url: 'https://dl.example.test/p1', os: 'Linux', version: '9.1' },
        },
        w.engA.next(),
      )
      expect(out).toMatchObject({
        status: 'rejected',
        error: { code: 'patch-os-mismatch', field: 'args.patch.os' },
      })
    })

    it('covers A and B under maintenance, and flags them on a license without it', async () => {
      const w = await world()
      await categoryC(w)
      const covered = await w.ok('anomaly.classify', { anomalyId: ids.anomalyA, category: 'B' })
      expect(covered.flags).toEqual([])
      await w.ok('anomaly.report', {
        id: tid('anomaly-silver'),
        licenseId: ids.licA,
        title: 'Wrong date header',
        category: 'A',
      })
      const flagged = await w.ok('anomaly.classify', { anomalyId: tid('anomaly-silver'), category: 'A' })
      expect(flagged.flags).toEqual(['maintenance-required'])
    })
  })

  describe('installations (R-ST-7)', () => {
    it('tolerates a second installation as a migration, then suspects fraud after 30 days', async () => {
      const w = await world()
      await w.basics()
      await w.ok('installation.record', {
        id: ids.instA,
        licenseId: ids.licA,
        host: 'old',
        firstSeen: '2026-03-01T09:00:00Z',
      })
      const migrating = await w.ok(
        'installation.record',
        { id: tid('inst-new'), licenseId: ids.licA, host: 'new' },
        w.engA.next(),
      )
      expect(migrating.flags).toEqual(['migrating'])
      expect(migrating.actions).toEqual(['retire-installation'])
      w.engA.now = '2026-04-10T09:00:00.000Z'
      const fraud = await w.ok(
        'installation.recordFraudStep',
        { installationId: ids.instA, step: 'notify-customer' },
        w.engA.next(),
      )
      expect(fraud.flags).toEqual(['suspected-fraud'])
      const retired = await w.ok('installation.retire', { installationId: ids.instA }, w.engA.next())
      expect(retired.flags).toEqual([])
    })

    it('takes the fraud steps in order and disables the key last', async () => {
      const w = await world()
      await suspectedFraud(w)
      const early = await w.apply(
        'installation.recordFraudStep',
        { installationId: ids.instA, step: 'disable-key' },
        w.engA.next(),
      )
      expect(early).toMatchObject({
        status: 'rejected',
        error: { code: 'invalid-state', field: 'args.step' },
      })
      for (const step of ['notify-customer', 'notify-fraud-team', 'call-customer', 'disable-key']) {
        await w.ok('installation.recordFraudStep', { installationId: ids.instA, step }, w.engA.next())
      }
      expect((await w.row('licenses', ids.licA)).keyDisabledAt).toBe(NOW)
    })

    it('refuses a fraud step on a license that is not suspected', async () => {
      const w = await world()
      await w.basics()
      await w.ok('installation.record', { id: ids.instA, licenseId: ids.licA, host: 'only' })
      const out = await w.apply(
        'installation.recordFraudStep',
        { installationId: ids.instA, step: 'notify-customer' },
        w.engA.next(),
      )
      expect(out).toMatchObject({ status: 'rejected', error: { code: 'invalid-state' } })
    })
  })
}
