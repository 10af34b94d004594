/**
 * The deterministic simulation (issue 5): five real SyncEngine clients (fake-indexeddb, one database each; users
 * of one team, of the other, of both, an admin) and the real server code (the push and pull handlers over a real
 * SQLite file), joined by a simulated network, on one simulated clock, with ONE seeded PRNG deciding everything:
 * who writes what through the real mutators, who goes offline for how many days, which requests are dropped,
 * duplicated, replayed late (reordered) or lose their answer after the server committed, when a client crashes
 * between its local write and its push (or after a lost answer), when the server restarts, when it is restored
 * from a backup (new epoch), when a customer changes team, and a tampered client's push.
 *
 * During the run: a client's cursor never goes back within an epoch (P4, reads). At the end every client comes
 * online and syncs to quiescence, then `check` asserts:
 *  - every outbox is empty and nothing is blocked (P1: crashed clients kept their writes; P2: all resolved);
 *  - P2: each (clientId, mid) a client made was applied exactly once on the server (one audit entry, one stored
 *    result), and the server's lastMutationId for each client is the client's last mid;
 *  - P3: the client was told every result; what it was told is in the server state (a created row exists), in
 *    `conflicts`, or parked in `rejected_mutations` (after a restore the server's word may change, but an applied
 *    write is never refused later behind the client's back);
 *  - P4: every client's tables equal the server's view of that user's scope (a bootstrap pull from cursor 0);
 *  - P5: on each Silver subscription, at most 5 priority incidents are within the allowance (not flagged);
 *  - P6: the forged pushes were refused as forbidden and changed nothing.
 *
 * The determinism contract: a seed's trace (every scheduled step and its outcome, `World.log`) and its final
 * state hash depend on the seed only, never on the machine's speed or load (seeds.ts proves it by running every
 * seed again with all CPU cores busy). What keeps it so:
 *  - one PRNG (`World.rng`, from the seed) decides every step, every fault, every id and every poke; the engines'
 *    jitter PRNGs are seeded from it;
 *  - time is the simulated clock only: the engines' timers are on `World.clock`, the server's `now` reads it, the
 *    setup writes its time; the process's setTimeout is replaced while a world runs (event-loop.ts), so Dexie's
 *    liveQuery timers fire at a fixed point of the event loop and on simulated time, not after real milliseconds;
 *  - everything else is in-process and ordered: better-sqlite3 is synchronous, fake-indexeddb and the group
 *    commit step by setImmediate, which runs in the order queued;
 *  - each step is awaited to quiescence (`settle`: no immediate, microtask or due timer left) before the next, and
 *    the forged push (P6) starts only once nothing is in flight, so no other client's push can share its commit;
 *  - what the server makes up at random (team and user ids, epochs) is replaced by labels in the trace and hash.
 * Anything new that waits on real time or real I/O (a thread-pool callback, a real timer captured before the
 * world started) breaks the contract, and the second run of seeds.ts reports the first step that differs.
 */
import 'fake-indexeddb/auto'
import { createHash } from 'node:crypto'
import { copyFileSync, existsSync, mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { sql } from 'kysely'
import { applyMutation } from '../../shared/mutations/apply'
import { syncedTables, type StoredRow, type TableName } from '../../shared/mutations/store'
import {
  maxPullLimit,
  parseRowKey,
  rowKey,
  type MutationResult,
  type PullResponse,
  type PushRequest,
  type PushResponse,
} from '../../shared/protocol'
import { addTeam, addUser } from '../../server/src/auth/users'
import type { Principal } from '../../server/src/auth/principal'
import { backup } from '../../server/src/cli/backup'
import { openDatabase, sqliteFile, type Db } from '../../server/src/db/connect'
import type { PokeBus } from '../../server/src/sync/poke-bus'
import type { PokeEvent } from '../../server/src/sync/poke-hub'
import { pull } from '../../server/src/sync/pull'
import { push } from '../../server/src/sync/push'
import { sqlEntityTables } from '../../server/src/db/tables'
import { openCaseloadDatabases, type CaseloadDatabases } from '../../renderer/src/data/db/database'
import { TransportError, type Transport } from '../../renderer/src/data/sync/adapters'
import { SyncEngine, type AnyMutations } from '../../renderer/src/data/sync/engine'
import { InProcessLeaderLock, ManualNetworkStatus, seededRandom } from '../../renderer/src/data/sync/platform'
import { freshIdb } from '../../renderer/src/data/testing/fake-idb'
import { FakeScheduler } from '../../renderer/src/data/testing/fake-scheduler'
import { FakeLiveChannel } from '../../renderer/src/data/testing/fake-server'
import { testScrypt } from '../support/server'
import { DeterministicLoop } from './event-loop'
import { smtpmailLicense } from '../../shared/mutations/fixtures.testkit'

// ---- randomness ------------------------------------------------------------------------------------------

export class Rng {
  private readonly r: { next(): number }
  constructor(seed: number) {
    this.r = seededRandom(seed * 2654435761)
  }
  next(): number {
    return this.r.next()
  }
  int(n: number): number {
    return Math.floor(this.next() * n)
  }
  chance(p: number): boolean {
    return this.next() < p
  }
  pick<T>(items: readonly T[]): T | undefined {
    return items.length === 0 ? undefined : items[this.int(items.length)]
  }
  /** a random RFC 4122 version 4 UUID (z.uuid() accepts it) */
  uuid(): string {
    const hex = Array.from({ length: 32 }, () => this.int(16).toString(16))
    hex[12] = '4'
    hex[16] = (8 + this.int(4)).toString(16)
    const s = hex.join('')
    return `${s.slice(0, 8)}-${s.slice(8, 12)}-${s.slice(12, 16)}-${s.slice(16, 20)}-${s.slice(20)}`
  }
}

// ---- the server ------------------------------------------------------------------------------------------

const HOUR = 3600_000
const DAY = 24 * HOUR

interface User {
  principal: Principal
}

/** The real push and pull handlers over a real SQLite file; `restart` closes and reopens it on the same file. */
class SimServer {
  db!: Db
  // a RAM disk where there is one: the simulation tests the protocol, not the disk's fsync
  readonly dataDir = mkdtempSync(join(existsSync('/dev/shm') ? '/dev/shm' : tmpdir(), 'caseload-sim-'))
  down = false
  onCommit: (event: PokeEvent) => void = () => {}
  private readonly bus: PokeBus = {
    publishInTransaction: async () => {},
    afterCommit: (event) => this.onCommit(event),
    close: async () => {},
  }

  constructor(private readonly clock: FakeScheduler) {}

  async open(): Promise<void> {
    this.db = await openDatabase({ dataDir: this.dataDir })
  }

  async restart(): Promise<void> {
    this.down = true
    await this.db.close()
    await this.open()
    this.down = false
  }

  private backups = 0

  /** `caseload-server backup`: an online snapshot with a new epoch */
  async backup(): Promise<string> {
    const file = join(this.dataDir, `backup-${++this.backups}.sqlite`)
    await backup(this.db, file)
    return file
  }

  /** the administrator restores a backup: stop, copy it over the database file, start */
  async restore(file: string): Promise<void> {
    this.down = true
    await this.db.close()
    const target = sqliteFile(this.dataDir)
    for (const suffix of ['-wal', '-shm']) rmSync(target + suffix, { force: true })
    copyFileSync(file, target)
    await this.open()
    this.down = false
  }

  async push(user: User, body: PushRequest): Promise<PushResponse> {
    const deps = {
      db: this.db,
      bus: this.bus,
      runMutation: applyMutation,
      now: () => new Date(this.clock.now()),
    }
    // the wire: JSON both ways
    return JSON.parse(
      JSON.stringify(
        await push(deps, user.principal, JSON.parse(JSON.stringify(body)) as PushRequest, '127.0.0.1'),
      ),
    ) as PushResponse
  }

  async pull(user: User, cursor: number, limit: number, clientId?: string): Promise<PullResponse> {
    return JSON.parse(
      (await pull(this.db, user.principal, { cursor, limit, ...(clientId ? { clientId } : {}) })).body,
    ) as PullResponse
  }

  async close(): Promise<void> {
    await this.db.close()
    rmSync(this.dataDir, { recursive: true, force: true })
  }
}

// ---- the clients -----------------------------------------------------------------------------------------

export interface Faults {
  /** a request never reaches the server */
  drop: number
  /** the server commits, the answer is lost */
  loseAnswer: number
  /** the request reaches the server twice in a row */
  duplicate: number
  /** a copy of the request is kept and delivered much later (after newer ones: reordering) */
  replayLater: number
  /** 503 */
  unavailable: number
}

const defaultFaults: Faults = {
  drop: 0.08,
  loseAnswer: 0.08,
  duplicate: 0.05,
  replayLater: 0.08,
  unavailable: 0.04,
}
const noFaults: Faults = { drop: 0, loseAnswer: 0, duplicate: 0, replayLater: 0, unavailable: 0 }

class SimClient {
  readonly idb = freshIdb()
  readonly network = new ManualNetworkStatus(true)
  readonly live = new FakeLiveChannel()
  dbs!: CaseloadDatabases
  engine!: SyncEngine<AnyMutations>
  /** the answer the client received for each of its mids (the last one) */
  readonly received = new Map<number, MutationResult>()
  /** what the user did, by mid */
  readonly made = new Map<number, { name: string; args: unknown }>()
  clientId = ''
  crashes = 0

  constructor(
    readonly world: World,
    readonly index: number,
    readonly user: User,
  ) {}

  /**
   * The database name: unique in the process, as Dexie keeps a process-wide cache of liveQuery results by name,
   * and the determinism proof runs each seed twice in one process.
   */
  get name(): string {
    return `sim-${this.world.seed}-${this.world.instance}-${this.index}`
  }

  async boot(): Promise<void> {
    const { world } = this
    this.dbs = openCaseloadDatabases(this.name, this.idb)
    const transport: Transport = {
      push: (body) => world.deliverPush(this, body),
      pull: (cursor, limit, clientId) => world.deliverPull(this, cursor, limit, clientId),
    }
    const p = this.user.principal
    this.engine = new SyncEngine<AnyMutations>({
      db: this.dbs.db,
      strictDb: this.dbs.strictDb,
      transport,
      session: () => ({ userId: p.userId, role: p.role, teamIds: p.teamIds }),
      live: this.live,
      network: this.network,
      lock: new InProcessLeaderLock(),
      scheduler: world.clock,
      random: seededRandom(world.rng.int(2 ** 31)),
      backoff: { baseMs: 1000, maxMs: 60_000 },
      newId: () => world.rng.uuid(),
      // small pages and batches: paging, multi-batch bootstraps and partial pushes all happen
      pullLimit: 5 + world.rng.int(100),
      pushBatch: 1 + world.rng.int(8),
      bootstrapBatch: 1 + world.rng.int(60),
    })
    await this.engine.start()
    this.clientId = (await this.dbs.db.syncState.get('state'))!.clientId
  }

  /** the process dies: no goodbye to the server, the database stays on disk */
  async crash(): Promise<void> {
    this.crashes++
    await this.engine.stop()
    this.dbs.close()
    await this.boot()
  }

  async rows(table: TableName): Promise<StoredRow[]> {
    return (await this.dbs.db.rows(table).toArray()).sort((a, b) => (a.id < b.id ? -1 : 1))
  }
}

// ---- the world -------------------------------------------------------------------------------------------

export interface SimOptions {
  seed: number
  steps?: number
  clients?: number
  faults?: Faults
  /** prints every step (CASELOAD_SIM_TRACE=1) */
  trace?: boolean
}

interface Stale {
  client: SimClient
  body: PushRequest
}

export interface SimReport {
  seed: number
  mutations: number
  pushes: number
  acknowledged: number
  flagged: number
  conflicts: number
  rejected: number
  crashes: number
  restarts: number
  restores: number
  moves: number
  replays: number
  lostAnswers: number
  days: number
  /** every scheduled step and its outcome, in order (the same seed gives the same trace) */
  trace: string[]
  /** sha256 of the server's and every client's final state, random ids (team, user, epoch) replaced by labels */
  stateHash: string
}

/** worlds made in this process (each names its databases after it) */
let worlds = 0

export class World {
  readonly instance = ++worlds
  readonly rng: Rng
  readonly clock = new FakeScheduler(Date.parse('2026-03-02T08:00:00Z'))
  /** setTimeout on the simulated clock, and the immediates counted (installed by `simulate`) */
  readonly loop = new DeterministicLoop(() => this.clock.now())
  readonly server = new SimServer(this.clock)
  readonly clients: SimClient[] = []
  readonly stale: Stale[] = []
  faults: Faults
  readonly log: string[] = []
  readonly stats = { mutations: 0, pushes: 0, restarts: 0, restores: 0, replays: 0, lostAnswers: 0, moves: 0 }
  private readonly start = this.clock.now()
  users: { admin: User; alice: User; bob: User; carol: User } | null = null
  teams: { red: string; blue: string } | null = null
  /** fixtures, by team */
  readonly fixtures: {
    customerId: string
    contactId: string
    licenseId: string
    subscriptionId: string
    teamId: string
  }[] = []

  constructor(
    readonly seed: number,
    private readonly options: SimOptions,
  ) {
    this.rng = new Rng(seed)
    this.faults = options.faults ?? defaultFaults
  }

  trace(line: string): void {
    const entry = `[t+${Math.round((this.clock.now() - this.start) / 60_000)}min] ${line}`
    this.log.push(entry)
    if (this.options.trace) console.log(entry)
  }

  // ---- the network ----

  async deliverPush(client: SimClient, body: PushRequest): Promise<PushResponse> {
    this.stats.pushes++
    const f = this.faults
    const mids = body.mutations.map((m) => m.mid)
    if (this.server.down || this.rng.chance(f.unavailable)) {
      this.trace(`c${client.index} push ${mids.join(',')} 503`)
      throw new TransportError('unavailable', 'server busy', 503)
    }
    if (this.rng.chance(f.replayLater)) this.stale.push({ client, body: structuredClone(body) })
    if (this.rng.chance(f.drop)) {
      this.trace(`c${client.index} push ${mids.join(',')} dropped`)
      throw new TransportError('network', 'connection reset')
    }
    let response = await this.server.push(client.user, body)
    if (this.rng.chance(f.duplicate)) response = await this.server.push(client.user, body)
    if (this.rng.chance(f.loseAnswer)) {
      this.stats.lostAnswers++
      this.trace(
        `c${client.index} push ${mids.join(',')} committed, answer lost (last ${response.lastMutationId})`,
      )
      // sometimes the client dies before it could retry
      if (this.rng.chance(0.3)) this.pendingCrash.add(client)
      throw new TransportError('network', 'connection reset after commit')
    }
    for (const r of response.results) client.received.set(r.mid, r)
    this.trace(
      `c${client.index} push ${mids.join(',')} -> last ${response.lastMutationId} ${response.results.map((r) => r.status[0]).join('')}`,
    )
    return response
  }

  async deliverPull(
    client: SimClient,
    cursor: number,
    limit: number,
    clientId: string,
  ): Promise<PullResponse> {
    const f = this.faults
    const what = `c${client.index} pull ${cursor}+${limit}`
    if (this.server.down || this.rng.chance(f.unavailable)) {
      this.trace(`${what} 503`)
      throw new TransportError('unavailable', 'server busy', 503)
    }
    if (this.rng.chance(f.drop)) {
      this.trace(`${what} dropped`)
      throw new TransportError('network', 'connection reset')
    }
    const page = await this.server.pull(client.user, cursor, limit, clientId)
    this.trace(
      `${what} -> ${page.changes.length} changes, cursor ${page.cursor}${page.more ? ' (more)' : ''}, last ${page.lastMutationId}, ${this.labels.get(page.epoch) ?? 'unknown epoch'}`,
    )
    return page
  }

  /** clients whose push answer was lost and that crash before the retry */
  private readonly pendingCrash = new Set<SimClient>()

  // ---- setup ----

  async setup(): Promise<void> {
    await this.server.open()
    await this.noteEpoch()
    const w = this.server.db.write
    // the simulated clock's time, not the machine's, in what the setup writes
    const setupAt = new Date(this.clock.now())
    const red = await addTeam(w, 'red', setupAt)
    const blue = await addTeam(w, 'blue', setupAt)
    this.teams = { red: red.id, blue: blue.id }
    this.labels.set(red.id, 'team:red')
    this.labels.set(blue.id, 'team:blue')
    const user = async (
      username: string,
      role: 'admin' | 'engineer',
      teams: { name: string; id: string }[],
    ): Promise<User> => {
      const u = await addUser(
        w,
        {
          username,
          password: 'correct horse battery',
          role,
          teams: teams.map((t) => t.name),
          scrypt: testScrypt,
        },
        setupAt,
      )
      this.labels.set(u.id, `user:${username}`)
      return {
        principal: {
          userId: u.id,
          username,
          role,
          teamIds: teams.map((t) => t.id),
          sessionId: `session-${username}`,
        },
      }
    }
    this.users = {
      admin: await user('admin', 'admin', []),
      alice: await user('alice', 'engineer', [red]),
      bob: await user('bob', 'engineer', [blue]),
      carol: await user('carol', 'engineer', [red, blue]),
    }
    // fixtures through the real push handler, as the admin's setup client: a customer per team with a contact,
    // a license and a Silver subscription (5 priority incidents a contract year, R-SA-5)
    const setupClient = this.rng.uuid()
    const mutations: PushRequest['mutations'] = []
    const at = new Date(this.clock.now()).toISOString()
    for (const teamId of [red.id, blue.id]) {
      for (let k = 0; k < 1; k++) {
        const f = {
          customerId: this.rng.uuid(),
          contactId: this.rng.uuid(),
          licenseId: this.rng.uuid(),
          subscriptionId: this.rng.uuid(),
          teamId,
        }
        this.fixtures.push(f)
        const add = (name: string, args: unknown) =>
          mutations.push({ mid: mutations.length + 1, name, mv: 1, args, at })
        add('customer.create', { id: f.customerId, name: `Customer ${this.fixtures.length}`, teamId })
        add('contact.add', {
          id: f.contactId,
          customerId: f.customerId,
          name: 'Ann Admin',
          email: `ann${this.fixtures.length}@example.test`,
          named: true,
        })
        add('license.add', smtpmailLicense(f.licenseId, f.customerId, '2026-01-05'))
        add('subscription.buy', {
          id: f.subscriptionId,
          customerId: f.customerId,
          licenseId: f.licenseId,
          planId: 'softartisans-silver',
          start: '2026-01-05',
        })
        // the red contract has already used 4 of its 5 priority incidents this contract year
        for (let i = 0; teamId === red.id && i < 4; i++) {
          add('incident.open', {
            id: this.rng.uuid(),
            customerId: f.customerId,
            contactId: f.contactId,
            licenseId: f.licenseId,
            subject: `Earlier priority ${i + 1}`,
            description: 'Before the simulation',
            severity: 'priority',
            category: 'question',
          })
        }
      }
    }
    const res = await this.server.push(this.users!.admin, { protocol: 1, clientId: setupClient, mutations })
    const bad = res.results.filter((r) => r.status !== 'applied')
    if (bad.length > 0) throw new Error(`setup failed: ${JSON.stringify(bad)}`)

    const people = [
      this.users.alice,
      this.users.alice,
      this.users.bob,
      this.users.carol,
      this.users.admin,
      this.users.bob,
    ]
    const n = this.options.clients ?? 5
    for (let i = 0; i < n; i++) {
      const c = new SimClient(this, i, people[i % people.length]!)
      this.clients.push(c)
      await c.boot()
    }
    // the server pokes the sockets whose user's scope the commit touched (server/src/sync/poke-hub.ts)
    this.server.onCommit = (event) => {
      const poked: number[] = []
      for (const c of this.clients) {
        const p = c.user.principal
        const concerned = event.global || p.role === 'admin' || event.teams.some((t) => p.teamIds.includes(t))
        // the socket is best effort: a poke may be lost (the client still pulls on its own, and after reconnects)
        if (concerned && c.network.online() && this.rng.chance(0.5)) {
          poked.push(c.index)
          c.live.poke(event.version)
        }
      }
      this.trace(`commit v${event.version}, poked ${poked.map((i) => `c${i}`).join(',') || 'nobody'}`)
    }
    await this.settle()
  }

  /**
   * Lets every engine finish what it started (pushes, pulls, pokes, liveQuery deliveries) without moving the
   * clock: returns once nothing at all is left to run (DeterministicLoop.quiesce), with the turns of the event
   * loop that took (the trace records them: the same seed must take the same turns).
   */
  async settle(): Promise<number> {
    let turns = 0
    for (;;) {
      turns += await this.loop.quiesce()
      if (this.pendingCrash.size > 0) {
        const crashing = [...this.pendingCrash]
        this.pendingCrash.clear()
        for (const c of crashing) {
          this.trace(`c${c.index} crashes after a lost answer`)
          await c.crash()
        }
        continue
      }
      for (const c of this.clients) {
        const { phase } = c.engine.getStatus()
        // nothing is left to run, so a loop still in a phase waits for a promise nothing will ever settle
        if (phase === 'pushing' || phase === 'pulling' || phase === 'bootstrapping')
          throw new Error(`client ${c.index} is stuck ${phase}: nothing is left to run`)
      }
      return turns
    }
  }

  // ---- the writes ----

  private async localRows(c: SimClient, table: TableName): Promise<StoredRow[]> {
    return (await c.rows(table)).filter((r) => !r.deleted)
  }

  /** one user action on client `c`, through the real mutators */
  async act(c: SimClient): Promise<void> {
    const rng = this.rng
    const customers = await this.localRows(c, 'customers')
    const incidents = (await this.localRows(c, 'incidents')).filter((i) => i.status !== 'closed')
    const choice = rng.int(100)
    let name: string
    let args: Record<string, unknown>
    // most work lands on one Silver contract, so that its allowance of 5 priority incidents runs out (P5)
    const visible = this.fixtures.filter((f) => customers.some((cu) => cu.id === f.customerId))
    const fixture =
      visible.includes(this.fixtures[0]!) && rng.chance(0.7) ? this.fixtures[0] : rng.pick(visible)
    const p = c.user.principal
    const mover = p.role === 'admin' || p.teamIds.length > 1
    if (mover && customers.length > 0 && rng.chance(0.15)) {
      // a customer changes team: its rows leave the old team's clients (purge) and reach the new team's
      const cu = rng.pick(customers)!
      this.stats.moves++
      name = 'customer.update'
      args = {
        customerId: cu.id,
        baseVersion: cu.version,
        teamId: cu.teamId === this.teams!.red ? this.teams!.blue : this.teams!.red,
      }
    } else if (choice < 36 && fixture) {
      name = 'incident.open'
      args = {
        id: rng.uuid(),
        customerId: fixture.customerId,
        contactId: fixture.contactId,
        licenseId: fixture.licenseId,
        subject: `Incident ${rng.int(1000)}`,
        description: 'Mail stuck',
        severity: rng.chance(0.75) ? 'priority' : 'standard',
        category: 'question',
      }
    } else if (choice < 42 && incidents.length > 0) {
      const inc = rng.pick(incidents)!
      name = 'incident.comment'
      args = {
        id: rng.uuid(),
        incidentId: inc.id,
        body: `Note ${rng.int(1000)}`,
        visibility: rng.chance(0.5) ? 'internal' : 'external',
      }
    } else if (choice < 56 && incidents.length > 0) {
      const inc = rng.pick(incidents)!
      name = 'timeEntry.log'
      args = {
        id: rng.uuid(),
        incidentId: inc.id,
        minutes: 5 + rng.int(120),
        kind: 'investigation',
        note: '',
      }
    } else if (choice < 66 && customers.length > 0) {
      const cu = rng.pick(customers)!
      // a field edit with the version this client saw: concurrent edits become conflicts (P3)
      name = 'customer.update'
      args = { customerId: cu.id, baseVersion: cu.version, name: `Renamed by c${c.index} #${rng.int(1000)}` }
    } else if (choice < 74 && incidents.length > 0) {
      const inc = rng.pick(incidents)!
      name = 'incident.setSeverity'
      args = { incidentId: inc.id, severity: rng.chance(0.7) ? 'priority' : 'standard' }
    } else if (choice < 80 && incidents.length > 0) {
      const inc = rng.pick(incidents)!
      name = 'incident.resolve'
      args = { incidentId: inc.id, resolution: 'answered', note: 'Done.' }
    } else if (choice < 86 && fixture) {
      name = 'supportPack.purchase'
      args = {
        id: rng.uuid(),
        customerId: fixture.customerId,
        minutes: 60 * (1 + rng.int(10)),
        label: 'hours',
      }
    } else if (choice < 92 && fixture) {
      name = 'contact.add'
      args = {
        id: rng.uuid(),
        customerId: fixture.customerId,
        name: 'Bob Contact',
        email: `b${rng.int(1e6)}@example.test`,
        named: rng.chance(0.3),
      }
    } else {
      const teamId = rng.pick(c.user.principal.teamIds) ?? this.teams!.red
      name = 'customer.create'
      args = { id: rng.uuid(), name: `New ${rng.int(1000)}`, teamId }
    }
    const result = await c.engine.mutate(name, args)
    if (result.mid !== null) {
      this.stats.mutations++
      c.made.set(result.mid, { name, args })
    }
    this.trace(
      `c${c.index} ${name} -> ${result.status}${result.mid !== null ? ` mid ${result.mid}` : ` (${result.error.code})`}`,
    )
  }

  // ---- the run ----

  async run(): Promise<void> {
    const steps = this.options.steps ?? 15
    const rng = this.rng
    // every seed has at least one of each: a server restart, a crash between a local write and its push, a
    // client offline for days while it writes, and a malicious push (P6)
    const restartAt = rng.int(steps)
    const crashAt = rng.int(steps)
    const forgeAt = rng.int(steps)
    // in some seeds the server is restored from an earlier backup: it forgets what was written since (new epoch)
    const backupAt = rng.chance(0.3) ? rng.int(steps - 2) : -1
    const restoreAt = backupAt < 0 ? -1 : backupAt + 1 + rng.int(steps - backupAt - 1)
    let backupFile: string | null = null
    const away = rng.pick(this.clients)!
    away.network.set(false)
    this.trace(`c${away.index} offline`)
    for (let step = 0; step < steps; step++) {
      const c = rng.pick(this.clients)!
      const roll = rng.int(100)
      this.trace(`step ${step}: c${c.index}, roll ${roll}`)
      if (step === restartAt) await this.restartServer()
      if (step === crashAt) await this.crashBeforePush(c)
      if (step === forgeAt) await this.forge()
      if (step === backupAt) {
        await this.settle()
        backupFile = await this.server.backup()
        this.trace('server backup')
      }
      if (step === restoreAt && backupFile) {
        await this.settle()
        this.stats.restores++
        this.trace('server restored from the backup (new epoch)')
        await this.server.restore(backupFile)
        await this.noteEpoch()
      }
      if (roll < 55) {
        // a burst of user actions
        for (let k = 1 + rng.int(3); k > 0; k--) await this.act(c)
      } else if (roll < 63) {
        c.network.set(!c.network.online())
        this.trace(`c${c.index} ${c.network.online() ? 'online' : 'offline'}`)
      } else if (roll < 66) {
        await this.crashBeforePush(c)
      } else if (roll < 68) {
        await this.restartServer()
      } else if (roll < 74 && this.stale.length > 0) {
        // an old request finally arrives, after newer ones (reordering); its answer goes nowhere
        const s = this.stale.splice(rng.int(this.stale.length), 1)[0]!
        this.stats.replays++
        const res = await this.server.push(s.client.user, s.body)
        this.trace(
          `late replay of c${s.client.index} push ${s.body.mutations.map((m) => m.mid).join(',')} -> last ${res.lastMutationId}`,
        )
      } else if (roll < 84) {
        // time passes: minutes, hours, or days (an on-site visit without network)
        const ms = rng.chance(0.3) ? (1 + rng.int(3)) * DAY : rng.int(4 * HOUR)
        this.clock.advance(ms)
      } else {
        await c.engine.syncNow()
      }
      if (step === Math.floor(steps / 2)) {
        this.clock.advance((1 + rng.int(3)) * DAY)
        away.network.set(true)
        this.trace(`c${away.index} back online`)
      }
      this.clock.advance(rng.int(30_000))
      const turns = await this.settle()
      this.trace(`step ${step} settled in ${turns} turns, ${this.loop.fired} timers fired in all`)
      await this.checkReadsMoveForward()
    }
  }

  /** P4 "reads never go backwards": within one server epoch a client's pull cursor only grows */
  private readonly seenCursor = new Map<SimClient, { epoch: string | null; cursor: number }>()
  readonly progressFailures: string[] = []

  private async checkReadsMoveForward(): Promise<void> {
    for (const c of this.clients) {
      const state = await c.dbs.db.syncState.get('state')
      if (!state) continue
      const before = this.seenCursor.get(c)
      if (before && before.epoch === state.epoch && state.cursor < before.cursor) {
        this.progressFailures.push(
          `client ${c.index}: cursor went back from ${before.cursor} to ${state.cursor} in epoch ${state.epoch}`,
        )
      }
      this.seenCursor.set(c, { epoch: state.epoch, cursor: state.cursor })
      const outbox = await c.dbs.db.outbox.count()
      const status = c.engine.getStatus()
      this.trace(
        `c${c.index}: cursor ${state.cursor}, mid ${state.lastMid}, pushed ${state.pushedThrough}, outbox ${outbox}, ${state.epoch === null ? 'no epoch' : (this.labels.get(state.epoch) ?? 'unknown epoch')}, ${status.phase}${status.blocked ? `, blocked (${status.blocked.reason})` : ''}`,
      )
    }
  }

  private async restartServer(): Promise<void> {
    this.trace('server restarts')
    this.stats.restarts++
    await this.settle()
    await this.server.restart()
  }

  /** the user writes offline, the app dies before the push, and comes back with its outbox */
  private async crashBeforePush(c: SimClient): Promise<void> {
    const wasOnline = c.network.online()
    c.network.set(false)
    await this.act(c)
    this.trace(`c${c.index} crashes before pushing`)
    await c.crash()
    c.network.set(wasOnline)
  }

  /**
   * P6: a tampered client pushes a write on a customer of another team (and, as an engineer, an admin-only one):
   * the server refuses it and nothing changes.
   */
  private async forge(): Promise<void> {
    const { bob } = this.users!
    // Nothing in flight: a restart or a crash earlier in this step may have started pushes, which would share the
    // forged push's group commit and move the version. With every engine idle, the version may only move if the
    // forged push wrote.
    await this.settle()
    // a customer of the red team now (customers move between teams during the run)
    const target = () =>
      this.server.db.read
        .selectFrom('customers')
        .selectAll()
        .where('team_id', '=', this.teams!.red)
        .orderBy('id')
        .executeTakeFirst()
    const red = await target()
    if (!red) return
    const before = await this.serverVersion()
    const clientId = this.rng.uuid()
    const sneakyId = this.rng.uuid()
    const at = new Date(this.clock.now()).toISOString()
    const res = await this.server.push(bob, {
      protocol: 1,
      clientId,
      mutations: [
        {
          mid: 1,
          name: 'customer.update',
          mv: 1,
          args: { customerId: red.id, baseVersion: before, name: 'Hijacked' },
          at,
        },
        {
          mid: 2,
          name: 'customer.create',
          mv: 1,
          args: { id: sneakyId, name: 'Sneaky', teamId: this.teams!.red },
          at,
        },
      ],
    })
    const sneaky = await this.server.db.read
      .selectFrom('customers')
      .select('id')
      .where('id', '=', sneakyId)
      .executeTakeFirst()
    this.forged.push({
      clientId,
      statuses: res.results.map((r) => `${r.status}:${r.error?.code ?? ''}`),
      versionBefore: before,
      versionAfter: await this.serverVersion(),
      targetChanged: JSON.stringify(await target()) !== JSON.stringify(red),
      created: sneaky !== undefined,
    })
    this.trace(`forged push by bob -> ${res.results.map((r) => r.status).join(',')}`)
  }

  readonly forged: {
    clientId: string
    statuses: string[]
    versionBefore: number
    versionAfter: number
    /** the other team's customer it tried to rename is not as it was */
    targetChanged: boolean
    /** the customer it tried to create in the other team exists */
    created: boolean
  }[] = []

  /** everyone online, no more faults, late requests delivered: sync until nothing changes */
  async quiesce(): Promise<void> {
    this.faults = noFaults
    for (const s of this.stale.splice(0)) await this.server.push(s.client.user, s.body)
    for (const c of this.clients) c.network.set(true)
    for (let round = 0; round < 12; round++) {
      this.clock.advance(2 * 60_000)
      for (const c of this.clients) await c.engine.syncNow()
      await this.settle()
      // after a restore, the user agrees to drop the local rows the restored server no longer has
      for (const c of this.clients) if (c.engine.getStatus().serverReset) await c.engine.confirmServerReset()
      const version = await this.serverVersion()
      let done = true
      for (const c of this.clients) {
        const state = await c.dbs.db.syncState.get('state')
        if ((await c.dbs.db.outbox.count()) > 0 || state?.cursor !== version) done = false
      }
      if (done) {
        // one more round: nothing may change any more
        for (const c of this.clients) await c.engine.syncNow()
        await this.settle()
        if ((await this.serverVersion()) === version) return
      }
    }
  }

  private async serverVersion(): Promise<number> {
    const meta = await this.server.db.read
      .selectFrom('meta')
      .select('version')
      .where('id', '=', 1)
      .executeTakeFirstOrThrow()
    return Number(meta.version)
  }

  // ---- the checks ----

  async check(): Promise<SimReport> {
    const db = this.server.db.read
    const failures: string[] = [...this.progressFailures]
    const fail = (message: string) => failures.push(message)
    /** whether the server's conflicts list or parked rejections hold this client's mid */
    const serverHolds = async (table: 'conflicts' | 'rejected_mutations', clientId: string, mid: number) =>
      (await db
        .selectFrom(table)
        .select('mid')
        .where('client_id', '=', clientId)
        .where('mid', '=', mid)
        .executeTakeFirst()) !== undefined
    let acknowledged = 0
    let flagged = 0
    let conflicts = 0
    let rejected = 0
    for (const c of this.clients) {
      const status = c.engine.getStatus()
      const tag = `client ${c.index} (${c.user.principal.username})`
      if (status.blocked) fail(`${tag} is blocked: ${status.blocked.message}`)
      const outbox = await c.dbs.db.outbox.count()
      if (outbox > 0) fail(`${tag} still has ${outbox} outbox entries`)
      const state = (await c.dbs.db.syncState.get('state'))!
      // P2: every mid this client made was resolved on the server, exactly once
      const serverClient = await db
        .selectFrom('clients')
        .selectAll()
        .where('client_id', '=', state.clientId)
        .executeTakeFirst()
      const serverLast = serverClient ? Number(serverClient.last_mutation_id) : 0
      if (serverLast !== state.lastMid)
        fail(`${tag}: server lastMutationId ${serverLast}, client made ${state.lastMid} mutations`)
      const audits = await db
        .selectFrom('audit_log')
        .select(['mid', 'action'])
        .where('kind', '=', 'mutation')
        .where('client_id', '=', state.clientId)
        .execute()
      const perMid = new Map<number, number>()
      const auditedAs = new Map<number, string>()
      for (const a of audits) {
        perMid.set(Number(a.mid), (perMid.get(Number(a.mid)) ?? 0) + 1)
        auditedAs.set(Number(a.mid), a.action)
      }
      for (let mid = 1; mid <= state.lastMid; mid++) {
        if (perMid.get(mid) !== 1)
          fail(`${tag}: mid ${mid} was applied ${perMid.get(mid) ?? 0} times on the server`)
      }
      // P3: the client was told how each of its writes ended (applied, flagged, conflict or rejected), and what it
      // was told is reflected on the server
      for (let mid = 1; mid <= state.lastMid; mid++) {
        if (!c.received.has(mid))
          fail(`${tag}: mid ${mid} left the outbox but the client was never told its result`)
      }
      for (const [mid, result] of c.received) {
        acknowledged++
        const stored = await db
          .selectFrom('mutation_results')
          .select('result')
          .where('client_id', '=', state.clientId)
          .where('mid', '=', mid)
          .executeTakeFirst()
        // the server stores every result but a plain "applied" one (its audit entry says so): a replay answers that
        if (!stored && auditedAs.get(mid) !== 'applied') {
          fail(`${tag}: mid ${mid} was acknowledged (${result.status}) but the server has no result for it`)
          continue
        }
        const serverResult: MutationResult = stored
          ? (JSON.parse(stored.result) as MutationResult)
          : { mid, status: 'applied' }
        // the server's final word may differ from what the client heard only after a restore from a backup (a
        // late copy of the request re-ran it there): an applied write then stays applied or its value is in the
        // conflicts list (P3), but a write the client heard was applied or conflicting is never rejected later
        if (
          serverResult.status !== result.status &&
          (this.stats.restores === 0 || serverResult.status === 'rejected')
        )
          fail(`${tag}: mid ${mid} acknowledged as ${result.status}, stored as ${serverResult.status}`)
        if (serverResult.status === 'conflict') {
          if (!(await serverHolds('conflicts', state.clientId, mid)))
            fail(`${tag}: mid ${mid} is a conflict but the server's conflicts list lacks it`)
        }
        if (result.status === 'conflict') {
          conflicts++
          if (!(await c.dbs.db.conflicts.get(mid)))
            fail(`${tag}: mid ${mid} was a conflict but the client does not show it`)
        } else if (result.status === 'rejected') {
          rejected++
          if (
            !(await serverHolds('rejected_mutations', state.clientId, mid)) &&
            serverResult.status === 'rejected'
          )
            fail(`${tag}: mid ${mid} was rejected but is not parked on the server`)
          if (!(await c.dbs.db.rejected.get(mid)))
            fail(`${tag}: mid ${mid} was rejected but the client does not show it`)
        } else {
          if (result.flags && result.flags.length > 0) flagged++
          // the row a create made is on the server
          const made = c.made.get(mid)
          const table = made ? createdTable[made.name] : undefined
          const id = (made?.args as { id?: unknown } | undefined)?.id
          if (table && typeof id === 'string') {
            const found = await db
              .selectFrom(table as 'contacts')
              .select('id')
              .where('id', '=', id)
              .executeTakeFirst()
            if (!found)
              fail(`${tag}: mid ${mid} (${made?.name}) was applied but ${table} ${id} is not on the server`)
          }
        }
      }
      // P4: the client's tables are the server's view of this user's scope
      const expected = new Map<string, StoredRow>()
      let cursor = 0
      for (;;) {
        const page = await this.server.pull(c.user, cursor, maxPullLimit)
        for (const ch of page.changes) {
          if ('row' in ch) expected.set(rowKey(ch.table, ch.id), ch.row as StoredRow)
          else expected.delete(rowKey(ch.table, ch.id))
        }
        cursor = page.cursor
        if (!page.more) break
      }
      const actual = new Map<string, StoredRow>()
      for (const t of syncedTables) for (const r of await c.rows(t)) actual.set(rowKey(t, r.id), r)
      for (const [k, row] of expected) {
        const mine = actual.get(k)
        if (!mine) fail(`${tag}: lacks ${named(k)}`)
        else if (JSON.stringify(sortKeys(mine)) !== JSON.stringify(sortKeys(row))) {
          fail(
            `${tag}: ${named(k)} differs\n  client ${JSON.stringify(sortKeys(mine))}\n  server ${JSON.stringify(sortKeys(row))}`,
          )
        }
      }
      for (const k of actual.keys())
        if (!expected.has(k)) fail(`${tag}: has ${named(k)}, outside the server's view`)
    }
    // P6: the forged writes were refused and changed nothing
    for (const f of this.forged) {
      // another team's customer reads as absent (no existence oracle); creating one in a team you are not in is
      // forbidden outright
      if (f.statuses.join(', ') !== 'rejected:not-found, rejected:forbidden')
        fail(`a forged push was not refused: ${f.statuses.join(', ')}`)
      if (f.targetChanged) fail('a forged push changed the customer of another team it named')
      if (f.created) fail('a forged push created a customer in another team')
      if (f.versionAfter !== f.versionBefore)
        fail(`a forged push changed the server (version ${f.versionBefore} -> ${f.versionAfter})`)
    }
    // P5: the Silver allowance holds in arrival order
    for (const f of this.fixtures) {
      const rows = await db
        .selectFrom('incidents')
        .select(['id', 'data', 'deleted'])
        .where('customer_id', '=', f.customerId)
        .execute()
      const within = rows
        .filter((r) => Number(r.deleted) === 0)
        .map((r) => (typeof r.data === 'string' ? JSON.parse(r.data) : r.data) as Record<string, unknown>)
        .filter(
          (i) =>
            i.subscriptionId === f.subscriptionId && i.severity === 'priority' && i.overAllowance !== true,
        )
      if (within.length > 5)
        fail(
          `subscription ${f.subscriptionId}: ${within.length} priority incidents within a Silver allowance of 5`,
        )
    }
    if (failures.length > 0) {
      throw new Error(
        `seed=${this.seed}: ${failures.length} failure(s)\n${failures.slice(0, 15).join('\n')}\n--- last events ---\n${this.log.slice(-40).join('\n')}`,
      )
    }
    return {
      seed: this.seed,
      mutations: this.stats.mutations,
      pushes: this.stats.pushes,
      acknowledged,
      flagged,
      conflicts,
      rejected,
      crashes: this.clients.reduce((n, c) => n + c.crashes, 0),
      restarts: this.stats.restarts,
      restores: this.stats.restores,
      moves: this.stats.moves,
      replays: this.stats.replays,
      lostAnswers: this.stats.lostAnswers,
      days: Math.round((this.clock.now() - this.start) / DAY),
      trace: this.log,
      stateHash: await this.stateHash(),
    }
  }

  // ---- the final state, for the determinism proof ----

  /**
   * The values the server makes up at random, not from the seed (team and user ids are UUIDv7, epochs random
   * UUIDs), by the label the hash and the trace use instead: a seed's state hash must not depend on them.
   */
  private readonly labels = new Map<string, string>()

  /** labels the server's current epoch (after it is opened and after a restore) */
  private async noteEpoch(): Promise<void> {
    const meta = await this.server.db.read
      .selectFrom('meta')
      .select('epoch')
      .where('id', '=', 1)
      .executeTakeFirstOrThrow()
    if (!this.labels.has(meta.epoch)) this.labels.set(meta.epoch, `epoch#${this.labels.size}`)
  }

  private normalize(value: unknown): string {
    let text = JSON.stringify(sortKeys(value)) ?? 'undefined'
    for (const [random, label] of this.labels) text = text.replaceAll(random, label)
    return text
  }

  /** every row of a table set, serialised and sorted (row order on disk is no part of the state) */
  private digestRows(hash: ReturnType<typeof createHash>, name: string, rows: unknown[]): void {
    hash.update(`\n# ${name}\n`)
    for (const line of rows.map((r) => this.normalize(r)).sort()) hash.update(`${line}\n`)
  }

  async stateHash(): Promise<string> {
    const hash = createHash('sha256')
    // the server: every table the sync protocol writes (users, sessions and tokens hold random salts and secrets
    // and are written by the setup only)
    const serverTables = [
      'meta',
      'clients',
      'mutation_results',
      'rejected_mutations',
      'conflicts',
      'audit_log',
      'scope_moves',
      'membership_changes',
      ...sqlEntityTables,
    ]
    for (const table of serverTables) {
      const { rows } = await sql<Record<string, unknown>>`select * from ${sql.table(table)}`.execute(
        this.server.db.read,
      )
      this.digestRows(hash, `server ${table}`, rows)
    }
    // every client: every table of its database
    for (const c of this.clients) {
      for (const table of [...c.dbs.db.tables].sort((a, b) => (a.name < b.name ? -1 : 1)))
        this.digestRows(hash, `c${c.index} ${table.name}`, await table.toArray())
    }
    return hash.digest('hex')
  }

  async close(): Promise<void> {
    for (const c of this.clients) {
      await c.engine.stop()
      c.dbs.close()
    }
    await this.server.close()
  }
}

/** the table a creating mutator writes its `args.id` row to */
const createdTable: Record<string, string> = {
  'incident.open': 'incidents',
  'incident.comment': 'incident_events',
  'timeEntry.log': 'time_entries',
  'supportPack.purchase': 'support_packs',
  'contact.add': 'contacts',
  'customer.create': 'customers',
}

/** a row key as a failure message shows it: `table/id` */
function named(key: string): string {
  const { table, id } = parseRowKey(key)
  return `${table}/${id}`
}

function sortKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortKeys)
  if (value && typeof value === 'object') {
    return Object.fromEntries(
      Object.entries(value as Record<string, unknown>)
        .filter(([, v]) => v !== undefined)
        .sort(([a], [b]) => (a < b ? -1 : 1))
        .map(([k, v]) => [k, sortKeys(v)]),
    )
  }
  return value
}

/** One seed, start to finish. Throws with `seed=N` in the message on any failure. */
export async function simulate(options: SimOptions): Promise<SimReport> {
  const world = new World(options.seed, options)
  world.loop.install()
  try {
    await world.setup()
    await world.run()
    await world.quiesce()
    return await world.check()
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error)
    if (message.startsWith(`seed=${options.seed}`)) throw error
    throw new Error(
      `seed=${options.seed}: ${message}\n--- last events ---\n${world.log.slice(-40).join('\n')}`,
      { cause: error },
    )
  } finally {
    await world.close().catch(() => {})
    world.loop.uninstall()
  }
}
