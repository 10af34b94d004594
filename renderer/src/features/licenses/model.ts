/**
 * What the license screens show, computed from rows and `now` with the shared rules (R-ST-5, R-ST-7, R-ST-8,
 * R-ST-9): pure, so the badges, the countdown and the quote are unit-tested without a browser.
 */
import type { Installation, License, Reason, Subscription } from '@shared/domain'
import {
  MIGRATION_GRACE_DAYS,
  PolicyInputError,
  editionUpgradePrice,
  installationStatus,
  isLegacyVersion,
  transferAllowed,
  versionUpgradeCost,
  type EditionUpgrade,
  type InstallationState,
} from '@shared/policy'

const DAY_MS = 86_400_000

/** R-ST-5 for one license: legacy once two later majors exist; bad data (major > current) is not legacy. */
export function versionBadge(
  license: Pick<License, 'major' | 'currentMajor'>,
): 'current' | 'older' | 'legacy' {
  if (license.major === license.currentMajor) return 'current'
  try {
    return isLegacyVersion(license.currentMajor, license.major) ? 'legacy' : 'older'
  } catch (error) {
    if (error instanceof PolicyInputError) return 'current'
    throw error
  }
}

/**
 * The time to judge installations at: the view's clock ticks once a minute, but a retirement or an installation
 * just recorded carries the engine's newer clock; judging before it would still count it (a retired server
 * shown as active until the next tick).
 */
export function judgedAt(
  tick: number,
  installations: Iterable<Pick<Installation, 'firstSeen' | 'retiredAt'>>,
): number {
  let latest = tick
  for (const i of installations) latest = Math.max(latest, Date.parse(i.retiredAt ?? i.firstSeen))
  return latest
}

export type InstallState = 'none' | InstallationState['state']

export interface InstallationsView {
  state: InstallState
  status: InstallationState
  active: Installation[]
  retired: Installation[]
  /** whole days left before a migration turns into suspected fraud (rounded up); null when not migrating */
  daysLeft: number | null
  /** "12 days left to retire the old installation" */
  countdown: string | null
  /** the installation the R-ST-7 fraud steps are recorded on: the newest active one */
  fraudTarget: Installation | null
}

export function installationsView(
  license: Pick<License, 'failover'>,
  installations: readonly Installation[],
  now: number,
): InstallationsView {
  const status = installationStatus({
    failover: license.failover,
    installations: installations.map((i) => ({ id: i.id, firstSeen: i.firstSeen, retiredAt: i.retiredAt })),
    now: new Date(now).toISOString(),
  })
  const byFirstSeen = [...installations].sort((a, b) => Date.parse(a.firstSeen) - Date.parse(b.firstSeen))
  const active = byFirstSeen.filter((i) => status.active.includes(i.id))
  const retired = byFirstSeen.filter((i) => !status.active.includes(i.id))
  let daysLeft: number | null = null
  let countdown: string | null = null
  if (status.state === 'migrating' && status.graceEndsAt) {
    daysLeft = Math.max(1, Math.ceil((Date.parse(status.graceEndsAt) - now) / DAY_MS))
    countdown = `${daysLeft} day${daysLeft === 1 ? '' : 's'} left to retire the old installation`
  }
  return {
    state: installations.length === 0 ? 'none' : status.state,
    status,
    active,
    retired,
    daysLeft,
    countdown,
    fraudTarget: status.state === 'suspected-fraud' ? (active[active.length - 1] ?? null) : null,
  }
}

export const installStateLabel: Record<InstallState, string> = {
  none: 'No installation',
  ok: 'OK',
  migrating: 'Migrating',
  'suspected-fraud': 'Suspected fraud',
}

/** R-ST-7's steps in order, the field each one stamps, and which must be done before it (as the mutator checks). */
export const fraudSteps = [
  { step: 'notify-customer', label: 'Notify the customer by email', field: 'customerNotifiedAt', needs: [] },
  {
    step: 'notify-fraud-team',
    label: 'Notify the fraud team',
    field: 'fraudTeamNotifiedAt',
    needs: ['customerNotifiedAt'],
  },
  {
    step: 'call-customer',
    label: 'Try to call the customer',
    field: 'customerCalledAt',
    needs: ['customerNotifiedAt'],
  },
  {
    step: 'disable-key',
    label: 'Disable the license key',
    field: 'keyDisabledAt',
    needs: ['customerNotifiedAt', 'fraudTeamNotifiedAt'],
  },
] as const

export type FraudField = (typeof fraudSteps)[number]['field']

export interface FraudStepView {
  step: (typeof fraudSteps)[number]['step']
  label: string
  doneAt: string | null
  /** it can be recorded now: not done, and what must come first is done */
  ready: boolean
}

export function fraudStepsView(fraud: Record<FraudField, string | null> | null): FraudStepView[] {
  return fraudSteps.map((s) => {
    const doneAt = fraud?.[s.field] ?? null
    return {
      step: s.step,
      label: s.label,
      doneAt,
      ready: doneAt === null && s.needs.every((n) => Boolean(fraud?.[n])),
    }
  })
}

/** Active Maintenance & Support today: a subscription of the license that is active and covers `today`. */
export function hasActiveMaintenance(
  subscriptions: ReadonlyArray<Pick<Subscription, 'status' | 'start' | 'end'>>,
  today: string,
): boolean {
  return subscriptions.some(
    (s) => s.status === 'active' && s.start <= today && (s.end === null || s.end >= today),
  )
}

// ---- the list ---------------------------------------------------------------------------------------------

export interface LicenseListRow {
  id: string
  customerId: string
  customer: string
  product: string
  edition: string
  major: number
  version: string
  badge: 'current' | 'older' | 'legacy'
  os: string
  failover: boolean
  state: InstallState
  keyDisabled: boolean
  licenseKey: string
}

export function licenseListRows(
  licenses: readonly License[],
  customerNames: ReadonlyMap<string, string>,
  installationsByLicense: ReadonlyMap<string, Installation[]>,
  now: number,
): LicenseListRow[] {
  return licenses
    .map((l) => ({
      id: l.id,
      customerId: l.customerId,
      customer: customerNames.get(l.customerId) ?? '(unknown customer)',
      product: l.product,
      edition: l.edition,
      major: l.major,
      version: `${l.major}.${l.minor}`,
      badge: versionBadge(l),
      os: l.os,
      failover: l.failover,
      state: installationsView(l, installationsByLicense.get(l.id) ?? [], now).state,
      keyDisabled: l.keyDisabledAt !== null,
      licenseKey: l.licenseKey,
    }))
    .sort(
      (a, b) =>
        a.customer.localeCompare(b.customer) || a.product.localeCompare(b.product) || a.major - b.major,
    )
}

export interface LicenseFilter {
  q: string
  product: string
  version: '' | 'current' | 'older' | 'legacy'
  state: '' | InstallState
  failover: '' | 'yes' | 'no'
}

export const emptyFilter: LicenseFilter = { q: '', product: '', version: '', state: '', failover: '' }

export function filterLicenses(rows: readonly LicenseListRow[], f: LicenseFilter): LicenseListRow[] {
  const q = f.q.trim().toLowerCase()
  return rows.filter(
    (r) =>
      (!q ||
        [r.customer, r.product, r.edition, r.os, r.licenseKey, r.version].some((v) =>
          v.toLowerCase().includes(q),
        )) &&
      (!f.product || r.product === f.product) &&
      (!f.version || r.badge === f.version) &&
      (!f.state || r.state === f.state) &&
      (!f.failover || r.failover === (f.failover === 'yes')),
  )
}

// ---- upgrade quote (R-ST-8) ----------------------------------------------------------------------------

export interface QuoteInput {
  fromEdition: string
  fromMajor: number
  toEdition: string
  /** as typed */
  toMajor: string
  fromPrice: string
  toPrice: string
  activeMaintenance: boolean
}

export type Quote =
  | { kind: 'error'; field: string; message: string }
  | { kind: 'quote'; edition: EditionUpgrade; version: ReturnType<typeof versionUpgradeCost> | null }

function amount(text: string, field: string, label: string): number | { field: string; message: string } {
  if (text.trim() === '') return { field, message: `${label}: enter a price.` }
  const n = Number(text)
  if (!Number.isFinite(n) || n < 0)
    return { field, message: `${label}: "${text}" is not a price (a number, 0 or more).` }
  return n
}

/**
 * The edition-upgrade price (R-ST-8) and, across majors, what the major upgrade costs: the prices come from
 * the vendor's price list, typed in; a bad entry is named by its field.
 */
export function upgradeQuote(i: QuoteInput): Quote {
  const toEdition = i.toEdition.trim()
  if (!toEdition) return { kind: 'error', field: 'toEdition', message: 'Target edition: enter an edition.' }
  const toMajor = Number(i.toMajor)
  if (i.toMajor.trim() === '' || !Number.isInteger(toMajor) || toMajor < 0)
    return { kind: 'error', field: 'toMajor', message: `Target major: "${i.toMajor}" is not a whole number.` }
  if (toMajor < i.fromMajor)
    return {
      kind: 'error',
      field: 'toMajor',
      message: `Target major: ${toMajor} is earlier than the license's version ${i.fromMajor}.`,
    }
  const fromPrice = amount(i.fromPrice, 'fromPrice', `Price of ${i.fromEdition}`)
  if (typeof fromPrice !== 'number') return { kind: 'error', ...fromPrice }
  const toPrice = amount(i.toPrice, 'toPrice', `Price of ${toEdition}`)
  if (typeof toPrice !== 'number') return { kind: 'error', ...toPrice }
  const prices: Record<string, number> = { [i.fromEdition]: fromPrice }
  if (toEdition !== i.fromEdition) prices[toEdition] = toPrice
  const edition = editionUpgradePrice({
    fromEdition: i.fromEdition,
    toEdition,
    fromMajor: i.fromMajor,
    toMajor,
    prices,
  })
  const version =
    toMajor !== i.fromMajor
      ? versionUpgradeCost({ fromMajor: i.fromMajor, toMajor, activeMaintenance: i.activeMaintenance })
      : null
  return { kind: 'quote', edition, version }
}

// ---- transfer (R-ST-9) ---------------------------------------------------------------------------------

/** Whether the transfer may go ahead now, and the rule's words; checked here before anything is sent. */
export function transferCheck(
  license: Pick<License, 'customerId' | 'transferConsent'>,
  toCustomerId: string,
): { allowed: boolean; reasons: Reason[] } {
  return transferAllowed({
    fromCustomerId: license.customerId,
    toCustomerId,
    consent: license.transferConsent
      ? { toCustomerId: license.transferConsent.toCustomerId, reference: license.transferConsent.reference }
      : null,
  })
}

export { MIGRATION_GRACE_DAYS }
