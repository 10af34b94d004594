/** The SQL the email channel reads synced rows with (contacts by address, incidents by token, a contract). */
import { sql } from 'kysely'
import type { Db } from '../db/connect'

export interface ContactMatch {
  id: string
  customerId: string
  named: boolean
}

/** Live contacts with this address at live customers of `teamId`: named ones first, then by id. */
export async function contactsByAddress(db: Db, teamId: string, address: string): Promise<ContactMatch[]> {
  const email =
    db.dialect === 'postgres' ? sql`lower(c.data ->> 'email')` : sql`lower(json_extract(c.data, '$.email'))`
  const rows = await sql<{ id: string; customer_id: string; data: string }>`
    select c.id, c.customer_id, ${db.dialect === 'postgres' ? sql`c.data::text` : sql`c.data`} as data
    from contacts c join customers cu on cu.id = c.customer_id
    where c.deleted = 0 and cu.deleted = 0 and cu.team_id = ${teamId} and ${email} = ${address.toLowerCase()}
    order by c.id`.execute(db.write)
  return rows.rows
    .map((r) => ({
      id: r.id,
      customerId: r.customer_id,
      named: (JSON.parse(r.data) as { named?: boolean }).named === true,
    }))
    .sort((a, b) => Number(b.named) - Number(a.named))
}

export interface IncidentMatch {
  id: string
  customerId: string
  status: string
}

/**
 * The query behind incidentByToken: the live incidents of `teamId`'s customers whose id's last group is `suffix`
 * (12 lower-case hex digits). It compares the expression of the `incidents_token` index (migration 0016), so it
 * reads one index entry instead of scanning the table; exported for the test that checks the plan.
 */
export function incidentByTokenQuery(db: Db, teamId: string, suffix: string) {
  const status = db.dialect === 'postgres' ? sql`i.data ->> 'status'` : sql`json_extract(i.data, '$.status')`
  return sql<{ id: string; customer_id: string; status: string }>`
    select i.id, i.customer_id, ${status} as status
    from incidents i join customers cu on cu.id = i.customer_id
    where lower(substr(i.id, 25)) = ${suffix.toLowerCase()} and i.deleted = 0 and cu.team_id = ${teamId}`
}

/** The live incident of one of `teamId`'s customers whose id ends with the token's 12 hex digits. */
export async function incidentByToken(db: Db, teamId: string, suffix: string): Promise<IncidentMatch | null> {
  const rows = await incidentByTokenQuery(db, teamId, suffix).execute(db.write)
  const [only] = rows.rows
  return rows.rows.length === 1 && only
    ? { id: only.id, customerId: only.customer_id, status: only.status }
    : null
}

/** An incident by id, with its customer's team (threading checks the reply belongs to the mailbox's team). */
export async function incidentById(
  db: Db,
  id: string,
): Promise<(IncidentMatch & { teamId: string | null; contactId: string; subject: string }) | null> {
  const rows = await sql<{ id: string; customer_id: string; team_id: string | null; data: string }>`
    select i.id, i.customer_id, cu.team_id, ${db.dialect === 'postgres' ? sql`i.data::text` : sql`i.data`} as data
    from incidents i join customers cu on cu.id = i.customer_id
    where i.deleted = 0 and i.id = ${id}`.execute(db.write)
  const r = rows.rows[0]
  if (!r) return null
  const data = JSON.parse(r.data) as { status: string; contactId: string; subject: string }
  return {
    id: r.id,
    customerId: r.customer_id,
    teamId: r.team_id,
    status: data.status,
    contactId: data.contactId,
    subject: data.subject,
  }
}

/**
 * The license a mail's incident is opened on: the one of the customer's active subscription covering `today`
 * (latest start first), else of any subscription; null for a customer-level contract or none at all (then
 * incident.open decides not-entitled, as for any incident).
 */
export async function licenseForMail(db: Db, customerId: string, today: string): Promise<string | null> {
  const rows = await sql<{ data: string }>`
    select ${db.dialect === 'postgres' ? sql`data::text` : sql`data`} as data from subscriptions
    where deleted = 0 and customer_id = ${customerId} order by id`.execute(db.write)
  const subs = rows.rows.map(
    (r) =>
      JSON.parse(r.data) as { licenseId: string | null; start: string; end: string | null; status: string },
  )
  const covering = subs.filter(
    (s) => s.status === 'active' && s.start <= today && (s.end === null || s.end >= today),
  )
  const pool = (covering.length > 0 ? covering : subs).sort((a, b) => (a.start < b.start ? 1 : -1))
  return pool[0]?.licenseId ?? null
}
