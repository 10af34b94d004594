/**
 * The Caseload IndexedDB database (Dexie): one table per synced table plus the sync bookkeeping.
 */
import { Dexie, type Table, type Transaction } from 'dexie'
import type { TableRow } from '@shared/mutations/rows'
import type { StoredRow, TableName } from '@shared/mutations/store'
import { syncedTables } from '@shared/mutations/store'
import { assertOutboxStable, schemaVersions, type SchemaVersion } from './schema'
import type {
  AttachmentFile,
  ConflictRecord,
  DirectoryRecord,
  FlaggedRecord,
  OutboxEntry,
  RejectedRecord,
  ServerResetRecord,
  ShadowRow,
  SyncState,
} from './types'

export const defaultDatabaseName = 'caseload'

export interface CaseloadDbOptions {
  /** injected in tests (fake-indexeddb); the browser's by default */
  indexedDB?: IDBFactory
  IDBKeyRange?: typeof IDBKeyRange
  /** 'strict' makes every transaction of this connection wait for the disk (money and time writes) */
  durability?: 'default' | 'strict' | 'relaxed'
  /** the schema history; the production one unless a migration test supplies its own */
  versions?: readonly SchemaVersion[]
}

export class CaseloadDb extends Dexie {
  outbox!: Table<OutboxEntry, number>
  acknowledged!: Table<OutboxEntry, number>
  syncState!: Table<SyncState, 'state'>
  shadows!: Table<ShadowRow, [string, string]>
  flagged!: Table<FlaggedRecord, number>
  rejected!: Table<RejectedRecord, number>
  conflicts!: Table<ConflictRecord, number>
  directory!: Table<DirectoryRecord, 'directory'>
  attachmentFiles!: Table<AttachmentFile, string>

  constructor(name: string = defaultDatabaseName, options: CaseloadDbOptions = {}) {
    super(name, {
      ...(options.indexedDB ? { indexedDB: options.indexedDB } : {}),
      ...(options.IDBKeyRange ? { IDBKeyRange: options.IDBKeyRange } : {}),
      chromeTransactionDurability: options.durability ?? 'default',
    })
    const versions = options.versions ?? schemaVersions
    assertOutboxStable(versions)
    for (const v of versions) {
      const declared = this.version(v.version).stores(v.stores)
      if (v.upgrade) declared.upgrade(v.upgrade)
    }
  }

  /** the syncState table seen through its 'reset' row (ServerResetRecord) */
  get serverReset(): Table<ServerResetRecord, 'reset'> {
    return this.table('syncState')
  }

  /** the Dexie table of a synced table, with its rows' type (shared/mutations/rows.ts) */
  rows<T extends TableName>(table: T): Table<TableRow<T>, string> {
    return this.table(table)
  }

  /** a synced table as the mutators' Store sees it: any table, untyped rows (sync code that handles them all) */
  storedRows(table: TableName): Table<StoredRow, string> {
    return this.table(table)
  }

  /** every synced table, for transaction scopes */
  syncedTableNames(): string[] {
    return [...syncedTables]
  }
}

/** The tables of one Dexie transaction, bound to it (not to Dexie's zone: see dexie-store.ts). */
export interface CaseloadTables {
  tx: Transaction
  outbox: Table<OutboxEntry, number>
  acknowledged: Table<OutboxEntry, number>
  syncState: Table<SyncState, 'state'>
  /** the 'reset' row of the syncState table */
  serverReset: Table<ServerResetRecord, 'reset'>
  shadows: Table<ShadowRow, [string, string]>
  flagged: Table<FlaggedRecord, number>
  rejected: Table<RejectedRecord, number>
  conflicts: Table<ConflictRecord, number>
  rows<T extends TableName>(table: T): Table<TableRow<T>, string>
  storedRows(table: TableName): Table<StoredRow, string>
}

/** Only the tables in the transaction's scope may be used (Dexie throws NotFoundError for the others). */
export function tablesOf(tx: Transaction): CaseloadTables {
  return {
    tx,
    get outbox() {
      return tx.table<OutboxEntry, number>('outbox')
    },
    get acknowledged() {
      return tx.table<OutboxEntry, number>('acknowledged')
    },
    get syncState() {
      return tx.table<SyncState, 'state'>('syncState')
    },
    get serverReset() {
      return tx.table<ServerResetRecord, 'reset'>('syncState')
    },
    get shadows() {
      return tx.table<ShadowRow, [string, string]>('shadows')
    },
    get flagged() {
      return tx.table<FlaggedRecord, number>('flagged')
    },
    get rejected() {
      return tx.table<RejectedRecord, number>('rejected')
    },
    get conflicts() {
      return tx.table<ConflictRecord, number>('conflicts')
    },
    rows: <T extends TableName>(table: T) => tx.table<TableRow<T>, string>(table),
    storedRows: (table) => tx.table<StoredRow, string>(table),
  }
}

/**
 * The two connections the app uses to one database: `db` for reads, pulls and bootstrap (default durability,
 * bulk-friendly) and `strictDb` for user writes (Chromium flushes each transaction to disk before it reports
 * success: design/sync.md "strict durability for money and time writes"). Dexie 4 sets durability per
 * connection, not per transaction, hence two connections; live queries see the writes of both.
 */
export interface CaseloadDatabases {
  db: CaseloadDb
  strictDb: CaseloadDb
  close(): void
}

export function openCaseloadDatabases(
  name: string = defaultDatabaseName,
  options: Omit<CaseloadDbOptions, 'durability'> = {},
): CaseloadDatabases {
  const db = new CaseloadDb(name, { ...options, durability: 'default' })
  const strictDb = new CaseloadDb(name, { ...options, durability: 'strict' })
  return {
    db,
    strictDb,
    close() {
      db.close()
      strictDb.close()
    },
  }
}

/** A quota error, whether IndexedDB's DOMException or Dexie's wrapper of it. */
export function isQuotaError(error: unknown): boolean {
  let e: unknown = error
  for (let depth = 0; depth < 4 && e; depth++) {
    const name = (e as { name?: unknown }).name
    if (name === 'QuotaExceededError' || name === Dexie.errnames.QuotaExceeded) return true
    e = (e as { inner?: unknown }).inner ?? (e as { cause?: unknown }).cause
  }
  return false
}
