/**
 * Test doubles for the engine: an in-memory sync server that follows design/sync.md (mid ordering, stored
 * results, gap-free versions, epochs) and a tiny mutator registry run on both sides. Only imported by tests;
 * the integration tests against the real server live in test/sync/.
 */
import type { Store, StoredRow, TableName } from '@shared/mutations/store'
import {
  rowKey,
  type Change,
  type MutationResult,
  type PullResponse,
  type PushRequest,
  type PushResponse,
} from '@shared/protocol'
import { TransportError, type LiveChannel, type LiveHandlers, type Transport } from '../sync/adapters'
import type { MutatorRunner, RunnerOutcome } from '../sync/runner'

interface SetArgs {
  id: string
  name: string
  baseVersion?: number
  flag?: string
  /** customers only: the team that owns it (the real server scopes by it) */
  teamId?: string
}

/**
 * `customer.set` writes a customer's name (absolute value). A non-empty `baseVersion` older than the row's
 * version with another value is a conflict (the server keeps its value); an empty name is rejected; `flag` comes
 * back as a flag. `customer.forbidden` is rejected on the server only (the client can't know).
 */
export const testRunner: MutatorRunner = {
  version: (name) => (name === 'customer.set' || name === 'customer.forbidden' ? 1 : undefined),
  async run(store, call, ctx): Promise<RunnerOutcome> {
    const args = call.args as SetArgs
    if (call.name === 'customer.forbidden' && ctx.userId === 'server') {
      return { status: 'rejected', error: { code: 'forbidden', message: 'Not your customer.' } }
    }
    if (!args.name)
      return {
        status: 'rejected',
        error: { code: 'invalid', message: 'A name is required.', field: 'args.name' },
      }
    const existing = await store.get('customers', args.id)
    if (
      args.baseVersion !== undefined &&
      existing &&
      existing.version > args.baseVersion &&
      existing.name !== args.name
    ) {
      return {
        status: 'conflict',
        conflicts: [{ field: 'name', serverValue: existing.name, clientValue: args.name }],
        flags: [],
        reasons: [],
        writes: [],
      }
    }
    const teamId = args.teamId ?? existing?.teamId
    await store.put('customers', {
      ...(existing ?? { id: args.id, version: 0, deleted: false }),
      name: args.name,
      deleted: false,
      ...(teamId === undefined ? {} : { teamId }),
    })
    const flags = args.flag ? [args.flag] : []
    return {
      status: 'applied',
      flags,
      reasons: flags.map((f) => ({ ruleId: 'T-1', message: `flagged ${f}` })),
      writes: [{ table: 'customers', id: args.id }],
    }
  },
}

interface ServerRow {
  table: TableName
  id: string
  version: number
  row: StoredRow | null
}

/** An in-memory server. Snapshot/restore simulate a restore from backup (new epoch). */
export class FakeServer implements Transport {
  epoch = 'epoch-1'
  version = 0
  rows = new Map<string, ServerRow>()
  lastMid = new Map<string, number>()
  results = new Map<string, MutationResult>()
  /** the next N calls fail with a network error */
  failPushes = 0
  failPulls = 0
  pushCalls = 0
  pullCalls = 0
  readonly pushed: PushRequest[] = []
  onCommit: (version: number) => void = () => {}

  constructor(private readonly runner: MutatorRunner = testRunner) {}

  private store(): Store {
    return {
      get: async (table, id) => {
        const r = this.rows.get(rowKey(table, id))
        return r?.row ? structuredClone(r.row) : undefined
      },
      put: async (table, row) => {
        const version = ++this.version
        this.rows.set(rowKey(table, row.id), {
          table,
          id: row.id,
          version,
          row: { ...structuredClone(row), version },
        })
      },
      delete: async (table, id) => {
        const version = ++this.version
        this.rows.set(rowKey(table, id), { table, id, version, row: null })
      },
      query: async (table, field, value) =>
        [...this.rows.values()]
          .filter((r) => r.table === table && r.row && r.row[field] === value)
          .map((r) => structuredClone(r.row!)),
    }
  }

  /** another client (or an admin on the server) writes directly */
  async serverWrite(table: TableName, row: Omit<StoredRow, 'version' | 'deleted'>): Promise<void> {
    await this.store().put(table, { ...row, version: 0, deleted: false } as StoredRow)
    this.onCommit(this.version)
  }

  async serverDelete(table: TableName, id: string): Promise<void> {
    await this.store().delete(table, id)
    this.onCommit(this.version)
  }

  get(table: TableName, id: string): StoredRow | undefined {
    return this.rows.get(rowKey(table, id))?.row ?? undefined
  }

  async push(body: PushRequest): Promise<PushResponse> {
    this.pushCalls++
    if (this.failPushes > 0) {
      this.failPushes--
      throw new TransportError('network', 'connection refused')
    }
    this.pushed.push(structuredClone(body))
    const results: MutationResult[] = []
    for (const m of body.mutations) {
      const last = this.lastMid.get(body.clientId) ?? 0
      const rk = `${body.clientId}:${m.mid}`
      if (m.mid <= last) {
        const stored = this.results.get(rk)
        if (stored) results.push(stored)
        continue
      }
      if (m.mid !== last + 1) break
      const outcome = await this.runner.run(
        this.store(),
        { name: m.name, mv: m.mv, args: m.args },
        {
          userId: 'server',
          role: 'engineer',
          teamIds: [],
          now: m.at,
          clientId: body.clientId,
          mid: m.mid,
        },
      )
      const result: MutationResult =
        outcome.status === 'rejected'
          ? { mid: m.mid, status: 'rejected', error: outcome.error }
          : { mid: m.mid, status: outcome.status, flags: outcome.flags, reasons: outcome.reasons }
      this.results.set(rk, result)
      this.lastMid.set(body.clientId, m.mid)
      results.push(result)
    }
    this.onCommit(this.version)
    return { lastMutationId: this.lastMid.get(body.clientId) ?? 0, results }
  }

  clientIdOf: () => string = () => [...this.lastMid.keys()][0] ?? ''

  async pull(cursor: number, limit: number, clientId?: string): Promise<PullResponse> {
    this.pullCalls++
    if (this.failPulls > 0) {
      this.failPulls--
      throw new TransportError('unavailable', 'server busy')
    }
    const all = [...this.rows.values()]
      .filter((r) => r.version > cursor)
      .sort((a, b) => a.version - b.version)
    const page = all.slice(0, limit)
    const changes: Change[] = page.map((r) =>
      r.row
        ? { table: r.table, id: r.id, version: r.version, row: { ...r.row } }
        : { table: r.table, id: r.id, version: r.version, deleted: true as const },
    )
    const more = all.length > limit
    return {
      changes,
      cursor: more ? page[page.length - 1]!.version : this.version,
      lastMutationId: this.lastMid.get(clientId ?? this.clientIdOf()) ?? 0,
      epoch: this.epoch,
      more,
    }
  }

  snapshot(): () => void {
    const copy = {
      version: this.version,
      rows: new Map([...this.rows].map(([k, v]) => [k, structuredClone(v)])),
      lastMid: new Map(this.lastMid),
      results: new Map(this.results),
    }
    return () => {
      this.version = copy.version
      this.rows = copy.rows
      this.lastMid = copy.lastMid
      this.results = copy.results
      this.epoch = `${this.epoch}-restored`
    }
  }
}

/** A transport bound to one client's id (the real HTTP transport sends clientId on every pull). */
export function transportFor(server: FakeServer, clientId: () => string): Transport {
  return {
    push: (body) => server.push(body),
    pull: (cursor, limit) => server.pull(cursor, limit, clientId()),
  }
}

/** A live channel the test drives by hand. */
export class FakeLiveChannel implements LiveChannel {
  handlers: LiveHandlers | null = null
  connects = 0
  connect(handlers: LiveHandlers): () => void {
    this.handlers = handlers
    this.connects++
    return () => {
      this.handlers = null
    }
  }
  open(): void {
    this.handlers?.onOpen()
  }
  poke(version: number): void {
    this.handlers?.onPoke(version)
  }
}
