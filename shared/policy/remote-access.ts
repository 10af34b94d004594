import type { Reason } from '../domain'
import { PolicyInputError, requireArray, requireObject, requireString } from './errors'
import { parseInstant } from './instants'

/**
 * R-ST-6: a remote session needs an agreement (RSAA) on that very incident, granted before the session and not
 * revoked; closing the incident revokes it.
 */
export function remoteAccessAllowed(input: {
  incidentId: string
  incidentClosedAt?: string | null
  agreements: Array<{ id: string; incidentId: string; grantedAt: string; revokedAt?: string | null }>
  at: string
}): { allowed: boolean; agreementId: string | null; reasons: Reason[] } {
  const i = requireObject(input, 'input')
  const incidentId = requireString(i.incidentId, 'incidentId')
  const at = parseInstant(i.at, 'at')
  const closed = i.incidentClosedAt == null ? null : parseInstant(i.incidentClosedAt, 'incidentClosedAt')
  const deny = (message: string) => ({
    allowed: false,
    agreementId: null,
    reasons: [{ ruleId: 'R-ST-6', message }],
  })
  if (closed !== null && closed <= at)
    return deny('The incident is closed, which revoked its remote access agreement.')
  let revokedOne = false
  for (const [n, raw] of requireArray(i.agreements, 'agreements').entries()) {
    const a = requireObject(raw, `agreements.${n}`)
    const id = requireString(a.id, `agreements.${n}.id`)
    const granted = parseInstant(a.grantedAt, `agreements.${n}.grantedAt`)
    const revoked = a.revokedAt == null ? null : parseInstant(a.revokedAt, `agreements.${n}.revokedAt`)
    if (revoked !== null && revoked < granted)
      throw new PolicyInputError(`agreements.${n}.revokedAt`, 'is before grantedAt')
    if (requireString(a.incidentId, `agreements.${n}.incidentId`) !== incidentId || granted > at) continue
    if (revoked !== null && revoked <= at) {
      revokedOne = true
      continue
    }
    return {
      allowed: true,
      agreementId: id,
      reasons: [{ ruleId: 'R-ST-6', message: 'The customer granted remote access for this incident.' }],
    }
  }
  return deny(
    revokedOne
      ? 'The customer revoked remote access for this incident; ask for a new agreement.'
      : 'Remote access needs a Remote Server Access Agreement on this very incident; none is in force.',
  )
}
