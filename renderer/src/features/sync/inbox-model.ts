/**
 * What the sync inbox needs to say about a mutation the server answered with a conflict, a flag or a refusal:
 * which record it was about (to offer a link to the screen that shows it) and, for a conflict, the value the
 * engineer wrote beside the value the server kept.
 */
import type { TableName } from '@shared/mutations/store'
import type { Route } from '../../stores/route'

/** Per mutator family: the table it writes and the argument that names the row, most specific first. */
const families: Record<string, { table: TableName; idArgs: readonly string[] }> = {
  incident: { table: 'incidents', idArgs: ['incidentId', 'id'] },
  contact: { table: 'contacts', idArgs: ['contactId', 'id'] },
  customer: { table: 'customers', idArgs: ['customerId', 'id'] },
  license: { table: 'licenses', idArgs: ['licenseId', 'id'] },
  installation: { table: 'installations', idArgs: ['installationId', 'id'] },
  subscription: { table: 'subscriptions', idArgs: ['subscriptionId', 'id'] },
  supportPack: { table: 'supportPacks', idArgs: ['supportPackId', 'id'] },
  // anomaly.estimateCost's own `id` is the estimate's: the anomaly is named by anomalyId
  anomaly: { table: 'anomalyReports', idArgs: ['anomalyId', 'id'] },
  kb: { table: 'kbArticles', idArgs: ['articleId', 'id'] },
  remoteAccess: { table: 'remoteAccessAgreements', idArgs: ['agreementId', 'id'] },
  timeEntry: { table: 'timeEntries', idArgs: ['timeEntryId', 'id'] },
}

export interface RecordRef {
  table: TableName
  id: string
}

export function recordOfMutation(name: string, args: unknown): RecordRef | null {
  const family = families[name.split('.')[0] ?? '']
  if (!family || !args || typeof args !== 'object') return null
  const values = args as Record<string, unknown>
  for (const key of family.idArgs) {
    const id = values[key]
    if (typeof id === 'string' && id !== '') return { table: family.table, id }
  }
  return null
}

/** The screen that shows a row, and how to name it in a link ("Open the customer"). */
export function screenOfRow(
  table: TableName,
  row: { id: string; [field: string]: unknown },
): { route: Route; label: string } | null {
  const ref = (field: string) => (typeof row[field] === 'string' ? (row[field] as string) : null)
  const incidentId = ref('incidentId')
  const customerId = ref('customerId')
  switch (table) {
    case 'incidents':
      return { route: { name: 'incident', id: row.id }, label: 'Open the incident' }
    case 'incidentEvents':
    case 'timeEntries':
    case 'remoteAccessAgreements':
      return incidentId ? { route: { name: 'incident', id: incidentId }, label: 'Open the incident' } : null
    case 'customers':
      return { route: { name: 'customer', id: row.id }, label: 'Open the customer' }
    case 'contacts':
    case 'subscriptions':
    case 'supportPacks':
      return customerId ? { route: { name: 'customer', id: customerId }, label: 'Open the customer' } : null
    case 'licenses':
      return { route: { name: 'license', id: row.id }, label: 'Open the license' }
    case 'installations': {
      const licenseId = ref('licenseId')
      return licenseId ? { route: { name: 'license', id: licenseId }, label: 'Open the license' } : null
    }
    case 'anomalyReports':
      return { route: { name: 'anomaly', id: row.id }, label: 'Open the anomaly report' }
    case 'costEstimates': {
      const anomalyId = ref('anomalyId')
      return anomalyId
        ? { route: { name: 'anomaly', id: anomalyId }, label: 'Open the anomaly report' }
        : null
    }
    case 'kbArticles':
      return { route: { name: 'article', id: row.id }, label: 'Open the article' }
    case 'plans':
    case 'calendars':
      return { route: { name: 'catalog' }, label: 'Open plans and calendars' }
  }
}

export interface ConflictValue {
  field: string
  mine: unknown
  theirs: unknown
}

/** Arguments that say which row or which version, not what the engineer wanted the row to hold. */
const notValues = new Set(['id', 'baseVersion', 'baseVersions', 'at'])

/**
 * Where an argument lands in the row when it isn't the field of the same name: an override is stored apart
 * from the classification it overrides, so `billable` there is not the row's `billable`.
 */
const fieldPaths: Record<string, Record<string, readonly string[]>> = {
  'timeEntry.overrideBillable': {
    billable: ['billableOverride', 'billable'],
    reason: ['billableOverride', 'reason'],
  },
}

function valueAt(row: Record<string, unknown>, path: readonly string[]): { found: boolean; value: unknown } {
  let at: unknown = row
  for (const key of path) {
    if (at === null || at === undefined) return { found: true, value: null }
    if (typeof at !== 'object' || !(key in at)) return { found: false, value: undefined }
    at = (at as Record<string, unknown>)[key]
  }
  return { found: true, value: at }
}

/**
 * The fields the engineer's change set that the row now holds differently: their value beside the server's.
 * The row is the local copy after the pull, i.e. what the server kept.
 */
export function conflictValues(
  name: string,
  args: unknown,
  row: Record<string, unknown> | undefined,
): ConflictValue[] {
  if (!row || !args || typeof args !== 'object') return []
  const paths = fieldPaths[name] ?? {}
  const out: ConflictValue[] = []
  for (const [field, mine] of Object.entries(args as Record<string, unknown>)) {
    if (notValues.has(field) || field.endsWith('Id')) continue
    const { found, value: theirs } = valueAt(row, paths[field] ?? [field])
    if (found && JSON.stringify(mine) !== JSON.stringify(theirs)) out.push({ field, mine, theirs })
  }
  return out
}
