/**
 * `demo [--scale N]`: a demo organisation, built through the mutators (exactly what the app would write): the
 * plans and calendars of all five seed documents, every preset plan sold to a customer, two teams with an
 * engineer each (`engineer` on the Mail Desk, `morgan` on Enterprise Accounts) and `admin`, 20 customers with
 * four contacts each (three named), licenses, installations, subscriptions, support packs, KB articles, anomaly
 * reports, and 60 incidents with their answers, time entries and resolutions. `--scale N` makes N incidents with
 * everything else in proportion (for benchmarks).
 *
 * It is made relative to the instant it is loaded, so a newcomer's queue looks like a working day: incidents
 * breached, at risk, due later today and waiting on the customer, beside work in progress and a history of
 * resolved ones. Each call runs at the instant it would have happened (an incident is opened at its openedAt,
 * answered and resolved later), so deadlines come from shared/policy as for any incident, late answers are late,
 * and the reports read a real history. Where the hours make a state impossible at that instant (nothing of a
 * business-hours plan can be due later today on a Sunday), the incident moves to a plan whose hours allow it
 * (Platinum's 24x7 business-critical target), and only if none does is it simply due later.
 * Names and choices come from a seeded generator, so two runs at the same instant build the same organisation.
 */
import { randomBytes } from 'node:crypto'
import { v7 as uuidv7 } from 'uuid'
import type { Severity } from '@shared/domain'
import { mutators } from '@shared/mutations/registry'
import type { MutationCall } from '@shared/mutations/types'
import { presets } from '@shared/policy'
import { seededRandom } from '@shared/random/seeded-random'
import { addTeam, addUser } from '../auth/users'
import type { Db } from '../db/connect'
import { applyAllOrNothing, TrustedApplyError } from '../sync/apply-trusted'
import { openingFor, type LiveState } from './demo-deadlines'
import {
  askCustomer,
  categories,
  customerName,
  customerProfiles,
  descriptions,
  emailOf,
  firstAnswers,
  kbTopics,
  people,
  productLines,
  subjects,
  surnames,
  type CustomerProfile,
} from './demo-org'
import { cliPrincipal } from './system-user'

/** A mutation and the instant it runs at. */
export interface TimedCall {
  call: MutationCall
  at: Date
}

function call(name: string, args: unknown): MutationCall {
  const m = mutators[name]
  if (!m) throw new Error(`demo: no mutator ${name}`)
  return { name, mv: m.version, args }
}

const minuteMs = 60_000
const hourMs = 3_600_000
const dayMs = 86_400_000
const isoDate = (ms: number): string => new Date(ms).toISOString().slice(0, 10)

/**
 * What an incident of the demo is doing now. `history`: answered and resolved; `progress`: answered, still
 * open; `waiting`: answered and waiting on the customer (its SLA clock paused); `new`: just in, on a plan with no
 * response commitment; the live states: not answered, and its response deadline where the name says.
 */
type Role = 'history' | 'progress' | 'waiting' | 'new' | LiveState

/** Three incidents per customer of the first twenty, [role, amount] (amount: see openingFor). */
const pattern: readonly (readonly [Role, number?])[][] = [
  [['breached', 26 * 60], ['history'], ['due-later']],
  [['breached', 90], ['at-risk', 20], ['history']],
  [['waiting'], ['history'], ['history']],
  [['progress'], ['history'], ['history']],
  [['at-risk', 35], ['due-today', 150], ['history']],
  [['due-today', 180], ['history'], ['waiting']],
  [['new'], ['history'], ['history']],
  [['waiting'], ['history'], ['progress']],
  [
    ['at-risk', 25],
    ['due-today', 110],
    ['breached', 200],
  ],
  [['progress'], ['history'], ['history']],
  [['history'], ['new'], ['history']],
  [['progress'], ['history'], ['history']],
  [['breached', 600], ['history'], ['waiting']],
  [['due-today', 200], ['at-risk', 45], ['history']],
  [['history'], ['waiting'], ['progress']],
  [['history'], ['history'], ['new']],
  [['breached', 2 * 24 * 60], ['progress'], ['history']],
  [['due-later'], ['history'], ['progress']],
  [['history'], ['history'], ['progress']],
  [['history'], ['waiting'], ['history']],
]
const slots = pattern.flatMap((roles, c) => roles.map(([role, amount]) => ({ c, role, amount: amount ?? 0 })))

/**
 * Where an unanswered incident goes when its own customer's hours can't put it in its state now: first the
 * Platinum customer (business-critical is 24x7), then the other customers with a response commitment.
 */
const fallbackCustomers = [8, 13, 1, 17, 4, 16, 5, 9, 0, 12]

function severityFor(profile: CustomerProfile, role: Role): Severity {
  if (profile.plans[0] === 'softartisans-platinum' && (role === 'at-risk' || role === 'due-today'))
    return 'business-critical'
  return profile.line === 'SmarterMail' && role === 'at-risk' ? 'priority' : 'standard'
}

export interface DemoUsers {
  /** the engineer of each team */
  desk: string
  enterprise: string
}

export interface DemoOptions {
  scale?: number | undefined
  /** progress lines (for big scales) */
  progress?: (message: string) => void
  /** the instant the demo is made (default: the clock) */
  now?: Date
  /** the zone whose day "due later today" means (default: this machine's) */
  zone?: string
}

interface CustomerMade {
  id: string
  profile: CustomerProfile
  licenseId: string | null
  /** its named contacts, who open its incidents */
  named: string[]
  purchasedMs: number
}

/** Every mutation of the demo organisation at its instant, in an order that satisfies their references. */
export function demoCalls(
  teams: { desk: string; enterprise: string },
  users: DemoUsers,
  incidents: number,
  now: Date,
  zone: string,
): TimedCall[] {
  const random = seededRandom(4870)
  const pick = <T>(list: readonly T[]): T => list[Math.floor(random() * list.length)] as T
  const nowMs = Math.floor(now.getTime() / minuteMs) * minuteMs
  const out: TimedCall[] = []
  const at = (ms: number, name: string, args: unknown) =>
    out.push({ call: call(name, args), at: new Date(Math.min(ms, nowMs)) })

  const setUp = nowMs - 400 * dayMs
  for (const calendar of Object.values(presets.calendars)) at(setUp, 'calendar.save', { calendar })
  for (const plan of Object.values(presets.plans)) at(setUp, 'plan.save', { plan })
  for (const [i, title] of kbTopics.entries()) {
    at(setUp + i * dayMs, 'kb.create', {
      id: uuidv7(),
      title,
      body: `How to: ${title.toLowerCase()}.`,
      tags: ['demo'],
      status: i % 4 === 0 ? 'draft' : 'published',
    })
  }

  const customerCount = Math.max(20, Math.round(incidents / 3))
  const customers: CustomerMade[] = []
  for (let c = 0; c < customerCount; c++) {
    const profile = customerProfiles[c % customerProfiles.length]!
    const line = productLines[profile.line]
    const id = uuidv7()
    const name = customerName(c)
    const purchasedMs = profile.recent
      ? nowMs - 12 * dayMs
      : nowMs - (60 + Math.floor(random() * 240)) * dayMs
    const purchased = isoDate(purchasedMs)
    at(purchasedMs, 'customer.create', {
      id,
      name,
      teamId: profile.team === 'enterprise' ? teams.enterprise : teams.desk,
    })
    const licenseId = profile.licensed ? uuidv7() : null
    if (licenseId) {
      at(purchasedMs, 'license.add', {
        id: licenseId,
        customerId: id,
        ...line,
        os: 'windows',
        purchasedAt: purchased,
      })
      at(purchasedMs + dayMs, 'installation.record', {
        id: uuidv7(),
        licenseId,
        host: `mx${c}.example.com`,
        firstSeen: new Date(purchasedMs + dayMs).toISOString(),
      })
    }
    for (const planId of profile.plans)
      at(purchasedMs, 'subscription.buy', {
        id: uuidv7(),
        customerId: id,
        licenseId,
        planId,
        start: purchased,
      })
    if (profile.line === 'PerfectMail')
      at(purchasedMs, 'supportPack.purchase', {
        id: uuidv7(),
        customerId: id,
        minutes: 600,
        label: '10-hour pack',
        purchasedAt: purchased,
      })
    // four different people, the first three named (every preset cap allows three)
    const first = Math.floor(random() * people.length)
    const named: string[] = []
    for (let k = 0; k < 4; k++) {
      const contactId = uuidv7()
      const person = `${people[(first + k * 5) % people.length]} ${pick(surnames)}`
      at(purchasedMs + k * hourMs, 'contact.add', {
        id: contactId,
        customerId: id,
        name: person,
        email: emailOf(person, name),
        phone: `+1 555 01${String((c * 4 + k) % 100).padStart(2, '0')}`,
        named: k < 3,
      })
      if (k < 3) named.push(contactId)
    }
    customers.push({ id, profile, licenseId, named, purchasedMs })
  }

  const openings = new Map<string, number | null>()
  const openingOf = (customer: CustomerMade, state: LiveState, amount: number) => {
    const planId = customer.profile.plans[0]!
    const plan = presets.plans[planId]
    if (!plan) throw new Error(`demo: no preset plan ${planId}`)
    const severity = severityFor(customer.profile, state)
    const key = `${planId} ${severity} ${state} ${amount}`
    if (!openings.has(key)) openings.set(key, openingFor({ plan, severity, now: nowMs, zone }, state, amount))
    return { openedAt: openings.get(key) ?? null, severity }
  }

  for (let i = 0; i < incidents; i++) {
    const slot = slots[i % slots.length]!
    const block = Math.floor(i / slots.length)
    let customer = customers[(block * customerProfiles.length + slot.c) % customerCount]!
    const role = slot.role
    let severity: Severity = severityFor(customer.profile, role)
    let openedAt: number
    if (role === 'breached' || role === 'at-risk' || role === 'due-today' || role === 'due-later') {
      const own = customer
      let found = openingOf(customer, role, slot.amount)
      for (const other of fallbackCustomers) {
        if (found.openedAt !== null) break
        customer = customers[(block * customerProfiles.length + other) % customerCount]!
        found = openingOf(customer, role, slot.amount)
      }
      if (found.openedAt === null) customer = own // nothing can be in that state now: fresh, and due later
      severity = found.openedAt === null ? severityFor(own.profile, 'due-later') : found.severity
      openedAt = found.openedAt ?? nowMs
    } else if (role === 'new') {
      openedAt = nowMs - (10 + Math.floor(random() * 170)) * minuteMs
    } else {
      // history over the last 50 days (since the purchase for a recent customer), ongoing work over the last week
      const back = role === 'history' ? 3 + random() * 47 : 1 + random() * 6
      openedAt = Math.max(nowMs - Math.floor(back * dayMs), customer.purchasedMs + dayMs)
    }
    const live = role === 'at-risk' || role === 'due-today' || role === 'due-later' || role === 'new'
    const assigneeId = live
      ? customer.profile.team === 'enterprise' && role !== 'new' && role !== 'due-later'
        ? users.enterprise
        : null
      : customer.profile.team === 'enterprise'
        ? users.enterprise
        : users.desk
    const incidentId = uuidv7()
    const subject = pick(subjects)
    at(openedAt, 'incident.open', {
      id: incidentId,
      customerId: customer.id,
      contactId: customer.named[i % customer.named.length],
      licenseId: customer.licenseId,
      subject,
      description: pick(descriptions),
      severity,
      category: pick(categories),
      openedAt: new Date(openedAt).toISOString(),
      assigneeId,
    })
    if (role !== 'history' && role !== 'progress' && role !== 'waiting') continue

    // answered some minutes to a few hours later, within the time left before now
    const answeredAt = Math.min(openedAt + (10 + Math.floor(random() * 230)) * minuteMs, nowMs - 2 * hourMs)
    at(answeredAt, 'incident.respond', { id: uuidv7(), incidentId, body: pick(firstAnswers) })
    const minutes = 15 + Math.floor(random() * 6) * 15
    if ((i + slot.c) % 3 !== 0)
      at(answeredAt + minutes * minuteMs, 'timeEntry.log', {
        id: uuidv7(),
        incidentId,
        minutes,
        kind: pick(['investigation', 'email', 'phone']),
        startedAt: new Date(answeredAt).toISOString(),
        note: 'Looked into it.',
      })
    if (customer.licenseId && i % 7 === 3)
      at(answeredAt + hourMs, 'anomaly.report', {
        id: uuidv7(),
        licenseId: customer.licenseId,
        incidentId,
        title: `Defect: ${pick(subjects).toLowerCase()}`,
        category: pick(['A', 'B', 'C']),
      })
    if (role === 'waiting') {
      const askedAt = Math.min(answeredAt + hourMs, nowMs - hourMs)
      at(askedAt, 'incident.comment', {
        id: uuidv7(),
        incidentId,
        body: askCustomer,
        visibility: 'external',
      })
      at(askedAt, 'incident.setStatus', { incidentId, status: 'waiting-on-customer' })
    }
    if (role === 'history')
      at(
        Math.min(answeredAt + (2 + Math.floor(random() * 70)) * hourMs, nowMs - hourMs),
        'incident.resolve',
        {
          incidentId,
          resolution: pick(['fixed', 'answered', 'workaround']),
          note: 'Confirmed with the customer.',
        },
      )
  }
  return out
}

async function ensureTeam(db: Db, name: string): Promise<string> {
  const existing = await db.read.selectFrom('teams').select('id').where('name', '=', name).executeTakeFirst()
  return existing?.id ?? (await addTeam(db.write, name)).id
}

export async function loadDemo(db: Db, options: DemoOptions): Promise<string> {
  const incidents = options.scale ?? 60
  const now = options.now ?? new Date()
  const zone = options.zone ?? Intl.DateTimeFormat().resolvedOptions().timeZone
  const desk = await ensureTeam(db, 'Mail Desk')
  const enterprise = await ensureTeam(db, 'Enterprise Accounts')
  const lines: string[] = []
  const password = process.env.CASELOAD_DEMO_PASSWORD || randomBytes(9).toString('base64url')
  const ids = new Map<string, string>()
  for (const [username, role, teams] of [
    ['admin', 'admin', []],
    ['engineer', 'engineer', ['Mail Desk']],
    ['morgan', 'engineer', ['Enterprise Accounts']],
  ] as const) {
    const exists = await db.read
      .selectFrom('users')
      .select('id')
      .where('username', '=', username)
      .executeTakeFirst()
    if (exists) {
      ids.set(username, exists.id)
      lines.push(`User ${username} already exists; its password is unchanged.`)
      continue
    }
    ids.set(username, (await addUser(db.write, { username, password, role, teams: [...teams] }, now)).id)
    lines.push(
      `User ${username} (${role}${teams.length ? `, ${teams.join(', ')}` : ''})${process.env.CASELOAD_DEMO_PASSWORD ? ' with the password from CASELOAD_DEMO_PASSWORD' : ` password: ${password}`}`,
    )
  }

  const calls = demoCalls(
    { desk, enterprise },
    { desk: ids.get('engineer')!, enterprise: ids.get('morgan')! },
    incidents,
    now,
    zone,
  )
  const batch = 500
  for (let i = 0; i < calls.length; i += batch) {
    const slice = calls.slice(i, i + batch)
    const run = {
      principal: cliPrincipal('demo'),
      clientId: 'cli:demo',
      now,
      nowOf: (index: number) => slice[index]!.at,
    }
    try {
      await applyAllOrNothing(
        db,
        run,
        slice.map((c) => c.call),
      )
    } catch (error) {
      if (error instanceof TrustedApplyError) {
        const failed = slice[error.index]!.call
        throw new Error(
          `demo: ${failed.name} was refused (${error.error.code}${error.error.field ? ` ${error.error.field}` : ''}): ${error.error.message}`,
        )
      }
      throw error
    }
    options.progress?.(`demo: ${Math.min(i + batch, calls.length)}/${calls.length} mutations`)
  }
  lines.unshift(`Demo organisation loaded: ${incidents} incidents, ${calls.length} mutations in all.`)
  return lines.join('\n')
}

/** For `serve --demo-if-empty` (npm start): loads the demo only into a database without users. */
export async function loadDemoIfEmpty(db: Db): Promise<string | undefined> {
  const anyUser = await db.read.selectFrom('users').select('id').limit(1).executeTakeFirst()
  if (anyUser) return undefined
  return loadDemo(db, {})
}
