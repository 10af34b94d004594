import { z } from 'zod'
import { IdSchema, InstantSchema, syncedRowShape } from './common'

/** What an entry of an incident's timeline records. */
export const EVENT_KINDS = [
  'opened',
  'comment',
  'response',
  'status',
  'assigned',
  'severity',
  'sla-paused',
  'sla-resumed',
  'resolved',
  'reopened',
  'escalated',
  'over-allowance-action',
  'remote-access-granted',
  'remote-access-revoked',
  'kb-linked',
  'anomaly-reported',
  /** a customer's mail on the incident (server-only mail.receive) */
  'mail-in',
] as const
export const EventKindSchema = z.enum(EVENT_KINDS)
export type EventKind = z.infer<typeof EventKindSchema>

/** Internal events are never shown to the customer; comments choose. */
export const EventVisibilitySchema = z.enum(['internal', 'external'])

/** A row of an incident's timeline (`incidentEvents`), as the incident mutators write it. */
export const IncidentEventSchema = z.object({
  ...syncedRowShape,
  incidentId: IdSchema,
  /** the incident's customer, denormalised for scoping */
  customerId: IdSchema,
  kind: EventKindSchema,
  visibility: EventVisibilitySchema,
  body: z.string().nullable(),
  /** what changed, per kind (e.g. `{ from, to }` for status, `{ agreementId }`, `{ level, role }`) */
  data: z.record(z.string(), z.unknown()),
  at: InstantSchema,
  /** userId */
  by: z.string().min(1),
})
export type IncidentEvent = z.infer<typeof IncidentEventSchema>
