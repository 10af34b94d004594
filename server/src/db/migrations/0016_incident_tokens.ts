/**
 * The subject token `[#CL-1A2B3C4D5E6F]` names an incident by the last group of its id (shared/mutations/mail.ts
 * ticketToken). Threading a reply by it was `id LIKE '%-…'`, a scan of every incident on each inbound mail. This
 * index is on exactly the expression the lookup compares (server/src/mail/lookup.ts incidentByToken): the last
 * 12 characters of the UUID, lower-cased, the same in SQLite and PostgreSQL. An expression index rather than a
 * token column or table: nothing has to write it, so no code path that creates an incident can forget to.
 */
import { sql, type Migration } from 'kysely'
import type { SchemaDb } from '../dialect'

/** what the index holds and the lookup compares; ids are UUIDs, so the last group starts at character 25 */
export const incidentTokenExpression = 'lower(substr(id, 25))'

export const incidentTokens: Migration = {
  async up(db: SchemaDb) {
    await sql`create index incidents_token on incidents (${sql.raw(incidentTokenExpression)})`.execute(db)
  },
}
