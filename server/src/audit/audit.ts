/**
 * The audit log: who did what, when, from which client. Append-only (triggers on both dialects; on PostgreSQL
 * the app role also lacks UPDATE/DELETE). Written inside the same transaction as the change it describes, so a
 * rolled-back change leaves no audit entry and a committed one always has its entry. Never holds a secret.
 */
import type { Kysely } from 'kysely'
import type { DialectName } from '../db/dialect'
import type { AuditLogTable, Database } from '../db/schema'
import { multiInsert, run, type QueryRunner } from '../db/statements'

export interface AuditEntry {
  kind: AuditLogTable['kind']
  action: string
  at: string
  userId?: string | null
  username?: string | null
  clientId?: string | null
  mid?: number | null
  mutation?: string | null
  detail?: unknown
  ip?: string | null
}

const columns = [
  'at',
  'kind',
  'action',
  'user_id',
  'username',
  'client_id',
  'mid',
  'mutation',
  'detail',
  'ip',
] as const

function values(entry: AuditEntry): unknown[] {
  return [
    entry.at,
    entry.kind,
    entry.action,
    entry.userId ?? null,
    entry.username ?? null,
    entry.clientId ?? null,
    entry.mid ?? null,
    entry.mutation ?? null,
    entry.detail === undefined ? null : JSON.stringify(entry.detail),
    entry.ip ?? null,
  ]
}

/** Many entries in few statements (a push batch audits each of its mutations). */
export async function auditMany(
  db: QueryRunner,
  dialect: DialectName,
  entries: readonly AuditEntry[],
): Promise<void> {
  for (let i = 0; i < entries.length; i += 100) {
    const chunk = entries.slice(i, i + 100)
    await run(db, dialect, multiInsert('audit_log', columns, chunk.length), chunk.flatMap(values))
  }
}

export async function audit(db: Kysely<Database>, entry: AuditEntry): Promise<void> {
  await db
    .insertInto('audit_log')
    .values({
      at: entry.at,
      kind: entry.kind,
      action: entry.action,
      user_id: entry.userId ?? null,
      username: entry.username ?? null,
      client_id: entry.clientId ?? null,
      mid: entry.mid ?? null,
      mutation: entry.mutation ?? null,
      detail: entry.detail === undefined ? null : JSON.stringify(entry.detail),
      ip: entry.ip ?? null,
    })
    .execute()
}
