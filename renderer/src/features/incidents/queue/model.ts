/**
 * The queue's rows, computed once per change of the local data (never per render), with numeric sort keys and a
 * lower-cased search text, so that sorting and filtering 100,000 incidents stays well under 100 ms. No React.
 */
import type { Customer, License, Plan, Subscription } from '@shared/domain'
import type { IncidentRow } from '@shared/mutations'
import type { Calendar } from '@shared/domain'
import { escalation, responseCalendarId } from '@shared/policy'
import { isLive } from '../../../data/db/live-rows'
import type { SavedViewId } from '../../../stores/ui'
import { shortId } from '../shared/format'
import { RiskHorizon } from '../shared/risk'

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
  /** the assignee's display name from the directory (the short id when unknown), null when unassigned */
  assigneeName: string | null
  /** ms since epoch, or +Infinity when the plan commits to no deadline */
  dueAt: number
  dueIso: string | null
  /** the calendar the response clock runs on (what "at risk" is counted on); null without a plan or target */
  calendarId: string | null
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
  /** the display name of a user id (the directory); without it the assignee sorts by id */
  nameOf?: (userId: string) => string
  /**
   * rows already built from these same customers, licenses, subscriptions, plans and now, by incident object:
   * after a write only the incidents it changed (new objects) are built again
   */
  cache?: WeakMap<IncidentRow, QueueRow>
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
  const cache = src.cache
  for (const i of src.incidents) {
    if (!isLive(i)) continue
    const known = cache?.get(i)
    if (known) {
      out[n++] = known
      continue
    }
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
    const row: QueueRow = {
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
      assigneeName: i.assigneeId ? (src.nameOf ? src.nameOf(i.assigneeId) : i.assigneeId) : null,
      dueAt: i.responseDueAt ? Date.parse(i.responseDueAt) : Number.POSITIVE_INFINITY,
      dueIso: i.responseDueAt ?? null,
      calendarId: plan ? responseCalendarId(plan, i.severity, { extendedHours: i.extendedHours }) : null,
      responded: i.respondedAt != null,
      paused: isPaused(i.slaEvents),
      escalationLevel: level,
      escalationRole: role,
      entitlement: i.entitlement?.decision ?? 'unknown',
      billable: i.billing ? i.billing.billable : null,
      openedAt: Date.parse(i.openedAt),
      text: `${short} ${i.subject} ${i.description ?? ''} ${customer}`.toLowerCase(),
    }
    cache?.set(i, row)
    out[n++] = row
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

export function endOfDay(now: number): number {
  const d = new Date(now)
  d.setHours(23, 59, 59, 999)
  return d.getTime()
}

/**
 * The facts filters test, one typed array per field, built once per rows array: a filter pass reads a few bytes
 * per row by index instead of following 100,000 object pointers in sort order (cache misses dominate that).
 */
interface Facts {
  severity: Uint8Array
  status: Uint8Array
  due: Float64Array
  /** bits: responded, paused, billable yes, billable no */
  flags: Uint8Array
  escalation: Float64Array
  entitlement: Uint8Array
  assignee: (string | null)[]
  calendar: (string | null)[]
}

const responded = 1
const paused = 2
const billableYes = 4
const billableNo = 8
const entitlementCodes = ['covered', 'over-allowance', 'not-entitled', 'unknown'] as const
const finishedRank = statusRank.resolved

const factsOf = new WeakMap<readonly QueueRow[], Facts>()

function facts(rows: readonly QueueRow[]): Facts {
  const cached = factsOf.get(rows)
  if (cached) return cached
  const n = rows.length
  const f: Facts = {
    severity: new Uint8Array(n),
    status: new Uint8Array(n),
    due: new Float64Array(n),
    flags: new Uint8Array(n),
    escalation: new Float64Array(n),
    entitlement: new Uint8Array(n),
    assignee: new Array<string | null>(n),
    calendar: new Array<string | null>(n),
  }
  for (let i = 0; i < n; i++) setFacts(f, i, rows[i] as QueueRow)
  factsOf.set(rows, f)
  return f
}

function setFacts(f: Facts, i: number, r: QueueRow): void {
  f.severity[i] = r.severityRank
  f.status[i] = r.statusRank
  f.due[i] = r.dueAt
  f.flags[i] =
    (r.responded ? responded : 0) |
    (r.paused ? paused : 0) |
    (r.billable === true ? billableYes : r.billable === false ? billableNo : 0)
  f.escalation[i] = r.escalationLevel
  f.entitlement[i] = Math.max(0, entitlementCodes.indexOf(r.entitlement))
  f.assignee[i] = r.assigneeId
  f.calendar[i] = r.calendarId
}

type Predicate = (i: number) => boolean

/** The saved view as a test of row `i` of `rows` (null: every row). */
export function viewPredicate(
  view: SavedViewId,
  me: string,
  now: number,
  rows: readonly QueueRow[],
): Predicate | null {
  if (view === 'all') return null
  const { status, flags, due, entitlement, assignee } = facts(rows)
  const open = (i: number) => (status[i] as number) < finishedRank
  switch (view) {
    case 'my-queue':
      return (i) => assignee[i] === me && open(i)
    case 'breaching-today': {
      const end = endOfDay(now)
      return (i) =>
        open(i) && ((flags[i] as number) & (responded | paused)) === 0 && (due[i] as number) <= end
    }
    case 'over-allowance': {
      const over = entitlementCodes.indexOf('over-allowance')
      return (i) => entitlement[i] === over && open(i)
    }
    case 'unassigned':
      return (i) => assignee[i] === null && open(i)
    case 'waiting':
      return (i) => status[i] === statusRank['waiting-on-customer']
    case 'all-open':
      return open
    default:
      return null
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
  // by the name people read, not the id; nobody (+Infinity) stays last in either direction, like no deadline
  assignee: (r) => (r.assigneeName === null ? Number.POSITIVE_INFINITY : r.assigneeName.toLowerCase()),
  responseDue: (r) => r.dueAt,
  escalation: (r) => r.escalationLevel,
  entitlement: (r) => r.entitlement,
  billable: (r) => (r.billable === null ? -1 : r.billable ? 1 : 0),
}

type TextField = 'subject' | 'customer' | 'product' | 'plan' | 'short'
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

/**
 * A column filter as a test of row `i` of `rows` (null: the filter is empty). Text columns match a substring,
 * the others an exact value; a value no row can have matches nothing.
 */
export function columnPredicate(
  id: string,
  value: unknown,
  me: string,
  rows: readonly QueueRow[],
  risk: RiskHorizon = new RiskHorizon(Date.now()),
): Predicate | null {
  if (value === undefined || value === null || value === '') return null
  const v = String(value).toLowerCase()
  const contains = (field: TextField): Predicate => {
    const column = lower(rows, field)
    return (i) => (column[i] as string).includes(v)
  }
  const f = facts(rows)
  const code = <K extends string>(ranks: Record<K, number>): number =>
    Object.hasOwn(ranks, v) ? ranks[v as K] : -1
  switch (id) {
    case 'id':
      return contains('short')
    case 'subject':
      return contains('subject')
    case 'customer':
      return contains('customer')
    case 'product': {
      const product = contains('product')
      const plan = contains('plan')
      return (i) => product(i) || plan(i)
    }
    case 'severity': {
      const want = code(severityRank)
      return (i) => f.severity[i] === want
    }
    case 'status': {
      const want = code(statusRank)
      return (i) => f.status[i] === want
    }
    case 'assignee':
      // 'me', 'none', or the id of someone the directory names
      return v === 'me'
        ? (i) => f.assignee[i] === me
        : v === 'none'
          ? (i) => f.assignee[i] === null
          : (i) => f.assignee[i] === v
    case 'responseDue':
      return (i) => dueBucketOf(f, i, risk) === v
    case 'escalation': {
      const want = /^\d+$/.test(v) ? Number(v) : -1
      return (i) => f.escalation[i] === want
    }
    case 'entitlement': {
      const want = (entitlementCodes as readonly string[]).indexOf(v)
      return (i) => f.entitlement[i] === want
    }
    case 'billable':
      return v === 'yes'
        ? (i) => ((f.flags[i] as number) & billableYes) !== 0
        : v === 'no'
          ? (i) => ((f.flags[i] as number) & billableNo) !== 0
          : null
    default:
      return null
  }
}

/** Where a row's response deadline stands for the "Response due" filter (at risk as shared/policy defines it). */
export function dueBucket(r: QueueRow, risk: RiskHorizon): 'breached' | 'at-risk' | 'ok' | 'none' {
  if (!Number.isFinite(r.dueAt) || r.responded || r.paused) return 'none'
  if (r.dueAt < risk.now) return 'breached'
  if (r.dueAt <= risk.untilOn(r.calendarId)) return 'at-risk'
  return 'ok'
}

/** dueBucket over the typed facts */
function dueBucketOf(f: Facts, i: number, risk: RiskHorizon): 'breached' | 'at-risk' | 'ok' | 'none' {
  const due = f.due[i] as number
  if (!Number.isFinite(due) || ((f.flags[i] as number) & (responded | paused)) !== 0) return 'none'
  if (due < risk.now) return 'breached'
  if (due <= risk.untilOn(f.calendar[i] ?? null)) return 'at-risk'
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
  /** the organisation's calendars, for "at risk" on their business hours (presets otherwise) */
  calendars?: Record<string, Calendar>
}

/**
 * The rows of a view, filtered, searched and sorted: the one function the queue and the benchmark run. Sorting
 * walks a per-column order of all rows, computed once per rows array (columnOrder), and filters test typed
 * per-row facts by index (facts), so a change of sort or filter is one linear pass over 100,000 rows, not a sort.
 */
export function queryQueue(rows: readonly QueueRow[], q: QueueQuery): QueueRow[] {
  const predicates: Predicate[] = []
  const inView = viewPredicate(q.view, q.me, q.now, rows)
  if (inView) predicates.push(inView)
  const risk = new RiskHorizon(q.now, q.calendars)
  for (const f of q.filters) {
    const p = columnPredicate(f.id, f.value, q.me, rows, risk)
    if (p) predicates.push(p)
  }
  const tokens = q.search.toLowerCase().split(/\s+/).filter(Boolean)
  if (tokens.length > 0) {
    const hits = q.commentHits
    predicates.push((i) => {
      const r = rows[i] as QueueRow
      return tokens.every((t) => r.text.includes(t)) || (hits?.has(r.id) ?? false)
    })
  }
  const out: QueueRow[] = []
  const count = predicates.length
  const take =
    count === 0
      ? (i: number) => {
          out.push(rows[i] as QueueRow)
        }
      : count === 1
        ? (i: number) => {
            if ((predicates[0] as Predicate)(i)) out.push(rows[i] as QueueRow)
          }
        : (i: number) => {
            for (let p = 0; p < count; p++) if (!(predicates[p] as Predicate)(i)) return
            out.push(rows[i] as QueueRow)
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

/** Ascending by key (numbers: non-finite last; +Infinity after any text too), ties in row order. */
function compareKeys(a: number | string, b: number | string): number {
  if (a === b) return 0
  if (a === Number.POSITIVE_INFINITY) return 1
  if (b === Number.POSITIVE_INFINITY) return -1
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

/**
 * Builds the queue rows again after each change of the local data, reusing the row of every incident object it
 * built before (while customers, licenses, subscriptions, plans and now stay the same) and carrying the caches of
 * the previous rows over (carryQueueCaches).
 */
export class QueueRowsBuilder {
  private cache = new WeakMap<IncidentRow, QueueRow>()
  private inputs: unknown[] = []
  private previous: QueueRow[] = []

  build(src: Omit<QueueSources, 'cache'>): QueueRow[] {
    const inputs = [src.customers, src.licenses, src.subscriptions, src.plans, src.now, src.nameOf]
    if (inputs.some((x, i) => x !== this.inputs[i])) this.cache = new WeakMap()
    this.inputs = inputs
    const next = buildQueueRows({ ...src, cache: this.cache })
    carryQueueCaches(this.previous, next)
    this.previous = next
    return next
  }
}

/**
 * After a write changed a few rows in place or added some at the end (what the incident mirror publishes for an
 * edit or a new incident), the caches of `prev` (column orders, lower-cased text, filter facts) are carried over
 * to `next` by fixing only the changed rows: the next sort or filter does not pay for a re-sort of 100,000 rows.
 * Returns false (and leaves the caches to be built lazily) when rows moved or went away.
 */
export function carryQueueCaches(
  prev: readonly QueueRow[],
  next: readonly QueueRow[],
  maxChanged = 2_000,
): boolean {
  if (prev === next || next.length < prev.length) return false
  const changed: number[] = []
  for (let i = 0; i < prev.length; i++) {
    const a = prev[i] as QueueRow
    const b = next[i] as QueueRow
    if (a === b) continue
    if (a.id !== b.id || changed.length >= maxChanged) return false
    changed.push(i)
  }
  for (let i = prev.length; i < next.length; i++) changed.push(i)
  if (changed.length > maxChanged) return false
  const n = next.length

  const f = factsOf.get(prev)
  if (f) {
    const grow = <T extends Uint8Array | Float64Array>(a: T, make: (n: number) => T): T => {
      const out = make(n)
      out.set(a)
      return out
    }
    const g: Facts = {
      severity: grow(f.severity, (k) => new Uint8Array(k)),
      status: grow(f.status, (k) => new Uint8Array(k)),
      due: grow(f.due, (k) => new Float64Array(k)),
      flags: grow(f.flags, (k) => new Uint8Array(k)),
      escalation: grow(f.escalation, (k) => new Float64Array(k)),
      entitlement: grow(f.entitlement, (k) => new Uint8Array(k)),
      assignee: f.assignee.slice(),
      calendar: f.calendar.slice(),
    }
    for (const i of changed) setFacts(g, i, next[i] as QueueRow)
    factsOf.set(next, g)
  }

  const texts = lowered.get(prev)
  if (texts) {
    const carried: Partial<Record<TextField, string[]>> = {}
    for (const [field, column] of Object.entries(texts) as [TextField, string[]][]) {
      const copy = column.slice()
      for (const i of changed) copy[i] = (next[i] as QueueRow)[field].toLowerCase()
      carried[field] = copy
    }
    lowered.set(next, carried)
  }

  const byColumn = orders.get(prev)
  if (byColumn) {
    const carried = new Map<ColumnId, ColumnOrder>()
    for (const [id, o] of byColumn) carried.set(id, patchOrder(o, next, id, changed))
    orders.set(next, carried)
  }
  return true
}

/** `o` with the rows at `changed` (indexes into `next`, ascending) taken out and put back at their new keys. */
function patchOrder(
  o: ColumnOrder,
  next: readonly QueueRow[],
  id: ColumnId,
  changed: readonly number[],
): ColumnOrder {
  const n = next.length
  const keys = o.keys.slice()
  keys.length = n
  const isChanged = new Uint8Array(n)
  for (const i of changed) {
    keys[i] = sortKeys[id](next[i] as QueueRow)
    isChanged[i] = 1
  }
  const before = (a: number, b: number) =>
    compareKeys(keys[a] as number | string, keys[b] as number | string) || a - b
  const moved = [...changed].sort(before)
  const order = new Uint32Array(n)
  let out = 0
  let m = 0
  for (let k = 0; k < o.order.length; k++) {
    const i = o.order[k] as number
    if (isChanged[i]) continue
    while (m < moved.length && before(moved[m] as number, i) < 0) order[out++] = moved[m++] as number
    order[out++] = i
  }
  while (m < moved.length) order[out++] = moved[m++] as number
  let finite = n
  while (finite > 0 && keys[order[finite - 1] as number] === Number.POSITIVE_INFINITY) finite--
  return { order, keys, finite }
}
