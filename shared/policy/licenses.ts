import type { Reason } from '../domain'
import {
  PolicyInputError,
  quote,
  requireBoolean,
  requireNumber,
  requireObject,
  requireString,
} from './errors'

function major(value: unknown, field: string): number {
  return requireNumber(value, field, { integer: true, min: 0 })
}

function majors(currentMajor: unknown, version: unknown): [number, number] {
  const current = major(currentMajor, 'currentMajor')
  const m = major(version, 'major')
  if (m > current)
    throw new PolicyInputError('major', `${m} is later than the current major version ${current}`)
  return [current, m]
}

/** R-ST-5: a major is legacy once two later majors exist (current 12 → 10 and older). */
export function isLegacyVersion(currentMajor: number, major: number): boolean {
  const [current, m] = majors(currentMajor, major)
  return m <= current - 2
}

export interface VersionSupport {
  legacy: boolean
  /** technical support is given: with active M&S, on any version (R-ST-5); without, community only (R-ST-1) */
  supported: boolean
  /** hotfixes exist only for the current major */
  hotfixAvailable: boolean
  /** how a bug confirmed on this version is resolved */
  bugResolution: 'hotfix' | 'upgrade-required'
  reasons: Reason[]
}

export function versionSupport(input: {
  currentMajor: number
  major: number
  activeMaintenance: boolean
}): VersionSupport {
  const i = requireObject(input, 'input')
  const [current, m] = majors(i.currentMajor, i.major)
  const active = requireBoolean(i.activeMaintenance, 'activeMaintenance')
  const legacy = m <= current - 2
  const latest = m === current
  const reasons: Reason[] = [
    {
      ruleId: 'R-ST-5',
      message: latest
        ? `Version ${m} is the current major version; bugs are fixed by hotfix.`
        : `Version ${m} is ${legacy ? 'a legacy' : 'an older'} version (current: ${current}); hotfixes exist only for the latest version, so a confirmed bug needs an upgrade.`,
    },
    active
      ? {
          ruleId: 'R-ST-5',
          message: 'Maintenance & Support is active, so technical support is given on this version.',
        }
      : {
          ruleId: 'R-ST-1',
          message: 'Without active Maintenance & Support the license is limited to community support.',
        },
  ]
  return {
    legacy,
    supported: active,
    hotfixAvailable: latest,
    bugResolution: latest ? 'hotfix' : 'upgrade-required',
    reasons,
  }
}

export type EditionUpgrade =
  | { ok: true; price: number; ruleId: string; reasons: Reason[] }
  | { ok: false; reason: string; ruleId: string; reasons: Reason[] }

function refused(reason: string): EditionUpgrade {
  return { ok: false, reason, ruleId: 'R-ST-8', reasons: [{ ruleId: 'R-ST-8', message: reason }] }
}

/** R-ST-8: within the same major an edition upgrade costs the price difference; across majors it is not one. */
export function editionUpgradePrice(input: {
  fromEdition: string
  toEdition: string
  fromMajor: number
  toMajor: number
  prices: Record<string, number>
}): EditionUpgrade {
  const i = requireObject(input, 'input')
  const from = requireString(i.fromEdition, 'fromEdition')
  const to = requireString(i.toEdition, 'toEdition')
  const fromMajor = major(i.fromMajor, 'fromMajor')
  const toMajor = major(i.toMajor, 'toMajor')
  const prices = requireObject(i.prices, 'prices')
  const price = (edition: string) =>
    Object.hasOwn(prices, edition)
      ? requireNumber(prices[edition], `prices.${edition}`, { min: 0 })
      : (() => {
          throw new PolicyInputError(`prices.${edition}`, `no price for the ${quote(edition)} edition`)
        })()
  const [fromPrice, toPrice] = [price(from), price(to)]
  if (fromMajor !== toMajor) {
    return refused(
      `Moving from version ${fromMajor} to ${toMajor} is a major upgrade, not an edition upgrade.`,
    )
  }
  if (from === to) return refused(`The license is already the ${from} edition.`)
  if (toPrice < fromPrice) return refused(`${to} costs less than ${from}: that is not an upgrade.`)
  const difference = Math.round((toPrice - fromPrice) * 100) / 100
  const message = `Upgrading from ${from} to ${to} within version ${fromMajor} costs the price difference, ${difference}.`
  return { ok: true, price: difference, ruleId: 'R-ST-8', reasons: [{ ruleId: 'R-ST-8', message }] }
}

/** R-ST-8: fixes, patches and minors within the current major are free; a major is free with active M&S. */
export function versionUpgradeCost(input: {
  fromMajor: number
  toMajor: number
  activeMaintenance: boolean
}): {
  free: boolean
  ruleId: string
  reason: string
} {
  const i = requireObject(input, 'input')
  const from = major(i.fromMajor, 'fromMajor')
  const to = major(i.toMajor, 'toMajor')
  const active = requireBoolean(i.activeMaintenance, 'activeMaintenance')
  if (to < from) throw new PolicyInputError('toMajor', `${to} is earlier than fromMajor ${from}`)
  if (to === from)
    return {
      free: true,
      ruleId: 'R-ST-8',
      reason: `Bug fixes, patches and minor versions within version ${from} are free.`,
    }
  return active
    ? {
        free: true,
        ruleId: 'R-ST-8',
        reason: `Version ${to} is free with active upgrade protection (Maintenance & Support).`,
      }
    : {
        free: false,
        ruleId: 'R-ST-8',
        reason: `Version ${to} is a major upgrade; without active Maintenance & Support it is paid.`,
      }
}

/** R-AM-4: patches and upgrades are delivered for the license's own operating system only. */
export function patchApplies(licenseOs: string, patchOs: string): boolean {
  const norm = (v: unknown, field: string) => requireString(v, field).trim().toLowerCase()
  return norm(licenseOs, 'licenseOs') === norm(patchOs, 'patchOs')
}

/** R-SA-1: one license per server; run-time royalty free, so nothing is owed per deployment beyond that. */
export function serverLicenseCheck(input: { licensesBought: number; servers: number }): {
  ok: boolean
  missing: number
  reasons: Reason[]
} {
  const i = requireObject(input, 'input')
  const bought = requireNumber(i.licensesBought, 'licensesBought', { integer: true, min: 0 })
  const servers = requireNumber(i.servers, 'servers', { integer: true, min: 0 })
  const missing = Math.max(0, servers - bought)
  const message =
    missing === 0
      ? `${servers} server(s) and ${bought} license(s): one license per server is respected (no run-time royalty).`
      : `${servers} servers need ${servers} licenses (one per server); ${missing} more must be bought.`
  return { ok: missing === 0, missing, reasons: [{ ruleId: 'R-SA-1', message }] }
}

/** R-ST-9: a license moves to another organisation only with the vendor's recorded written consent. */
export function transferAllowed(input: {
  fromCustomerId: string
  toCustomerId: string
  consent: { toCustomerId: string; reference: string } | null
}): { allowed: boolean; reasons: Reason[] } {
  const i = requireObject(input, 'input')
  const from = requireString(i.fromCustomerId, 'fromCustomerId')
  const to = requireString(i.toCustomerId, 'toCustomerId')
  if (from === to)
    return {
      allowed: true,
      reasons: [{ ruleId: 'R-ST-9', message: 'The license stays with the same organisation.' }],
    }
  if (i.consent == null) {
    return {
      allowed: false,
      reasons: [
        {
          ruleId: 'R-ST-9',
          message: 'Licenses are not transferable without written consent from the vendor; record it first.',
        },
      ],
    }
  }
  const consent = requireObject(i.consent, 'consent')
  const reference = requireString(consent.reference, 'consent.reference')
  if (requireString(consent.toCustomerId, 'consent.toCustomerId') !== to) {
    return {
      allowed: false,
      reasons: [
        { ruleId: 'R-ST-9', message: `The written consent (${reference}) is for another organisation.` },
      ],
    }
  }
  return {
    allowed: true,
    reasons: [{ ruleId: 'R-ST-9', message: `Transfer allowed with written consent ${reference}.` }],
  }
}
