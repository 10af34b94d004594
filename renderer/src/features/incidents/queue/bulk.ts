/**
 * Bulk actions on the queue's selection (no React): the plan says, row by row, which mutation will be written,
 * which rows are already as asked (skipped), and which can't take the change (refused, with the reason, the
 * same rule the mutator applies); `runBulk` writes the planned mutations through the engine's `mutateAll`, one
 * local transaction with one outbox entry per incident, so the server judges each incident on its own.
 */
import type { IncidentRow } from '@shared/mutations'
import type { ErrorDetail } from '@shared/protocol'

/** The statuses a bulk "Set status…" offers: those `incident.setStatus` moves between. */
export const bulkStatuses = ['open', 'waiting-on-customer', 'closed'] as const
export type BulkStatus = (typeof bulkStatuses)[number]

export type BulkAction =
  { kind: 'assign'; assigneeId: string | null } | { kind: 'status'; status: BulkStatus }

/** What the plan needs of a row: the queue's rows and the incidents themselves both have it. */
export interface BulkTarget {
  id: string
  short: string
  status: IncidentRow['status']
  assigneeId: string | null
  /**
   * the row's version as the engineer saw it when choosing the action: sent as `baseVersion`, so a change
   * another client made meanwhile comes back as a conflict (sync inbox) instead of being overwritten
   */
  version?: number
}

export interface MutationCall {
  name: string
  args: Record<string, unknown>
}

export interface RowNote {
  id: string
  short: string
  message: string
}

export interface BulkPlan {
  action: BulkAction
  /** one mutation per incident that changes, in the order of the targets */
  calls: MutationCall[]
  /** the incident of each call */
  callIds: string[]
  /** already as asked: nothing to write */
  skipped: RowNote[]
  /** can't take the change, and why */
  refused: RowNote[]
  /** the inverse of each call that has one (Undo), by incident id */
  inverses: Map<string, MutationCall>
}

const finished = (s: IncidentRow['status']) => s === 'resolved' || s === 'closed'

/** The inverse mutation of a change, when a mutator can make it (a status "new" or "resolved" can't be set). */
function inverseOf(action: BulkAction, t: BulkTarget): MutationCall | null {
  if (action.kind === 'assign')
    return { name: 'incident.assign', args: { incidentId: t.id, assigneeId: t.assigneeId } }
  if (t.status === 'open' || t.status === 'waiting-on-customer')
    return { name: 'incident.setStatus', args: { incidentId: t.id, status: t.status } }
  return null
}

/** Why `t` can't take the change, by the rules of incident.assign and incident.setStatus, or null. */
function refusal(action: BulkAction, t: BulkTarget): string | null {
  if (action.kind === 'assign')
    return t.status === 'closed' ? 'This incident is closed: reopen it to assign it.' : null
  if (action.status === 'closed')
    return t.status === 'resolved' ? null : 'Resolve the incident (with a resolution code) before closing it.'
  return finished(t.status) ? `This incident is ${t.status}: reopen it instead.` : null
}

function isAsAsked(action: BulkAction, t: BulkTarget): boolean {
  return action.kind === 'assign' ? t.assigneeId === action.assigneeId : t.status === action.status
}

export function planBulk(
  action: BulkAction,
  targets: readonly BulkTarget[],
  describe: (a: BulkAction) => string = describeAction,
): BulkPlan {
  const plan: BulkPlan = { action, calls: [], callIds: [], skipped: [], refused: [], inverses: new Map() }
  for (const t of targets) {
    if (isAsAsked(action, t)) {
      plan.skipped.push({ id: t.id, short: t.short, message: `Already ${describe(action)}.` })
      continue
    }
    const why = refusal(action, t)
    if (why) {
      plan.refused.push({ id: t.id, short: t.short, message: why })
      continue
    }
    const base = t.version !== undefined ? { baseVersion: t.version } : {}
    plan.calls.push(
      action.kind === 'assign'
        ? { name: 'incident.assign', args: { incidentId: t.id, assigneeId: action.assigneeId, ...base } }
        : { name: 'incident.setStatus', args: { incidentId: t.id, status: action.status, ...base } },
    )
    plan.callIds.push(t.id)
    const inverse = inverseOf(action, t)
    if (inverse) plan.inverses.set(t.id, inverse)
  }
  return plan
}

/** A plain reading of an action, for "Already …" (the UI passes one that names the assignee). */
export function describeAction(a: BulkAction): string {
  if (a.kind === 'assign') return a.assigneeId === null ? 'unassigned' : 'assigned to them'
  return a.status === 'waiting-on-customer' ? 'waiting on the customer' : a.status
}

/** The engine's `mutateAll` (renderer/src/data/sync/engine.ts), as the bulk run uses it. */
export type MutateAll = (
  calls: ReadonlyArray<{ name: string; args: unknown }>,
  onProgress?: (done: number, total: number) => void,
) => Promise<{ ok: true; results: unknown[] } | { ok: false; index: number; error: ErrorDetail }>

export interface BulkReport {
  action: BulkAction
  /** incidents changed (written locally, queued for the server) */
  done: string[]
  skipped: RowNote[]
  refused: RowNote[]
  /** the inverse mutations of what was done, for Undo (empty: nothing to undo) */
  undo: MutationCall[]
}

/**
 * Writes the plan's mutations in one local transaction. A row the mutator refuses locally (something the plan
 * could not know) is reported with the mutator's message and the rest written again without it: one refusal
 * never costs the other rows, and nothing is half-written.
 */
export async function runBulk(
  mutateAll: MutateAll,
  plan: BulkPlan,
  shortOf: (id: string) => string,
  onProgress?: (done: number, total: number) => void,
): Promise<BulkReport> {
  const refused = [...plan.refused]
  let calls = plan.calls
  let ids = plan.callIds
  while (calls.length > 0) {
    const result = await mutateAll(calls, onProgress)
    if (result.ok) break
    const id = ids[result.index] as string
    refused.push({ id, short: shortOf(id), message: result.error.message })
    calls = calls.filter((_, i) => i !== result.index)
    ids = ids.filter((_, i) => i !== result.index)
  }
  const undo = ids.flatMap((id) => {
    const inverse = plan.inverses.get(id)
    return inverse ? [inverse] : []
  })
  return { action: plan.action, done: ids, skipped: plan.skipped, refused, undo }
}

/** One line for the selection bar: "Assigned 48 · 2 already · 1 refused". */
export function summarize(report: BulkReport, verb: string): string {
  const parts = [`${verb} ${report.done.length}`]
  if (report.skipped.length > 0) parts.push(`${report.skipped.length} already`)
  if (report.refused.length > 0) parts.push(`${report.refused.length} refused`)
  return parts.join(' · ')
}
