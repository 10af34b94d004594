/**
 * `GET /v1/conflicts?limit=N`: the conflicts list of design/sync.md (P3). When a stale edit loses, the server
 * keeps its value and records the client's; both engineers — and anyone else who may see the row — find both
 * values here, newest first, with who lost, from which client and mutation. An addition to the HTTP surface of
 * design/sync.md, which names the list but no way to read it.
 */
import type { Principal } from '../auth/principal'
import type { Db } from '../db/connect'

export interface ConflictEntry {
  id: number
  table: string
  rowId: string
  field: string | null
  serverValue: unknown
  clientValue: unknown
  userId: string
  clientId: string
  mid: number
  version: number
  at: string
}

export async function listConflicts(db: Db, principal: Principal, limit: number): Promise<ConflictEntry[]> {
  let q = db.read.selectFrom('conflicts').selectAll().orderBy('id', 'desc').limit(limit)
  if (principal.role !== 'admin') {
    const teams = principal.teamIds.length > 0 ? principal.teamIds : ['\u0000none']
    q = q.where((eb) =>
      eb.or([
        eb('customer_id', 'is', null),
        eb(
          'customer_id',
          'in',
          eb.selectFrom('customers as c').select('c.id').where('c.team_id', 'in', teams),
        ),
      ]),
    )
  }
  const parse = (v: string | null): unknown => (v === null ? null : JSON.parse(v))
  return (await q.execute()).map((r) => ({
    id: Number(r.id),
    table: r.table_name,
    rowId: r.row_id,
    field: r.field,
    serverValue: parse(r.server_value),
    clientValue: parse(r.client_value),
    userId: r.user_id,
    clientId: r.client_id,
    mid: Number(r.mid),
    version: Number(r.version),
    at: r.created_at,
  }))
}
