/**
 * Remote Server Access Agreements (R-ST-6): granted on one incident, revocable by the customer, revoked when the
 * incident is resolved or closed. A remote-session time entry needs an active one on that very incident.
 */
import type { RemoteAccessAgreement } from '@shared/domain'
import { z } from 'zod'
import {
  addIncidentEvent,
  idSchema,
  instantSchema,
  requireSameCustomer,
  scopeOfIncident,
  utc,
  type NewRow,
} from './common'
import { reject } from './errors'
import { incidentIsFinished, requireIncident, type IncidentRow } from './incident-state'
import { defineMutator, scopeOfRow } from './mutator'
import type { Row, Tx } from './tx'

export type AgreementRow = RemoteAccessAgreement & { customerId: string }

/** The agreements of an incident that are not revoked. */
export async function activeAgreements(tx: Tx, incidentId: string): Promise<Row<AgreementRow>[]> {
  const rows = await tx.query<AgreementRow>('remoteAccessAgreements', 'incidentId', incidentId)
  return rows.filter((r) => r.revokedAt === null || r.revokedAt === undefined)
}

/** Revokes every active agreement of the incident (R-ST-6: closing the ticket revokes it). */
export async function revokeAllOnIncident(tx: Tx, incident: Row<IncidentRow>): Promise<string[]> {
  const active = await activeAgreements(tx, incident.id)
  for (const a of active) {
    await tx.update('remoteAccessAgreements', a.id, {
      revokedAt: utc(tx.ctx.now),
      revokedReason: 'incident-closed',
    })
    await addIncidentEvent(tx, incident, {
      kind: 'remote-access-revoked',
      data: { agreementId: a.id, reason: 'incident-closed' },
    })
  }
  return active.map((a) => a.id)
}

const grantArgs = z.object({
  id: idSchema,
  incidentId: idSchema,
  /** the customer's contact who signed the agreement */
  grantedByContactId: idSchema.nullish(),
  /** when it was signed (defaults to now) */
  grantedAt: instantSchema.optional(),
})

export const remoteAccessGrant = defineMutator({
  name: 'remoteAccess.grant',
  version: 1,
  args: grantArgs,
  scope: (args, reader) => scopeOfIncident(reader, args.incidentId),
  async run(tx, args, ctx) {
    const incident = await requireIncident(tx, args.incidentId)
    if (await tx.replayOf('remoteAccessAgreements', args.id, { incidentId: args.incidentId })) return
    if (incidentIsFinished(incident)) {
      reject(
        'invalid-state',
        'This incident is resolved or closed: reopen it before granting remote access.',
        'args.incidentId',
      )
    }
    if (args.grantedByContactId) {
      const contact = await tx.require(
        'contacts',
        args.grantedByContactId,
        'args.grantedByContactId',
        'contact',
      )
      requireSameCustomer(contact, incident.customerId, 'args.grantedByContactId', 'contact')
    }
    const row: NewRow<AgreementRow> = {
      id: args.id,
      incidentId: incident.id,
      customerId: incident.customerId,
      grantedAt: utc(args.grantedAt ?? ctx.now),
      grantedByContactId: args.grantedByContactId ?? null,
      revokedAt: null,
      revokedReason: null,
    }
    await tx.insert('remoteAccessAgreements', row)
    await addIncidentEvent(tx, incident, { kind: 'remote-access-granted', data: { agreementId: args.id } })
  },
})

const revokeArgs = z.object({
  agreementId: idSchema,
  /** who withdrew it: the customer (R-ST-6) or the engineer */
  by: z.enum(['customer', 'engineer']).default('customer'),
})

export const remoteAccessRevoke = defineMutator({
  name: 'remoteAccess.revoke',
  version: 1,
  args: revokeArgs,
  scope: (args, reader) => scopeOfRow(reader, 'remoteAccessAgreements', args.agreementId, 'args.agreementId'),
  async run(tx, args, ctx) {
    const agreement = await tx.require<AgreementRow>(
      'remoteAccessAgreements',
      args.agreementId,
      'args.agreementId',
      'remote-access agreement',
    )
    if (agreement.revokedAt) return // already revoked: the first revocation stands
    await tx.update('remoteAccessAgreements', agreement.id, {
      revokedAt: utc(ctx.now),
      revokedReason: args.by,
    })
    const incident = await tx.live<IncidentRow>('incidents', agreement.incidentId)
    if (incident) {
      await addIncidentEvent(tx, incident, {
        kind: 'remote-access-revoked',
        data: { agreementId: agreement.id, reason: args.by },
      })
    }
  },
})
