import { z } from 'zod'

/** Record ids are UUIDv7, made by the client (design/sync.md); any RFC 9562 uuid is accepted on read. */
export const IdSchema = z.uuid()
export type Id = z.infer<typeof IdSchema>

/** An instant crosses every boundary as ISO-8601 with an offset; Caseload writes UTC with `Z`. */
export const InstantSchema = z.iso.datetime({ offset: true })
export type Instant = z.infer<typeof InstantSchema>

/** A calendar date, `YYYY-MM-DD`, read in the zone of whatever calendar it belongs to. */
export const IsoDateSchema = z.iso.date()
export type IsoDate = z.infer<typeof IsoDateSchema>

/** Preset and organisation-defined plans and calendars are named by a readable slug, not a uuid. */
export const SlugSchema = z
  .string()
  .regex(/^[a-z0-9][a-z0-9-]*$/, 'expected a lowercase slug like "softartisans-gold"')

/** Rule ids of design/policies.md (`R-SA-5`, `D-2`) or an organisation's own (`ORG-…`). */
export const RuleIdSchema = z
  .string()
  .regex(/^[A-Z][A-Z0-9]*(-[A-Z0-9]+)+$/, 'expected a rule id like "R-SA-5"')

/** Every synced row: `version` and `deleted` are owned by the server (design/sync.md). */
export const syncedRowShape = {
  id: IdSchema,
  version: z.number().int().nonnegative(),
  deleted: z.boolean(),
}

/** Why a decision was made (D-3): one shape for the whole product, kept with the wire format. */
export type { Reason } from '../protocol/reasons'
