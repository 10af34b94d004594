import type { Reason } from '../domain'
import {
  PolicyInputError,
  requireArray,
  requireBoolean,
  requireNumber,
  requireObject,
  requireString,
} from './errors'
import { DAY_MS, formatInstant, parseInstant } from './instants'

/** R-ST-7: how long several installations are tolerated while migrating servers. */
export const MIGRATION_GRACE_DAYS = 30

export type InstallationAction =
  'retire-installation' | 'notify-customer' | 'notify-fraud-team' | 'call-customer' | 'disable-key'

export interface InstallationState {
  state: 'ok' | 'migrating' | 'suspected-fraud'
  graceEndsAt: string | null
  /** in the order of R-ST-7 */
  actions: InstallationAction[]
  /** when the current overlap began; null when there is none */
  overlapSince: string | null
  active: string[]
  reasons: Reason[]
}

/**
 * R-ST-7: one active installation per license, two with failover (a primary and its standby). More are
 * tolerated for 30 days from the start of the current overlap; after that the license is suspected fraud.
 */
export function installationStatus(input: {
  failover: boolean
  installations: Array<{ id: string; firstSeen: string; retiredAt?: string | null }>
  now: string
  allowedActive?: number
}): InstallationState {
  const i = requireObject(input, 'input')
  const failover = requireBoolean(i.failover, 'failover')
  const now = parseInstant(i.now, 'now')
  const allowed =
    i.allowedActive === undefined
      ? failover
        ? 2
        : 1
      : requireNumber(i.allowedActive, 'allowedActive', { integer: true, min: 1 })
  const events: Array<{ at: number; delta: number }> = []
  const active: string[] = []
  requireArray(i.installations, 'installations').forEach((raw, n) => {
    const inst = requireObject(raw, `installations.${n}`)
    const id = requireString(inst.id, `installations.${n}.id`)
    const seen = parseInstant(inst.firstSeen, `installations.${n}.firstSeen`)
    const retired =
      inst.retiredAt == null ? null : parseInstant(inst.retiredAt, `installations.${n}.retiredAt`)
    if (retired !== null && retired < seen) {
      throw new PolicyInputError(
        `installations.${n}.retiredAt`,
        `${String(inst.retiredAt)} is before firstSeen`,
      )
    }
    if (seen > now) return
    events.push({ at: seen, delta: 1 })
    if (retired !== null && retired <= now) events.push({ at: retired, delta: -1 })
    else active.push(id)
  })
  // a retirement and an installation at the same instant are a swap, not an overlap
  events.sort((a, b) => a.at - b.at || a.delta - b.delta)
  let count = 0
  let since: number | null = null
  for (const e of events) {
    count += e.delta
    if (count > allowed && since === null) since = e.at
    if (count <= allowed) since = null
  }
  const limit = `${allowed} active installation${allowed === 1 ? '' : 's'}${failover ? ' (failover)' : ''}`
  if (since === null) {
    return {
      state: 'ok',
      graceEndsAt: null,
      actions: [],
      overlapSince: null,
      active,
      reasons: [{ ruleId: 'R-ST-7', message: `${active.length} of the ${limit} allowed.` }],
    }
  }
  const graceEnds = since + MIGRATION_GRACE_DAYS * DAY_MS
  const base = { graceEndsAt: formatInstant(graceEnds), overlapSince: formatInstant(since), active }
  if (now < graceEnds) {
    const message = `${active.length} active installations where ${limit} are allowed: tolerated as a server migration until ${formatInstant(graceEnds)}. Retire the old installation before then.`
    return {
      ...base,
      state: 'migrating',
      actions: ['retire-installation'],
      reasons: [{ ruleId: 'R-ST-7', message }],
    }
  }
  const message = `${active.length} active installations for more than ${MIGRATION_GRACE_DAYS} days: the license is suspected fraud. Notify the customer by email, notify the fraud team and try to call the customer; unresolved, the key is disabled.`
  return {
    ...base,
    state: 'suspected-fraud',
    actions: ['notify-customer', 'notify-fraud-team', 'call-customer', 'disable-key'],
    reasons: [{ ruleId: 'R-ST-7', message }],
  }
}
