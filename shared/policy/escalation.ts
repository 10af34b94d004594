import type { Plan, Reason, Severity } from '../domain'
import { PolicyInputError } from './errors'
import { HOUR_MS, formatInstant, openedAndNow, parseInstant } from './instants'
import { optionsOf, planOf, severityOf } from './plans'

export interface Escalation {
  /** 0 = not escalated */
  level: number
  role: string | null
  /** when the next level is reached if still unresolved; null at the top or when there is no ladder */
  nextAt: string | null
  /** who speaks to the customer throughout, when the plan names one */
  contactRole: string | null
  reasons: Reason[]
}

/**
 * R-SA-6: every full `everyHours` (48) open raises one level, on the calendar clock; at exactly 48 h the level
 * is 1; the last level is where it stays. A resolved incident stops where it was at resolution.
 */
export function escalation(
  plan: Plan,
  severity: Severity,
  openedAt: string,
  now: string,
  opts?: { resolvedAt?: string | null },
): Escalation {
  const p = planOf(plan)
  const sev = severityOf(severity)
  const { opened, at } = openedAndNow(openedAt, now)
  const o = optionsOf(opts, 'opts')
  const resolved = o.resolvedAt == null ? null : parseInstant(o.resolvedAt, 'opts.resolvedAt')
  if (resolved !== null && resolved < opened) {
    throw new PolicyInputError('opts.resolvedAt', `${String(o.resolvedAt)} is before openedAt (${openedAt})`)
  }
  const ladder = p.escalation
  if (ladder === null || !ladder.severities.includes(sev)) {
    const why =
      ladder === null
        ? `${p.label} has no escalation path`
        : `only ${ladder.severities.join(', ')} incidents escalate`
    return {
      level: 0,
      role: null,
      nextAt: null,
      contactRole: null,
      reasons: [{ ruleId: ladder?.ruleId ?? p.coverageRuleId, message: `Not escalated: ${why}.` }],
    }
  }
  const step = ladder.everyHours * HOUR_MS
  const until = resolved !== null && resolved < at ? resolved : at
  const top = ladder.roles.length
  const level = Math.min(top, Math.floor((until - opened) / step))
  const role = level === 0 ? null : ladder.roles[level - 1]!
  const nextAt = level < top && until === at ? formatInstant(opened + (level + 1) * step) : null
  const open = `open for ${Math.floor((until - opened) / HOUR_MS)} hours`
  const message =
    level === 0
      ? `Not escalated yet (${open}); it escalates every ${ladder.everyHours} hours it stays unresolved.`
      : `Escalated to level ${level}, ${role} (${open}). The ${ladder.contactRole.toLowerCase()} stays the customer's contact.`
  return {
    level,
    role,
    nextAt,
    contactRole: ladder.contactRole,
    reasons: [{ ruleId: ladder.ruleId, message }],
  }
}
