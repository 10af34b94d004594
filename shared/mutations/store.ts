/**
 * The small storage interface every mutator runs over. The server implements it on SQL inside one transaction
 * per mutation; the client implements it on Dexie inside one IndexedDB transaction (with the outbox entry).
 * Async because IndexedDB is; a mutator must not keep state between calls.
 */

/** Every synced table. Names are the wire names of design/sync.md's `changes[].table`. */
export const syncedTables = [
  'customers',
  'contacts',
  'licenses',
  'installations',
  'subscriptions',
  'incidents',
  'incidentEvents',
  'timeEntries',
  'supportPacks',
  'anomalyReports',
  'costEstimates',
  'remoteAccessAgreements',
  'kbArticles',
  'plans',
  'calendars',
] as const

export type TableName = (typeof syncedTables)[number]

/** Every stored row: `version` and `deleted` are owned by the server (0 / false until it has seen the row). */
export interface StoredRow {
  id: string
  version: number
  deleted: boolean
  [field: string]: unknown
}

/** An uploaded attachment as mutators see it (the server's attachments table; server/src/attachments). */
export interface AttachmentInfo {
  id: string
  customerId: string
  fileName: string
  mediaType: string
  size: number
}

/**
 * What the mutators may know of a user (the server's users table): enough to decide who can be given an incident.
 * Users are not a synced table, so only the server's store answers this.
 */
export interface UserFacts {
  id: string
  role: 'admin' | 'engineer'
  disabled: boolean
  teamIds: string[]
}

/**
 * Rows cross this interface by handing them over: `get` and `query` return objects the caller owns (a fresh copy
 * or parse, never one the store keeps or changes later), and `put` copies or serialises what it keeps and does
 * not change the object it was given. Tx relies on both to read and write rows without copying them again.
 */
export interface Store {
  /** the row, including a tombstoned one (deleted: true); undefined if never seen */
  get(table: TableName, id: string): Promise<StoredRow | undefined>
  /** writes the whole row (absolute values); the implementation sets version on the server */
  put(table: TableName, row: StoredRow): Promise<void>
  /** tombstones the row (deleted: true); a later pull tells every client */
  delete(table: TableName, id: string): Promise<void>
  /** live (non-deleted) rows whose `field` equals `value`; implementations back the fields mutators use with an index */
  query(table: TableName, field: string, value: string | number | boolean | null): Promise<StoredRow[]>
  /**
   * The user `id`, or null when there is no such user. Optional: a client's store does not know the users (its
   * result is provisional) and leaves the check to the server, which always implements it.
   */
  user?(id: string): Promise<UserFacts | null>
  /**
   * The attachment uploaded under `id`, or undefined. Only the server's store has uploads to check; a client's
   * store leaves this out, and mutators then take the ids on trust (the client's run is provisional anyway).
   */
  attachment?(id: string): Promise<AttachmentInfo | undefined>
}
