/**
 * Who is in the demo organisation: its customers (what they bought and which team looks after them), the people
 * at each customer, and the words incidents are written in. Data only; demo.ts turns it into mutations.
 *
 * The first twenty customers are fixed so that every preset plan is sold to someone (a vendor's add-on
 * contracts beside its maintenance), and the e2e specs can lean on a few of them: Acme Mail is a Silver customer
 * of the Mail Desk, Initech Mail a PerfectMail customer with a 10-hour support pack.
 */

/** A product line per seed vendor. */
export const productLines = {
  SMTPmail: { product: 'SMTPmail', edition: 'Standard', major: 5, currentMajor: 5 },
  SmarterMail: { product: 'SmarterMail', edition: 'Enterprise', major: 16, currentMajor: 16 },
  AddOnMail: { product: 'AddOnMail', edition: 'Server', major: 9, currentMajor: 9 },
  PerfectMail: { product: 'PerfectMail', edition: 'Appliance', major: 4, currentMajor: 4 },
} as const

export type ProductLine = keyof typeof productLines

export interface CustomerProfile {
  line: ProductLine
  /** the plans of its subscriptions, the first one the main contract */
  plans: readonly string[]
  team: 'desk' | 'enterprise'
  /** hosted customers and partners have no license of their own (R-ST-2) */
  licensed: boolean
  /** bought less than a month ago (the AddOnMail warranty runs 30 days from purchase) */
  recent?: boolean
}

/** Customer c of the demo is customerProfiles[c % 20]; the names keep the order of the first demo. */
export const customerProfiles: readonly CustomerProfile[] = [
  { line: 'SMTPmail', plans: ['softartisans-silver'], team: 'desk', licensed: true },
  { line: 'SmarterMail', plans: ['smartertools-mns'], team: 'desk', licensed: true },
  {
    line: 'AddOnMail',
    plans: ['addonmail-maintenance', 'addonmail-sor'],
    team: 'enterprise',
    licensed: true,
  },
  { line: 'PerfectMail', plans: ['perfectmail-standard'], team: 'desk', licensed: true },
  { line: 'SMTPmail', plans: ['softartisans-gold'], team: 'desk', licensed: true },
  { line: 'SmarterMail', plans: ['smartertools-hosted'], team: 'enterprise', licensed: false },
  { line: 'AddOnMail', plans: ['addonmail-warranty'], team: 'desk', licensed: true, recent: true },
  { line: 'PerfectMail', plans: ['perfectmail-standard'], team: 'desk', licensed: true },
  { line: 'SMTPmail', plans: ['softartisans-platinum'], team: 'enterprise', licensed: true },
  { line: 'SmarterMail', plans: ['smartertools-partner'], team: 'desk', licensed: false },
  { line: 'AddOnMail', plans: ['addonmail-websupport-plus'], team: 'desk', licensed: true },
  { line: 'PerfectMail', plans: ['perfectmail-standard'], team: 'enterprise', licensed: true },
  { line: 'SMTPmail', plans: ['softartisans-maintenance'], team: 'desk', licensed: true },
  { line: 'SmarterMail', plans: ['smartertools-mns'], team: 'desk', licensed: true },
  { line: 'AddOnMail', plans: ['addonmail-extended-call-access'], team: 'enterprise', licensed: true },
  { line: 'PerfectMail', plans: ['perfectmail-standard'], team: 'desk', licensed: true },
  { line: 'SMTPmail', plans: ['softartisans-gold'], team: 'desk', licensed: true },
  { line: 'SmarterMail', plans: ['smartertools-mns'], team: 'enterprise', licensed: true },
  {
    line: 'AddOnMail',
    plans: ['addonmail-maintenance', 'addonmail-easy-develop'],
    team: 'desk',
    licensed: true,
  },
  { line: 'PerfectMail', plans: ['perfectmail-standard'], team: 'desk', licensed: true },
]

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

export function customerName(c: number): string {
  const word = companyWords[c % companyWords.length]!
  const kind = companyKinds[Math.floor(c / companyWords.length) % companyKinds.length]!
  return `${word} ${kind}${c >= 200 ? ` ${Math.floor(c / 200)}` : ''}`
}

export const people = [
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
export const surnames = [
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

/** An e-mail address without accents, at the customer's own domain (so mail threads to the right customer). */
export function emailOf(name: string, company: string): string {
  const ascii = (s: string) =>
    s
      .normalize('NFD')
      .replace(/[\u0300-\u036f]/g, '')
      .toLowerCase()
  const [first, last] = name.split(' ')
  return `${ascii(first ?? name)}.${ascii(last ?? '')}@${ascii(company).replace(/\s+/g, '-')}.example.com`
}

export const subjects = [
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
  'Bounces from a partner domain',
  'Calendar invites arrive twice',
  'TLS handshake errors after the certificate renewal',
  'Shared mailbox permissions lost',
  'Archive search returns nothing',
]
export const descriptions = [
  'Reported by phone; details in the timeline.',
  'Started this morning after the nightly maintenance window. Several users affected.',
  'Customer attached the delivery log excerpt; only external recipients seem affected.',
  'Happens on every server of the cluster since the last update.',
  'One department only; the others are fine. Customer asks for a call back.',
]
export const categories = [
  'question',
  'bug-report',
  'mail-flow-investigation',
  'system-maintenance',
  'feature-request',
  'unrelated-configuration',
  'delegated-administration',
  'feedback',
] as const
export const firstAnswers = [
  'Thanks for the report. Could you send the delivery log of the last hour?',
  'We are looking into it; a workaround is to restart the queue service.',
  'This matches a known issue; the hotfix is on its way, details below.',
  'Could you confirm the version and the operating system of the server?',
]
export const askCustomer = 'We need the full message headers of one affected mail to go on.'
export const kbTopics = [
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
