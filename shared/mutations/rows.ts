/**
 * The shape of every synced table's rows, by table name: what the mutators write, so that readers (the Dexie
 * tables of the client, tests) get typed rows without casting. `TableRow<'incidents'>` is an incident row with
 * the store's fields (`version`, `deleted`) and Tx's bookkeeping (`fieldChanges`, `origin`).
 */
import type { Calendar, Customer, Plan } from '@shared/domain'
import type { AnomalyRow, EstimateRow } from './anomalies'
import type { IncidentEventRow } from './common'
import type { ContactRow } from './contacts'
import type { IncidentRow } from './incident-state'
import type { InstallationRow } from './installations'
import type { KbArticleRow } from './kb'
import type { LicenseRow } from './licenses'
import type { AgreementRow } from './remote-access'
import type { TableName } from './store'
import type { SubscriptionRow } from './subscriptions'
import type { SupportPackRow } from './support-packs'
import type { TimeEntryRow } from './time-entries'
import type { Row } from './tx'

/** A customer as customer.create writes it. */
export type CustomerRow = Customer & { createdAt: string; createdBy: string }

/** Saved plans and calendars: the domain value, stored whole (plan.save / calendar.save), with the row fields. */
export type PlanRow = Plan & { version: number; deleted: boolean }
export type CalendarRow = Calendar & { version: number; deleted: boolean }

export interface RowTypes {
  customers: CustomerRow
  contacts: ContactRow
  licenses: LicenseRow
  installations: InstallationRow
  subscriptions: SubscriptionRow
  incidents: IncidentRow
  incidentEvents: IncidentEventRow
  timeEntries: TimeEntryRow
  supportPacks: SupportPackRow
  anomalyReports: AnomalyRow
  costEstimates: EstimateRow
  remoteAccessAgreements: AgreementRow
  kbArticles: KbArticleRow
  plans: PlanRow
  calendars: CalendarRow
}

/** A stored row of `table`. */
export type TableRow<T extends TableName> = Row<RowTypes[T]>

// the map names every synced table and nothing else: a table added to syncedTables fails here until it has a type
type Exactly<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false
const everyTableTyped: Exactly<keyof RowTypes, TableName> = true
void everyTableTyped
