/**
 * Every incident of the local database, in memory for the queue, kept current without re-reading 100,000 rows on
 * each write. A write that names its rows (an edit, a new incident, a small pull) costs a read of those rows; a
 * write that does not (a bulk pull page, a clear) costs a full re-read, which is throttled so that it and the
 * rebuild after it take no more than about a fifth of the page's time while a bootstrap writes page after page. No React, no Dexie: the reads and the
 * timer are handed in, so it is tested on its own.
 */
import type { IncidentRow } from '@shared/mutations'
import { isLive, withoutTombstones } from '../../../data/db/live-rows'

/** which incidents a committed write touched: their ids, or 'all' when the write did not say */
export type IncidentChange = readonly string[] | 'all'

export interface MirrorDeps {
  readAll(): Promise<IncidentRow[]>
  readMany(ids: string[]): Promise<(IncidentRow | undefined)[]>
  /** called with a new array after every refresh (never mutated afterwards) */
  publish(rows: IncidentRow[]): void
  onError(error: unknown): void
  now(): number
  setTimeout(fn: () => void, ms: number): unknown
  clearTimeout(handle: unknown): void
}

/** a full re-read waits at least this long after the previous one… */
export const minFullIntervalMs = 2_000
/**
 * …and at least this many times as long as the previous one took: the read, and the rebuild of the rows after it
 * (which this does not see and which costs about as much), then take at most a fifth of the page's time
 */
export const fullCostFactor = 8

export class IncidentMirror {
  private rows: IncidentRow[] | null = null
  private index: ReadonlyMap<string, number> = new Map()
  private wantAll = true
  private readonly wantIds = new Set<string>()
  private running = false
  private timer: unknown = null
  private stopped = false
  private lastFullEnd = Number.NEGATIVE_INFINITY
  private lastFullCost = 0

  constructor(private readonly deps: MirrorDeps) {}

  start(): void {
    this.pump()
  }

  stop(): void {
    this.stopped = true
    if (this.timer !== null) this.deps.clearTimeout(this.timer)
    this.timer = null
  }

  changed(change: IncidentChange): void {
    if (change === 'all') this.wantAll = true
    else for (const id of change) this.wantIds.add(id)
    this.pump()
  }

  private pump(): void {
    if (this.stopped || this.running || this.timer !== null) return
    if (this.wantAll) {
      const earliest = this.lastFullEnd + Math.max(minFullIntervalMs, fullCostFactor * this.lastFullCost)
      const wait = this.rows === null ? 0 : earliest - this.deps.now()
      if (wait > 0) {
        this.timer = this.deps.setTimeout(() => {
          this.timer = null
          this.pump()
        }, wait)
        return
      }
      this.run(() => this.readAll())
    } else if (this.wantIds.size > 0) {
      this.run(() => this.readSome())
    }
  }

  private run(step: () => Promise<void>): void {
    this.running = true
    step()
      .catch((error: unknown) => this.deps.onError(error))
      .finally(() => {
        this.running = false
        this.pump()
      })
  }

  private async readAll(): Promise<void> {
    // ids named before this read are covered by it; ids named during it are read again after it
    this.wantAll = false
    this.wantIds.clear()
    const start = this.deps.now()
    const all = await this.deps.readAll()
    if (this.stopped) return
    const rows = withoutTombstones(all)
    this.rows = rows
    this.index = new Map(rows.map((r, i) => [r.id, i]))
    this.lastFullEnd = this.deps.now()
    this.lastFullCost = this.lastFullEnd - start
    this.deps.publish(rows)
  }

  private async readSome(): Promise<void> {
    const ids = [...this.wantIds]
    this.wantIds.clear()
    const got = await this.deps.readMany(ids)
    if (this.stopped || this.rows === null) return
    this.publishPatched(patchIncidents(this.rows, this.index, ids, got))
  }

  private publishPatched(next: { rows: IncidentRow[]; index: ReadonlyMap<string, number> } | null): void {
    if (!next) return
    this.rows = next.rows
    this.index = next.index
    this.deps.publish(next.rows)
  }
}

/**
 * The incidents with `ids` replaced by `got` (same positions), new ones appended, deleted or missing ones removed.
 * Null when nothing changed. Rows keep their objects: unchanged incidents are the same objects as before.
 */
export function patchIncidents(
  rows: readonly IncidentRow[],
  index: ReadonlyMap<string, number>,
  ids: readonly string[],
  got: readonly (IncidentRow | undefined)[],
): { rows: IncidentRow[]; index: ReadonlyMap<string, number> } | null {
  const next = rows.slice()
  let nextIndex: Map<string, number> | null = null
  const removed = new Set<number>()
  let changed = false
  ids.forEach((id, k) => {
    const row = got[k]
    const at = nextIndex ? nextIndex.get(id) : index.get(id)
    const live = isLive(row)
    if (at !== undefined) {
      if (!live) removed.add(at)
      else if (next[at] !== row) next[at] = row
      else return
      changed = true
    } else if (live) {
      nextIndex ??= new Map(index)
      nextIndex.set(id, next.length)
      next.push(row)
      changed = true
    }
  })
  if (!changed) return null
  // edits in place keep every position: the index is shared, never mutated
  if (removed.size === 0) return { rows: next, index: nextIndex ?? index }
  const kept = next.filter((_, i) => !removed.has(i))
  return { rows: kept, index: new Map(kept.map((r, i) => [r.id, i])) }
}

/** Dexie's interval tree of written keys (a RangeSet here, a plain object when another window sent it) */
export interface KeyRanges {
  from?: unknown
  to?: unknown
  l?: KeyRanges | null
  r?: KeyRanges | null
  d?: number
}

/**
 * What a committed write did to the incidents table, from Dexie's change notification (the one its live queries
 * use; it carries other windows' writes too): the primary-key ranges written. Dexie names the keys of small
 * writes and reports big bulk writes as the full range: those, and anything but single keys, are 'all'.
 */
export function incidentChangeOf(
  parts: Readonly<Record<string, KeyRanges | undefined>>,
  dbName: string,
  maxIds = 1_000,
): IncidentChange | null {
  const tree = parts[`idb://${dbName}/incidents/`]
  if (!tree) return null
  const ids: string[] = []
  const stack: KeyRanges[] = [tree]
  while (stack.length > 0) {
    const node = stack.pop() as KeyRanges
    if (node.l) stack.push(node.l)
    if (node.r) stack.push(node.r)
    if (!('from' in node)) continue
    if (typeof node.from !== 'string' || node.from !== node.to || ids.length >= maxIds) return 'all'
    ids.push(node.from)
  }
  return ids.length > 0 ? ids : null
}
