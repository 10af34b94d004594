/**
 * The queue's rows, computed once per change of the local data (never per render), with numeric sort keys and a
 * lower-cased search text, so that sorting and filtering 100,000 incidents stays well under 100 ms. No React.
 */
import type { Customer, License, Plan, Subscription } from '@shared/domain'
import type { IncidentRow } from '@shared/mutations'
import { escalation } from '@shared/policy'
import type { SavedViewId } from '../../../stores/ui'
import { shortId } from '../shared/format'

export interface QueueRow {
  id: string
  short: string
  subject: string
  customer: string
  product: string
  plan: string
  severity: IncidentRow['severity']
  severityRank: number
  status: IncidentRow['status']
  statusRank: number
  assigneeId: string | null
  /** ms since epoch, or +Infinity when the plan commits to no deadline */
  dueAt: number
  dueIso: string | null
  responded: boolean
  paused: boolean
  escalationLevel: number
  escalationRole: string | null
  entitlement: 'covered' | 'over-allowance' | 'not-entitled' | 'unknown'
  billable: boolean | null
  openedAt: number
  /** subject, description, customer, id: lower-cased, for search */
  text: string
}

const severityRank = { standard: 0, priority: 1, 'business-critical': 2, emergency: 3 } as const
const statusRank = { new: 0, open: 1, 'waiting-on-customer': 2, resolved: 3, closed: 4 } as const

export interface QueueSources {
  incidents: readonly IncidentRow[]
  customers: readonly Pick<Customer, 'id' | 'name'>[]
  licenses: readonly Pick<License, 'id' | 'product' | 'edition' | 'major'>[]
  subscriptions: readonly Pick<Subscription, 'id' | 'planId'>[]
  plans: Map<string, Plan>
  now: number
}

function isPaused(events: IncidentRow['slaEvents']): boolean {
  let paused = false
  for (const e of events ?? []) {
    if (e.type === 'pause') paused = true
    if (e.type === 'resume') paused = false
  }
  return paused
}

export function buildQueueRows(src: QueueSources): QueueRow[] {
  const customers = new Map(src.customers.map((c) => [c.id, c.name]))
  const licenses = new Map(src.licenses.map((l) => [l.id, `${l.product} ${l.edition} ${l.major}`]))
  const planOfSub = new Map(src.subscriptions.map((s) => [s.id, s.planId]))
  const nowIso = new Date(src.now).toISOString()
  const out: QueueRow[] = new Array(src.incidents.length)
  let n = 0
  for (const i of src.incidents) {
    if ((i as { deleted?: boolean }).deleted) continue
    const planId = i.subscriptionId ? planOfSub.get(i.subscriptionId) : undefined
    const plan = planId ? src.plans.get(planId) : undefined
    const customer = customers.get(i.customerId) ?? 'Unknown customer'
    let level = 0
    let role: string | null = null
    // only plans with a ladder escalate (R-SA-6): the policy call is skipped for everyone else
    if (
      plan?.escalation &&
      plan.escalation.severities.includes(i.severity) &&
      Date.parse(i.openedAt) <= src.now
    ) {
      const e = escalation(plan, i.severity, i.openedAt, nowIso, { resolvedAt: i.resolvedAt })
      level = e.level
      role = e.role
    }
    const short = shortId(i.id)
    out[n++] = {
      id: i.id,
      short,
      subject: i.subject,
      customer,
      product: i.licenseId ? (licenses.get(i.licenseId) ?? 'Unknown license') : 'No license',
      plan: plan?.label ?? (i.subscriptionId ? (planId ?? '') : 'No subscription'),
      severity: i.severity,
      severityRank: severityRank[i.severity] ?? 0,
      status: i.status,
      statusRank: statusRank[i.status] ?? 0,
      assigneeId: i.assigneeId ?? null,
      dueAt: i.responseDueAt ? Date.parse(i.responseDueAt) : Number.POSITIVE_INFINITY,
      dueIso: i.responseDueAt ?? null,
      responded: i.respondedAt != null,
      paused: isPaused(i.slaEvents),
      escalationLevel: level,
      escalationRole: role,
      entitlement: i.entitlement?.decision ?? 'unknown',
      billable: i.billing ? i.billing.billable : null,
      openedAt: Date.parse(i.openedAt),
      text: `${short} ${i.subject} ${i.description ?? ''} ${customer}`.toLowerCase(),
    }
  }
  out.length = n
  return out
}

export const savedViews: { id: SavedViewId; label: string }[] = [
  { id: 'my-queue', label: 'My queue' },
  { id: 'breaching-today', label: 'Breaching today' },
  { id: 'over-allowance', label: 'Over allowance' },
  { id: 'unassigned', label: 'Unassigned' },
  { id: 'waiting', label: 'Waiting on customer' },
  { id: 'all-open', label: 'All open' },
  { id: 'all', label: 'All incidents' },
]

const finished = (r: QueueRow) => r.status === 'resolved' || r.status === 'closed'

export function endOfDay(now: number): number {
  const d = new Date(now)
  d.setHours(23, 59, 59, 999)
  return d.getTime()
}

export function viewPredicate(view: SavedViewId, me: string, now: number): (r: QueueRow) => boolean {
  switch (view) {
    case 'my-queue':
      return (r) => r.assigneeId === me && !finished(r)
    case 'breaching-today': {
      const end = endOfDay(now)
      return (r) => !finished(r) && !r.responded && !r.paused && r.dueAt <= end
    }
    case 'over-allowance':
      return (r) => r.entitlement === 'over-allowance' && !finished(r)
    case 'unassigned':
      return (r) => r.assigneeId === null && !finished(r)
    case 'waiting':
      return (r) => r.status === 'waiting-on-customer'
    case 'all-open':
      return (r) => !finished(r)
    default:
      return () => true
  }
}

export type ColumnId =
  | 'id'
  | 'subject'
  | 'customer'
  | 'product'
  | 'severity'
  | 'status'
  | 'assignee'
  | 'responseDue'
  | 'escalation'
  | 'entitlement'
  | 'billable'

/** How each column sorts: a number (fast) or a string (localeCompare only where people read it as text). */
const sortKeys: Record<ColumnId, (r: QueueRow) => number | string> = {
  id: (r) => r.short,
  subject: (r) => r.subject.toLowerCase(),
  customer: (r) => r.customer.toLowerCase(),
  product: (r) => r.product.toLowerCase(),
  severity: (r) => r.severityRank,
  status: (r) => r.statusRank,
  assignee: (r) => r.assigneeId ?? '',
  responseDue: (r) => r.dueAt,
  escalation: (r) => r.escalationLevel,
  entitlement: (r) => r.entitlement,
  billable: (r) => (r.billable === null ? -1 : r.billable ? 1 : 0),
}

type Predicate = (r: QueueRow, i: number) => boolean

type TextField = 'subject' | 'customer' | 'product' | 'plan'
const lowered = new WeakMap<readonly QueueRow[], Partial<Record<TextField, string[]>>>()

/** One text field of every row, lower-cased once per rows array (not once per row per keystroke). */
function lower(rows: readonly QueueRow[], field: TextField): string[] {
  let byField = lowered.get(rows)
  if (!byField) {
    byField = {}
    lowered.set(rows, byField)
  }
  let column = byField[field]
  if (!column) {
    column = new Array<string>(rows.length)
    for (let i = 0; i < rows.length; i++) column[i] = (rows[i] as QueueRow)[field].toLowerCase()
    byField[field] = column
  }
  return column
}

/** Column filters: text columns match a substring, the others an exact value. */
export function columnPredicate(
  id: string,
  value: unknown,
  me: string,
  rows: readonly QueueRow[] = [],
): Predicate | null {
  if (value === undefined || value === null || value === '') return null
  const v = String(value).toLowerCase()
  const contains = (field: TextField): Predicate => {
    const column = rows.length > 0 ? lower(rows, field) : null
    return column ? (_r, i) => (column[i] as string).includes(v) : (r) => r[field].toLowerCase().includes(v)
  }
  switch (id) {
    case 'id':
      return (r) => r.short.toLowerCase().includes(v)
    case 'subject':
      return contains('subject')
    case 'customer':
      return contains('customer')
    case 'product': {
      const product = contains('product')
      const plan = contains('plan')
      return (r, i) => product(r, i) || plan(r, i)
    }
    case 'severity':
      return (r) => r.severity === v
    case 'status':
      return (r) => r.status === v
    case 'assignee':
      return v === 'me' ? (r) => r.assigneeId === me : v === 'none' ? (r) => r.assigneeId === null : null
    case 'responseDue': {
      const now = Date.now()
      return (r) => dueBucket(r, now) === v
    }
    case 'escalation':
      return (r) => String(r.escalationLevel) === v
    case 'entitlement':
      return (r) => r.entitlement === v
    case 'billable':
      return (r) => (v === 'yes' ? r.billable === true : v === 'no' ? r.billable === false : true)
    default:
      return null
  }
}

export function dueBucket(r: QueueRow, now: number): 'breached' | 'at-risk' | 'ok' | 'none' {
  if (!Number.isFinite(r.dueAt) || r.responded || r.paused) return 'none'
  if (r.dueAt < now) return 'breached'
  if (r.dueAt - now < 3_600_000) return 'at-risk'
  return 'ok'
}

export interface QueueQuery {
  view: SavedViewId
  me: string
  now: number
  search: string
  /** incident ids whose comments match the search (from the comment index) */
  commentHits?: ReadonlySet<string>
  filters: { id: string; value: unknown }[]
  sorting: { id: string; desc: boolean }[]
}

/**
 * The rows of a view, filtered, searched and sorted: the one function the queue and the benchmark run. Sorting
 * walks a per-column order of all rows, computed once per rows array (columnOrder), so a change of sort or
 * filter is one linear pass over 100,000 rows, not a sort.
 */
export function queryQueue(rows: readonly QueueRow[], q: QueueQuery): QueueRow[] {
  const predicates: Predicate[] = [viewPredicate(q.view, q.me, q.now)]
  for (const f of q.filters) {
    const p = columnPredicate(f.id, f.value, q.me, rows)
    if (p) predicates.push(p)
  }
  const tokens = q.search.toLowerCase().split(/\s+/).filter(Boolean)
  if (tokens.length > 0) {
    const hits = q.commentHits
    predicates.push((r) => tokens.every((t) => r.text.includes(t)) || (hits?.has(r.id) ?? false))
  }
  const out: QueueRow[] = []
  const count = predicates.length
  const take = (i: number) => {
    const r = rows[i] as QueueRow
    for (let p = 0; p < count; p++) if (!(predicates[p] as Predicate)(r, i)) return
    out.push(r)
  }
  const s = q.sorting[0]
  if (!s || !(s.id in sortKeys)) {
    for (let i = 0; i < rows.length; i++) take(i)
    return out
  }
  const { order, keys, finite } = columnOrder(rows, s.id as ColumnId)
  if (!s.desc) {
    for (let i = 0; i < order.length; i++) take(order[i] as number)
    return out
  }
  // descending: groups of equal keys in reverse, each group in its original order; no deadline stays last
  let end = finite
  while (end > 0) {
    const k = keys[order[end - 1] as number]
    let begin = end - 1
    while (begin > 0 && keys[order[begin - 1] as number] === k) begin--
    for (let i = begin; i < end; i++) take(order[i] as number)
    end = begin
  }
  for (let i = finite; i < order.length; i++) take(order[i] as number)
  return out
}

interface ColumnOrder {
  /** row indexes in ascending key order, ties in row order, +Infinity keys last */
  order: Uint32Array
  keys: (number | string)[]
  /** how many leading entries of `order` have a finite key */
  finite: number
}

const orders = new WeakMap<readonly QueueRow[], Map<ColumnId, ColumnOrder>>()

/** The ascending order of all rows by one column, cached for as long as the rows array lives. */
export function columnOrder(rows: readonly QueueRow[], id: ColumnId): ColumnOrder {
  let byColumn = orders.get(rows)
  if (!byColumn) {
    byColumn = new Map()
    orders.set(rows, byColumn)
  }
  const cached = byColumn.get(id)
  if (cached) return cached
  const keys = rows.map(sortKeys[id])
  const order = ascendingOrder(keys)
  let finite = order.length
  while (finite > 0 && keys[order[finite - 1] as number] === Number.POSITIVE_INFINITY) finite--
  const result = { order, keys, finite }
  byColumn.set(id, result)
  return result
}

/** Ascending by key (numbers: non-finite last), ties in row order. */
function compareKeys(a: number | string, b: number | string): number {
  if (a === b) return 0
  if (typeof a === 'number' && typeof b === 'number') {
    const fa = Number.isFinite(a)
    const fb = Number.isFinite(b)
    if (!fa || !fb) return fa === fb ? 0 : fa ? -1 : 1
    return a - b
  }
  return a < b ? -1 : 1
}

const maxBuckets = 4_096

/**
 * Row indexes in ascending key order, ties in row order. Most columns have few distinct values (severity,
 * status, customer, plan…): the rows are bucketed by value in one pass and only the distinct values are sorted,
 * instead of a comparison sort of 100,000 indexes; columns with many values (deadline, id) fall back to it.
 */
function ascendingOrder(keys: readonly (number | string)[]): Uint32Array {
  const n = keys.length
  const order = new Uint32Array(n)
  const buckets = new Map<number | string, number[]>()
  let i = 0
  for (; i < n; i++) {
    const k = keys[i] as number | string
    let bucket = buckets.get(k)
    if (!bucket) {
      if (buckets.size >= maxBuckets) break
      bucket = []
      buckets.set(k, bucket)
    }
    bucket.push(i)
  }
  if (i === n) {
    let o = 0
    for (const k of [...buckets.keys()].sort(compareKeys)) {
      for (const index of buckets.get(k) as number[]) order[o++] = index
    }
    return order
  }
  for (let j = 0; j < n; j++) order[j] = j
  order.sort((a, b) => compareKeys(keys[a] as number | string, keys[b] as number | string) || a - b)
  return order
}

/** The sortable columns, for warming their orders while the desk is idle. */
export const sortableColumns = Object.keys(sortKeys) as ColumnId[]

export function sortRows(rows: QueueRow[], sorting: { id: string; desc: boolean }[]): QueueRow[] {
  return queryQueue(rows, { view: 'all', me: '', now: 0, search: '', filters: [], sorting })
}

/** Incident ids whose comments contain every token (offline full-text search over the timeline). */
export function commentMatches(
  comments: readonly { incidentId: string; body: string | null }[],
  search: string,
): Set<string> {
  const tokens = search.toLowerCase().split(/\s+/).filter(Boolean)
  const hits = new Set<string>()
  if (tokens.length === 0) return hits
  for (const c of comments) {
    if (!c.body) continue
    const body = c.body.toLowerCase()
    if (tokens.every((t) => body.includes(t))) hits.add(c.incidentId)
  }
  return hits
}
