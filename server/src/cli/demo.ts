/**
 * `demo [--scale N]`: a demo organisation, built through the mutators (exactly what the app would write):
 * the plans and calendars of all five seed documents, two teams, users `admin` and `engineer`, and about 20
 * customers with contacts, licenses, installations, subscriptions, incidents, time entries, support packs,
 * anomaly reports and KB articles. `--scale N` makes N incidents with everything else in proportion (for
 * benchmarks). Names and choices come from a seeded generator, so two runs build the same organisation.
 */
import { randomBytes } from 'node:crypto'
import { v7 as uuidv7 } from 'uuid'
import { mutators } from '@shared/mutations/registry'
import type { MutationCall } from '@shared/mutations/types'
import { presets } from '@shared/policy'
import { addTeam, addUser } from '../auth/users'
import type { Db } from '../db/connect'
import { applyAllOrNothing, TrustedApplyError } from '../sync/apply-trusted'
import { cliPrincipal } from './system-user'

/** mulberry32: small, fast, good enough for demo data */
function rng(seed: number): () => number {
  let a = seed >>> 0
  return () => {
    a = (a + 0x6d2b79f5) >>> 0
    let t = a
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

const companyWords = [
  'Acme',
  'Northwind',
  'Globex',
  'Initech',
  'Umbrella',
  'Hooli',
  'Vandelay',
  'Stark',
  'Wayne',
  'Tyrell',
  'Cyberdyne',
  'Soylent',
  'Wonka',
  'Gringotts',
  'Oceanic',
  'Monarch',
  'Aperture',
  'Massive',
  'Blue Sun',
  'Dunder',
]
const companyKinds = [
  'Mail',
  'Logistics',
  'Hosting',
  'Legal',
  'Health',
  'Media',
  'Foods',
  'Bank',
  'Retail',
  'Energy',
]
const people = [
  'Ada',
  'Brian',
  'Chloé',
  'Dmitri',
  'Esther',
  'Farid',
  'Grace',
  'Hiro',
  'Inès',
  'Jonas',
  'Kemi',
  'Lars',
  'Mona',
  'Nadia',
  'Omar',
  'Priya',
]
const surnames = [
  'Moreau',
  'Okafor',
  'Schmidt',
  'Tanaka',
  'Silva',
  'Novak',
  'Dubois',
  'Kowalski',
  'Haddad',
  'Larsen',
]
const subjects = [
  'Mail stuck in the outbound queue',
  'Spam filter flags newsletters',
  'Cannot activate license key',
  'Webmail login loops',
  'Attachments over 10 MB rejected',
  'DKIM signature fails',
  'Upgrade from v11 breaks rules',
  'Mailbox quota warnings',
  'POP3 service stops nightly',
  'Slow delivery to Outlook.com',
]
const categories = [
  'question',
  'bug-report',
  'mail-flow-investigation',
  'system-maintenance',
  'feature-request',
  'unrelated-configuration',
  'delegated-administration',
  'feedback',
]
const kbTopics = [
  'Configuring SPF, DKIM and DMARC',
  'Moving a license to a new server',
  'Reading the delivery log',
  'Whitelisting a sender',
  'Backing up mailboxes',
  'Renewing maintenance',
  'Why an incident is billable',
  'Emergency support: what it costs',
  'Raising the attachment size limit',
  'Installing a hotfix',
]

/** A product line per seed vendor, with the plans sold for it. */
const productLines = [
  {
    product: 'SMTPmail',
    edition: 'Standard',
    major: 5,
    currentMajor: 5,
    plans: ['softartisans-silver', 'softartisans-gold', 'softartisans-platinum', 'softartisans-maintenance'],
  },
  { product: 'SmarterMail', edition: 'Enterprise', major: 16, currentMajor: 16, plans: ['smartertools-mns'] },
  { product: 'AddOnMail', edition: 'Server', major: 9, currentMajor: 9, plans: ['addonmail-maintenance'] },
  {
    product: 'PerfectMail',
    edition: 'Appliance',
    major: 4,
    currentMajor: 4,
    plans: ['perfectmail-standard'],
  },
]

function call(name: string, args: unknown): MutationCall {
  const m = mutators[name]
  if (!m) throw new Error(`demo: no mutator ${name}`)
  return { name, mv: m.version, args }
}

const dayMs = 86_400_000
const isoDate = (ms: number): string => new Date(ms).toISOString().slice(0, 10)

export interface DemoOptions {
  scale?: number | undefined
  /** progress lines (for big scales) */
  progress?: (message: string) => void
  now?: Date
}

/** Every mutation of the demo organisation, in an order that satisfies their references. */
export function demoCalls(
  teams: { desk: string; enterprise: string },
  incidents: number,
  now: Date,
): MutationCall[] {
  const random = rng(4870)
  const pick = <T>(list: readonly T[]): T => list[Math.floor(random() * list.length)] as T
  const nowMs = now.getTime()
  const calls: MutationCall[] = []
  for (const calendar of Object.values(presets.calendars)) calls.push(call('calendar.save', { calendar }))
  for (const plan of Object.values(presets.plans)) calls.push(call('plan.save', { plan }))
  for (const [i, title] of kbTopics.entries()) {
    calls.push(
      call('kb.create', {
        id: uuidv7(),
        title,
        body: `How to: ${title.toLowerCase()}.`,
        tags: ['demo'],
        status: i % 4 === 0 ? 'draft' : 'published',
      }),
    )
  }

  const customerCount = Math.max(20, Math.round(incidents / 3))
  let incidentsLeft = incidents
  for (let c = 0; c < customerCount; c++) {
    const customerId = uuidv7()
    const line = productLines[c % productLines.length]!
    const planId = line.plans[Math.floor(c / productLines.length) % line.plans.length]!
    const name = `${companyWords[c % companyWords.length]} ${companyKinds[Math.floor(c / companyWords.length) % companyKinds.length]}${c >= 200 ? ` ${Math.floor(c / 200)}` : ''}`
    calls.push(
      call('customer.create', { id: customerId, name, teamId: c % 3 === 2 ? teams.enterprise : teams.desk }),
    )
    const contacts = [uuidv7(), uuidv7()]
    for (const [k, contactId] of contacts.entries()) {
      const first = pick(people)
      const last = pick(surnames)
      calls.push(
        call('contact.add', {
          id: contactId,
          customerId,
          name: `${first} ${last}`,
          email: `${first}.${last}.${c}.${k}@example.com`
            .toLowerCase()
            .normalize('NFD')
            .replace(/[\u0300-\u036f]/g, ''),
          named: k === 0,
        }),
      )
    }
    const licenseId = uuidv7()
    const purchased = isoDate(nowMs - (60 + Math.floor(random() * 240)) * dayMs)
    calls.push(
      call('license.add', {
        id: licenseId,
        customerId,
        product: line.product,
        edition: line.edition,
        major: line.major,
        currentMajor: line.currentMajor,
        os: 'windows',
        purchasedAt: purchased,
      }),
    )
    calls.push(call('subscription.buy', { id: uuidv7(), customerId, licenseId, planId, start: purchased }))
    calls.push(
      call('installation.record', {
        id: uuidv7(),
        licenseId,
        host: `mx${c}.example.com`,
        firstSeen: new Date(Date.parse(purchased) + dayMs).toISOString(),
      }),
    )
    const packId = line.product === 'PerfectMail' ? uuidv7() : null
    if (packId)
      calls.push(
        call('supportPack.purchase', {
          id: packId,
          customerId,
          minutes: 600,
          label: '10-hour pack',
          purchasedAt: purchased,
        }),
      )

    // spread the incidents evenly over the customers
    const mine = Math.ceil(incidentsLeft / (customerCount - c))
    incidentsLeft -= mine
    for (let i = 0; i < mine; i++) {
      const incidentId = uuidv7()
      const openedAt = new Date(nowMs - Math.floor(random() * 50 * dayMs)).toISOString()
      calls.push(
        call('incident.open', {
          id: incidentId,
          customerId,
          contactId: contacts[0],
          licenseId,
          subject: pick(subjects),
          description: 'Reported by phone; details in the timeline.',
          severity: random() < 0.15 ? 'priority' : 'standard',
          category: pick(categories),
          openedAt,
        }),
      )
      if ((c + i) % 2 === 0) {
        calls.push(
          call('timeEntry.log', {
            id: uuidv7(),
            incidentId,
            minutes: 15 + Math.floor(random() * 6) * 15,
            kind: pick(['investigation', 'email', 'phone']),
            startedAt: openedAt,
            note: 'Looked into it.',
          }),
        )
      }
      if ((c * 7 + i) % 10 === 3)
        calls.push(
          call('anomaly.report', {
            id: uuidv7(),
            licenseId,
            incidentId,
            title: `Defect: ${pick(subjects).toLowerCase()}`,
            category: pick(['A', 'B', 'C']),
          }),
        )
      if ((c + i) % 4 === 1)
        calls.push(
          call('incident.resolve', {
            incidentId,
            resolution: pick(['fixed', 'answered', 'workaround']),
            note: 'Confirmed with the customer.',
          }),
        )
    }
  }
  return calls
}

async function ensureTeam(db: Db, name: string): Promise<string> {
  const existing = await db.read.selectFrom('teams').select('id').where('name', '=', name).executeTakeFirst()
  return existing?.id ?? (await addTeam(db.write, name)).id
}

export async function loadDemo(db: Db, options: DemoOptions): Promise<string> {
  const incidents = options.scale ?? 60
  const now = options.now ?? new Date()
  const desk = await ensureTeam(db, 'Mail Desk')
  const enterprise = await ensureTeam(db, 'Enterprise Accounts')
  const lines: string[] = []
  const password = process.env.CASELOAD_DEMO_PASSWORD || randomBytes(9).toString('base64url')
  for (const [username, role, teams] of [
    ['admin', 'admin', []],
    ['engineer', 'engineer', ['Mail Desk']],
  ] as const) {
    const exists = await db.read
      .selectFrom('users')
      .select('id')
      .where('username', '=', username)
      .executeTakeFirst()
    if (exists) {
      lines.push(`User ${username} already exists; its password is unchanged.`)
      continue
    }
    await addUser(db.write, { username, password, role, teams: [...teams] })
    lines.push(
      `User ${username} (${role})${process.env.CASELOAD_DEMO_PASSWORD ? ' with the password from CASELOAD_DEMO_PASSWORD' : ` password: ${password}`}`,
    )
  }

  const calls = demoCalls({ desk, enterprise }, incidents, now)
  const batch = 500
  const run = { principal: cliPrincipal('demo'), clientId: 'cli:demo', now }
  for (let i = 0; i < calls.length; i += batch) {
    try {
      await applyAllOrNothing(db, run, calls.slice(i, i + batch))
    } catch (error) {
      if (error instanceof TrustedApplyError) {
        const failed = calls[i + error.index]!
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
