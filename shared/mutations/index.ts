/**
 * shared/mutations: every write the product makes, as named, versioned mutators over a small Store.
 * The server runs them authoritatively (one SQL transaction each), the client optimistically (one Dexie
 * transaction with the outbox entry). Test support (the reusable suite) is in store-suite.testkit.ts, not here.
 */
export { applyMutation, fieldPath } from './apply'
export {
  mutators,
  mutatorVersions,
  type MutationArgs,
  type MutationArgsMap,
  type MutationCallOf,
  type TypedMutationCall,
  type MutatorName,
  type MutatorNamed,
  type MutatorRegistry,
} from './registry'
export { MemoryStore, type MemoryStoreOptions } from './memory-store'
export { MutationRejection, reject } from './errors'
export {
  defineMutator,
  type AnyMutator,
  type Mutator,
  type RunResult,
  type Scope,
  type LegacyVersion,
} from './mutator'
export { Tx, type FieldChange, type Reader, type Row, type RowMeta } from './tx'
export { derivedId } from './ids'
export { syncedTables, type Store, type StoredRow, type TableName, type UserFacts } from './store'
export type {
  FieldConflict,
  MutationCall,
  MutationContext,
  MutationError,
  MutationErrorCode,
  MutationOutcome,
  Reason,
  Role,
  RowRef,
} from './types'

// Row shapes as the mutators write them: the shared/domain entity plus the fields noted on each type.
export type { ContactRow } from './contacts'
export type { IncidentRow } from './incident-state'
export type { InstallationRow } from './installations'
export type { TimeEntryRow } from './time-entries'
export type { AgreementRow } from './remote-access'
export type { AnomalyRow, EstimateRow } from './anomalies'
export type { KbArticleRow } from './kb'
export type { IncidentEventInput, IncidentEventRow, EventKind } from './common'
export type { LicenseRow } from './licenses'
export type { SubscriptionRow } from './subscriptions'
export type { SupportPackRow } from './support-packs'
export { FRAUD_STEPS } from './installations'
export { OVERRIDE_REASON_MIN } from './time-entries'
export type { CustomerRow, PlanRow, CalendarRow, RowTypes, TableRow } from './rows'
