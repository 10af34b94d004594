/**
 * The Dexie schema, as a list of versions. Add a version, never edit an old one: IndexedDB upgrades in place.
 * The outbox and the sync bookkeeping are declared once and never change (design/sync.md: a schema change never
 * rewrites or drops the outbox); `assertOutboxStable` checks it and the tests run it on every version.
 */
import type { Transaction } from 'dexie'
import { syncedTables, type TableName } from '@shared/mutations/store'

export interface SchemaVersion {
  version: number
  /** Dexie store specs; a table omitted keeps its previous spec, `null` would delete it (never for the outbox) */
  stores: Record<string, string | null>
  /** data migration; must not touch `outbox` */
  upgrade?: (tx: Transaction) => Promise<void> | void
}

/** Bookkeeping tables. Their specs are frozen: changing them would change the outbox's key or drop it. */
export const bookkeepingStores = {
  outbox: 'mid',
  acknowledged: 'mid',
  syncState: 'key',
  shadows: '[table+id]',
  flagged: 'mid, seen',
  rejected: 'mid',
  conflicts: 'mid',
} as const

/**
 * Indexes for what the screens and the mutators ask. Primary key is always `id`. Field names follow
 * shared/domain (camelCase, `…Id` for references). Booleans and null are not IndexedDB keys: the Store filters
 * on those instead.
 */
export const syncedTableIndexes: Record<TableName, string> = {
  customers: 'id, teamId, name',
  contacts: 'id, customerId, email',
  licenses: 'id, customerId, licenseKey',
  installations: 'id, licenseId',
  subscriptions: 'id, customerId, licenseId, planId',
  incidents:
    'id, customerId, licenseId, subscriptionId, contactId, assigneeId, status, responseDueAt, openedAt, [status+responseDueAt], [assigneeId+status]',
  incidentEvents: 'id, incidentId, [incidentId+at]',
  timeEntries: 'id, incidentId, supportPackId, userId, startedAt, [supportPackId+startedAt]',
  supportPacks: 'id, customerId',
  anomalyReports: 'id, incidentId, licenseId, status',
  costEstimates: 'id, anomalyId',
  remoteAccessAgreements: 'id, incidentId',
  kbArticles: 'id, status, createdFromIncidentId',
  plans: 'id',
  calendars: 'id',
}

export const schemaVersions: readonly SchemaVersion[] = [
  {
    version: 1,
    stores: { ...syncedTableIndexes, ...bookkeepingStores },
  },
  // the names of the users and teams the server lets this user see (GET /v1/directory): one row, key 'directory'
  { version: 2, stores: { directory: 'key' } },
  // attachment files kept on this device (data/attachments): ones added here until (and after) they are
  // uploaded, and ones opened here, for offline use. Not synced: the timeline events name them by id.
  { version: 3, stores: { attachmentFiles: 'id, status, incidentId' } },
  // a statement reads one period of a customer (features/reports/load.ts) without its whole history: its time
  // entries (each carries its incident's customerId) and its incidents of the period (test/bench/reports.bench.ts)
  {
    version: 4,
    stores: {
      incidents: `${syncedTableIndexes.incidents}, [customerId+openedAt]`,
      timeEntries: `${syncedTableIndexes.timeEntries}, [customerId+startedAt]`,
    },
  },
]

/** Throws if any version changes or drops a bookkeeping table, or an upgrade could not be ordered. */
export function assertOutboxStable(versions: readonly SchemaVersion[]): void {
  let previous = 0
  for (const v of versions) {
    if (v.version <= previous)
      throw new Error(`schema versions must increase (${v.version} after ${previous})`)
    previous = v.version
    for (const [name, spec] of Object.entries(bookkeepingStores)) {
      if (!(name in v.stores)) continue
      if (v.stores[name] !== spec) {
        throw new Error(
          `schema version ${v.version} changes the ${name} table (${String(v.stores[name])}); it is frozen`,
        )
      }
    }
  }
  const first = versions[0]
  if (!first) throw new Error('no schema version')
  for (const name of Object.keys(bookkeepingStores)) {
    if (first.stores[name] === undefined) throw new Error(`the first schema version must declare ${name}`)
  }
  for (const table of syncedTables) {
    if (first.stores[table] === undefined) throw new Error(`the first schema version must declare ${table}`)
  }
}
