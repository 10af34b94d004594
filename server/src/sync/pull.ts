/**
 * `GET /v1/pull?cursor=N&clientId=C&limit=L` (design/sync.md). A row's current version lives in its own table,
 * so "what changed since N" is "rows with version > N", one index range per table, each row once at its latest
 * version: no change log to keep or prune. Correctness rests on the counter: versions are taken under the write
 * lock, so every version ≤ the committed counter is already visible, and reading the counter first and rows up
 * to it never skips a late commit.
 *
 * A page never splits a version (all rows of one mutation arrive together, and the cursor can point just past
 * them). The response is assembled as a string from the stored JSON text: a 100k-row bootstrap never parses or
 * re-serialises row data.
 */
import { sql, type Expression, type Kysely, type SqlBool } from 'kysely'
import { defaultPullLimit, maxPullLimit } from '@shared/protocol/limits'
import type { Principal } from '../auth/principal'
import type { Db } from '../db/connect'
import type { Database } from '../db/schema'
import { sqlEntityTables, wireTable, type SqlEntityTable } from '../db/tables'
import { ApiError } from '../errors'
import { dataText } from './sql-store'

interface ChangeRow {
  t: string
  id: string
  version: number
  deleted: number
  data: string | null
}

export interface PullPage {
  /** the JSON body, ready to send */
  body: string
  cursor: number
  more: boolean
  count: number
}

function scopeFilter(principal: Principal): Expression<SqlBool> | undefined {
  if (principal.role === 'admin') return undefined
  if (principal.teamIds.length === 0) return sql<SqlBool>`customer_id is null`
  return sql<SqlBool>`(customer_id is null or customer_id in (select c.id from customers c where c.team_id in (${sql.join(principal.teamIds)})))`
}

function changesQuery(db: Db, principal: Principal, from: number, to: number, limit: number | null) {
  const scope = scopeFilter(principal)
  const parts = sqlEntityTables.map((table: SqlEntityTable) => {
    let q = db.read
      .selectFrom(table as 'contacts')
      .select([
        sql<string>`${sql.lit(table)}`.as('t'),
        'id',
        'version',
        'deleted',
        // tombstones carry no data on the wire
        sql<string | null>`case when deleted = 1 then null else ${dataText(db.dialect)} end`.as('data'),
      ])
      .where('version', '>', from)
      .where('version', '<=', to)
    if (scope) q = q.where(scope)
    return q
  })
  let query = parts[0]!
  for (const part of parts.slice(1)) query = query.unionAll(part)
  const ordered = query.orderBy('version').orderBy('t').orderBy('id')
  return limit === null ? ordered : ordered.limit(limit)
}

/**
 * Purges for rows that left this user's scope: their customer moved to a team the user is not in, or the user
 * left the customer's team.
 */
async function purges(
  read: Kysely<Database>,
  principal: Principal,
  from: number,
  to: number,
): Promise<ChangeRow[]> {
  if (principal.role === 'admin' || from === 0) return [] // a bootstrap has nothing to purge
  const left = await read
    .selectFrom('membership_changes')
    .select('team_id')
    .where('user_id', '=', principal.userId)
    .where('added', '=', 0)
    .where('version', '>', from)
    .where('version', '<=', to)
    .execute()
  const leftTeams = [...new Set(left.map((r) => r.team_id))].filter((t) => !principal.teamIds.includes(t))
  const leftCustomers =
    leftTeams.length === 0
      ? []
      : await read.selectFrom('customers').select('id').where('team_id', 'in', leftTeams).execute()
  const moves = await read
    .selectFrom('scope_moves as m')
    .innerJoin('customers as c', 'c.id', 'm.customer_id')
    .select(['m.customer_id', 'm.version', 'm.from_team', 'c.team_id'])
    .where('m.version', '>', from)
    .where('m.version', '<=', to)
    .execute()
  const gone = moves.filter(
    (m) =>
      m.from_team !== null &&
      principal.teamIds.includes(m.from_team) &&
      (m.team_id === null || !principal.teamIds.includes(m.team_id)),
  )
  const out: ChangeRow[] = []
  for (const customerId of new Set([...gone.map((m) => m.customer_id), ...leftCustomers.map((c) => c.id)])) {
    for (const table of sqlEntityTables) {
      const rows = await read
        .selectFrom(table as 'contacts')
        .select(['id', 'version'])
        .where('customer_id', '=', customerId)
        .execute()
      for (const r of rows)
        out.push({ t: table, id: r.id, version: Number(r.version), deleted: 1, data: null })
    }
  }
  return out
}

function changeJson(r: ChangeRow): string {
  const head = `{"table":${JSON.stringify(wireTable(r.t))},"id":${JSON.stringify(r.id)},"version":${Number(r.version)}`
  if (r.deleted === 1 || r.data === null) return `${head},"deleted":true}`
  // row = the stored data plus the three server-owned fields, spliced without parsing
  const data = r.data.trim()
  const fields = data === '{}' ? '' : `,${data.slice(1, -1)}`
  return `${head},"row":{"id":${JSON.stringify(r.id)},"version":${Number(r.version)},"deleted":false${fields}}}`
}

export async function pull(
  db: Db,
  principal: Principal,
  query: { cursor: number; clientId?: string | undefined; limit?: number | undefined },
): Promise<PullPage> {
  const limit = Math.min(query.limit ?? defaultPullLimit, maxPullLimit)
  const meta = await db.read
    .selectFrom('meta')
    .select(['version', 'epoch'])
    .where('id', '=', 1)
    .executeTakeFirstOrThrow()
  const upTo = Number(meta.version)
  let lastMutationId = 0
  if (query.clientId) {
    const client = await db.read
      .selectFrom('clients')
      .select(['user_id', 'last_mutation_id'])
      .where('client_id', '=', query.clientId)
      .executeTakeFirst()
    if (client && client.user_id !== principal.userId)
      throw new ApiError(403, 'forbidden', 'This clientId belongs to another user.', 'clientId')
    lastMutationId = client ? Number(client.last_mutation_id) : 0
  }

  let rows: ChangeRow[] = []
  let cursor = Math.max(query.cursor, upTo)
  let more = false
  if (query.cursor < upTo) {
    rows = (await changesQuery(db, principal, query.cursor, upTo, limit + 1).execute()) as ChangeRow[]
    if (rows.length > limit) {
      more = true
      const lastVersion = Number(rows[limit - 1]!.version)
      const splits = Number(rows[limit]!.version) === lastVersion
      rows = rows.slice(0, limit)
      if (splits) {
        const kept = rows.filter((r) => Number(r.version) < lastVersion)
        // one mutation wrote more rows than a page holds: send that whole version in this page
        rows =
          kept.length > 0
            ? kept
            : ((await changesQuery(
                db,
                principal,
                lastVersion - 1,
                lastVersion,
                null,
              ).execute()) as ChangeRow[])
      }
      cursor = Number(rows[rows.length - 1]!.version)
    } else {
      cursor = upTo
    }
    rows.push(...(await purges(db.read, principal, query.cursor, cursor)))
  }

  const parts = rows.map(changeJson)
  const body = `{"changes":[${parts.join(',')}],"cursor":${cursor},"lastMutationId":${lastMutationId},"epoch":${JSON.stringify(meta.epoch)},"more":${more}}`
  return { body, cursor, more, count: rows.length }
}
