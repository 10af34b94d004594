import { describe, expect, it } from 'vitest'
import {
  editionUpgradePrice,
  isLegacyVersion,
  patchApplies,
  serverLicenseCheck,
  transferAllowed,
  versionSupport,
  versionUpgradeCost,
} from './index'

describe('licenses', () => {
  it('R-SA-1: one license per server; installations may not outnumber the licenses bought', () => {
    expect(serverLicenseCheck({ licensesBought: 2, servers: 2 })).toMatchObject({ ok: true, missing: 0 })
    const short = serverLicenseCheck({ licensesBought: 2, servers: 3 })
    expect(short).toMatchObject({ ok: false, missing: 1 })
    expect(short.reasons[0]!.ruleId).toBe('R-SA-1')
    expect(() => serverLicenseCheck({ licensesBought: -1, servers: 1 })).toThrow(/^licensesBought: /)
  })

  it('R-ST-5: a major is legacy once two later majors exist (current 12 → 10 and older)', () => {
    expect(isLegacyVersion(12, 12)).toBe(false)
    expect(isLegacyVersion(12, 11)).toBe(false)
    expect(isLegacyVersion(12, 10)).toBe(true)
    expect(isLegacyVersion(12, 3)).toBe(true)
  })

  it('R-ST-5: hotfixes only for the latest version; an older one resolves as upgrade required, still supported with M&S', () => {
    expect(versionSupport({ currentMajor: 12, major: 12, activeMaintenance: true })).toMatchObject({
      legacy: false,
      supported: true,
      hotfixAvailable: true,
      bugResolution: 'hotfix',
    })
    expect(versionSupport({ currentMajor: 12, major: 10, activeMaintenance: true })).toMatchObject({
      legacy: true,
      supported: true,
      hotfixAvailable: false,
      bugResolution: 'upgrade-required',
    })
    const lapsed = versionSupport({ currentMajor: 12, major: 11, activeMaintenance: false })
    expect(lapsed).toMatchObject({ legacy: false, supported: false, bugResolution: 'upgrade-required' })
    expect(lapsed.reasons.map((r) => r.ruleId)).toEqual(['R-ST-5', 'R-ST-1'])
  })

  it('R-ST-8: an edition upgrade within the same major costs the price difference; across majors it is not one', () => {
    const prices = { Free: 0, Professional: 299, Enterprise: 699.5 }
    expect(
      editionUpgradePrice({
        fromEdition: 'Professional',
        toEdition: 'Enterprise',
        fromMajor: 12,
        toMajor: 12,
        prices,
      }),
    ).toMatchObject({
      ok: true,
      price: 400.5,
    })
    const across = editionUpgradePrice({
      fromEdition: 'Professional',
      toEdition: 'Enterprise',
      fromMajor: 11,
      toMajor: 12,
      prices,
    })
    expect(across).toMatchObject({ ok: false, ruleId: 'R-ST-8' })
    expect(across.ok === false && across.reason).toContain('not an edition upgrade')
    expect(
      editionUpgradePrice({
        fromEdition: 'Enterprise',
        toEdition: 'Professional',
        fromMajor: 12,
        toMajor: 12,
        prices,
      }).ok,
    ).toBe(false)
    expect(
      editionUpgradePrice({
        fromEdition: 'Enterprise',
        toEdition: 'Enterprise',
        fromMajor: 12,
        toMajor: 12,
        prices,
      }).ok,
    ).toBe(false)
  })

  it('R-ST-8: fixes, patches and minors within the major are free; a major is free with active upgrade protection', () => {
    expect(versionUpgradeCost({ fromMajor: 12, toMajor: 12, activeMaintenance: false })).toMatchObject({
      free: true,
    })
    expect(versionUpgradeCost({ fromMajor: 11, toMajor: 12, activeMaintenance: true })).toMatchObject({
      free: true,
    })
    expect(versionUpgradeCost({ fromMajor: 11, toMajor: 12, activeMaintenance: false })).toMatchObject({
      free: false,
      ruleId: 'R-ST-8',
    })
  })

  it('R-ST-9: a transfer to another organisation needs recorded written consent for that organisation', () => {
    expect(transferAllowed({ fromCustomerId: 'a', toCustomerId: 'a', consent: null }).allowed).toBe(true)
    const refused = transferAllowed({ fromCustomerId: 'a', toCustomerId: 'b', consent: null })
    expect(refused.allowed).toBe(false)
    expect(refused.reasons[0]!.ruleId).toBe('R-ST-9')
    expect(
      transferAllowed({
        fromCustomerId: 'a',
        toCustomerId: 'b',
        consent: { toCustomerId: 'b', reference: 'ST-2026-114' },
      }).allowed,
    ).toBe(true)
    expect(
      transferAllowed({
        fromCustomerId: 'a',
        toCustomerId: 'b',
        consent: { toCustomerId: 'c', reference: 'ST-2026-114' },
      }).allowed,
    ).toBe(false)
    expect(() =>
      transferAllowed({
        fromCustomerId: 'a',
        toCustomerId: 'b',
        consent: { toCustomerId: 'b', reference: '' },
      }),
    ).toThrow(/^consent\.reference: /)
  })

  it('R-AM-4: patches and upgrades are delivered for the license’s own operating system only', () => {
    expect(patchApplies('Windows', ' windows ')).toBe(true)
    expect(patchApplies('windows', 'linux')).toBe(false)
  })

  it('bad input: majors that are negative, fractional or later than the current one; missing prices; empty OS', () => {
    expect(() => isLegacyVersion(-1, 0)).toThrow(/^currentMajor: /)
    expect(() => isLegacyVersion(12, 1.5)).toThrow(/^major: /)
    expect(() => isLegacyVersion(12, 13)).toThrow(/^major: 13 is later than the current major/)
    expect(() => versionSupport({ currentMajor: 12, major: 10, activeMaintenance: 'yes' as never })).toThrow(
      /^activeMaintenance: /,
    )
    expect(() =>
      editionUpgradePrice({
        fromEdition: 'Pro',
        toEdition: 'Enterprise',
        fromMajor: 12,
        toMajor: 12,
        prices: { Enterprise: 1 },
      }),
    ).toThrow(/^prices\.Pro: /)
    expect(() =>
      editionUpgradePrice({
        fromEdition: 'Pro',
        toEdition: 'Ent',
        fromMajor: 12,
        toMajor: 12,
        prices: { Pro: 1, Ent: -2 },
      }),
    ).toThrow(/^prices\.Ent: /)
    expect(() =>
      editionUpgradePrice({ fromEdition: '', toEdition: 'Ent', fromMajor: 12, toMajor: 12, prices: {} }),
    ).toThrow(/^fromEdition: /)
    expect(() => versionUpgradeCost({ fromMajor: 12, toMajor: 11, activeMaintenance: true })).toThrow(
      /^toMajor: /,
    )
    expect(() => patchApplies('', 'linux')).toThrow(/^licenseOs: /)
    expect(() => patchApplies('linux', undefined as never)).toThrow(/^patchOs: /)
  })
})
