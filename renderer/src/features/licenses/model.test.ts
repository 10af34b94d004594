import { describe, expect, it } from 'vitest'
import type { Installation, License } from '@shared/domain'
import {
  MIGRATION_GRACE_DAYS,
  emptyFilter,
  filterLicenses,
  fraudStepsView,
  hasActiveMaintenance,
  installationsView,
  judgedAt,
  licenseListRows,
  transferCheck,
  upgradeQuote,
  versionBadge,
} from './model'

const DAY = 86_400_000
const now = Date.parse('2026-11-22T12:00:00.000Z')
const ago = (days: number) => new Date(now - days * DAY).toISOString()
const noFraud = {
  customerNotifiedAt: null,
  fraudTeamNotifiedAt: null,
  customerCalledAt: null,
  keyDisabledAt: null,
}

function inst(id: string, firstSeen: string, retiredAt: string | null = null): Installation {
  return {
    id,
    version: 1,
    licenseId: 'L',
    host: id,
    firstSeen,
    lastSeen: null,
    retiredAt,
    fraud: noFraud,
  } as Installation
}

const license = (over: Partial<License> = {}): License =>
  ({
    id: 'L',
    version: 1,
    customerId: 'C1',
    product: 'SmarterMail',
    edition: 'Standard',
    major: 16,
    minor: 0,
    currentMajor: 16,
    os: 'windows',
    failover: false,
    purchasedAt: '2025-01-01',
    licenseKey: 'K-1',
    keyDisabledAt: null,
    transferConsent: null,
    ...over,
  }) as License

describe('versionBadge (R-ST-5)', () => {
  it('is legacy once two later majors exist', () => {
    expect(versionBadge({ major: 12, currentMajor: 12 })).toBe('current')
    expect(versionBadge({ major: 11, currentMajor: 12 })).toBe('older')
    expect(versionBadge({ major: 10, currentMajor: 12 })).toBe('legacy')
    // bad data (a major after the current one) is shown, not crashed on
    expect(versionBadge({ major: 13, currentMajor: 12 })).toBe('current')
  })
})

describe('installationsView (R-ST-7)', () => {
  it('one installation is ok; none is "none"', () => {
    expect(installationsView(license(), [], now).state).toBe('none')
    const v = installationsView(license(), [inst('a', ago(40))], now)
    expect(v.state).toBe('ok')
    expect(v.countdown).toBeNull()
  })

  it('a second one starts the grace countdown from the overlap, in whole days left', () => {
    const v = installationsView(license(), [inst('old', ago(40)), inst('new', ago(18))], now)
    expect(v.state).toBe('migrating')
    expect(v.daysLeft).toBe(MIGRATION_GRACE_DAYS - 18)
    expect(v.countdown).toBe('12 days left to retire the old installation')
    expect(v.active.map((i) => i.id)).toEqual(['old', 'new'])
    // a few hours into the last day still says 1 day, singular
    const last = installationsView(license(), [inst('old', ago(40)), inst('new', ago(29.8))], now)
    expect(last.countdown).toBe('1 day left to retire the old installation')
  })

  it('retiring the old one ends the migration; failover allows two', () => {
    const v = installationsView(license(), [inst('old', ago(40), ago(1)), inst('new', ago(18))], now)
    expect(v.state).toBe('ok')
    expect(v.retired.map((i) => i.id)).toEqual(['old'])
    expect(
      installationsView(license({ failover: true }), [inst('a', ago(40)), inst('b', ago(18))], now).state,
    ).toBe('ok')
  })

  it('after the grace period it is suspected fraud, recorded on the newest active installation', () => {
    const v = installationsView(license(), [inst('old', ago(60)), inst('new', ago(45))], now)
    expect(v.state).toBe('suspected-fraud')
    expect(v.countdown).toBeNull()
    expect(v.fraudTarget?.id).toBe('new')
  })
})

describe('judgedAt', () => {
  it('is the view clock, or a later retirement or installation the engine just wrote', () => {
    expect(judgedAt(now, [inst('a', ago(3))])).toBe(now)
    const later = new Date(now + 20_000).toISOString()
    expect(judgedAt(now, [inst('a', ago(3), later)])).toBe(now + 20_000)
    // judged at the tick, a server retired 20 s later would still count as active
    const stale = installationsView(license(), [inst('old', ago(40), later), inst('new', ago(18))], now)
    expect(stale.state).toBe('migrating')
    const fresh = installationsView(
      license(),
      [inst('old', ago(40), later), inst('new', ago(18))],
      judgedAt(now, [inst('old', ago(40), later)]),
    )
    expect(fresh.state).toBe('ok')
  })
})

describe('fraudStepsView', () => {
  it('offers the steps in R-ST-7 order, each once what it needs is done', () => {
    expect(fraudStepsView(noFraud).map((s) => s.ready)).toEqual([true, false, false, false])
    const notified = { ...noFraud, customerNotifiedAt: ago(1) }
    expect(fraudStepsView(notified).map((s) => [s.doneAt !== null, s.ready])).toEqual([
      [true, false],
      [false, true],
      [false, true],
      [false, false],
    ])
    expect(fraudStepsView({ ...notified, fraudTeamNotifiedAt: ago(1) })[3]!.ready).toBe(true)
  })
})

describe('hasActiveMaintenance', () => {
  it('needs an active subscription covering today', () => {
    const today = '2026-11-22'
    expect(hasActiveMaintenance([{ status: 'active', start: '2026-01-01', end: '2026-12-31' }], today)).toBe(
      true,
    )
    expect(hasActiveMaintenance([{ status: 'active', start: '2025-01-01', end: '2025-12-31' }], today)).toBe(
      false,
    )
    expect(hasActiveMaintenance([{ status: 'lapsed', start: '2026-01-01', end: null }], today)).toBe(false)
    expect(hasActiveMaintenance([{ status: 'active', start: '2026-01-01', end: null }], today)).toBe(true)
  })
})

describe('the list', () => {
  const rows = licenseListRows(
    [
      license({ id: 'a', major: 14 }),
      license({ id: 'b', customerId: 'C2', product: 'AddOnMail', failover: true }),
    ],
    new Map([
      ['C1', 'Zeta Co'],
      ['C2', 'Acme Mail'],
    ]),
    new Map([['a', [inst('x', ago(40)), inst('y', ago(10))]]]),
    now,
  )
  it('rows carry the customer name, the badge and the installation state, sorted by customer', () => {
    expect(rows.map((r) => [r.customer, r.badge, r.state])).toEqual([
      ['Acme Mail', 'current', 'none'],
      ['Zeta Co', 'legacy', 'migrating'],
    ])
  })
  it('filters by search, version, state and failover', () => {
    expect(filterLicenses(rows, { ...emptyFilter, q: 'zeta' }).map((r) => r.id)).toEqual(['a'])
    expect(filterLicenses(rows, { ...emptyFilter, version: 'legacy' }).map((r) => r.id)).toEqual(['a'])
    expect(filterLicenses(rows, { ...emptyFilter, state: 'migrating' }).map((r) => r.id)).toEqual(['a'])
    expect(filterLicenses(rows, { ...emptyFilter, failover: 'yes' }).map((r) => r.id)).toEqual(['b'])
    expect(filterLicenses(rows, { ...emptyFilter, product: 'AddOnMail' }).map((r) => r.id)).toEqual(['b'])
  })
})

describe('upgradeQuote (R-ST-8)', () => {
  const base = {
    fromEdition: 'Standard',
    fromMajor: 16,
    toEdition: 'Enterprise',
    toMajor: '16',
    fromPrice: '300',
    toPrice: '750',
    activeMaintenance: false,
  }
  it('within a major: the price difference', () => {
    const q = upgradeQuote(base)
    expect(q.kind === 'quote' && q.edition).toMatchObject({ ok: true, price: 450, ruleId: 'R-ST-8' })
    expect(q.kind === 'quote' && q.version).toBeNull()
  })
  it('across majors: not an edition upgrade, and the major costs what M&S says', () => {
    const q = upgradeQuote({ ...base, toMajor: '17' })
    expect(q.kind === 'quote' && q.edition).toMatchObject({ ok: false, ruleId: 'R-ST-8' })
    expect(q.kind === 'quote' && q.version).toMatchObject({ free: false, ruleId: 'R-ST-8' })
    const withMs = upgradeQuote({ ...base, toMajor: '17', activeMaintenance: true })
    expect(withMs.kind === 'quote' && withMs.version?.free).toBe(true)
  })
  it('names the bad field', () => {
    expect(upgradeQuote({ ...base, toPrice: 'lots' })).toMatchObject({ kind: 'error', field: 'toPrice' })
    expect(upgradeQuote({ ...base, fromPrice: '' })).toMatchObject({ kind: 'error', field: 'fromPrice' })
    expect(upgradeQuote({ ...base, toMajor: '15' })).toMatchObject({ kind: 'error', field: 'toMajor' })
    expect(upgradeQuote({ ...base, toEdition: ' ' })).toMatchObject({ kind: 'error', field: 'toEdition' })
  })
})

describe('transferCheck (R-ST-9)', () => {
  it('refuses without consent for that customer, allows with it', () => {
    expect(transferCheck(license(), 'C2')).toMatchObject({ allowed: false })
    const consent = { toCustomerId: 'C2', recordedAt: ago(1), reference: 'Letter 12' }
    expect(transferCheck(license({ transferConsent: consent }), 'C2').allowed).toBe(true)
    expect(transferCheck(license({ transferConsent: consent }), 'C3').allowed).toBe(false)
  })
})
