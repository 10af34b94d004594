import type { Kysely } from 'kysely'

export type DialectName = 'sqlite' | 'postgres'

/**
 * A database of unknown schema, as migrations and grants see it (they run before, or beside, the typed schema).
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- Kysely's documented type for schema-less use
export type SchemaDb = Kysely<any>
