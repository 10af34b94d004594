/** Test harness: one client (database + engine) against a FakeServer, with manual network, lock and clock. */
import type { CaseloadDatabases } from '../db/database'
import { SyncEngine, type SyncEngineDeps } from '../sync/engine'
import { InProcessLeaderLock, ManualNetworkStatus, seededRandom } from '../sync/platform'
import { freshIdb, testDatabases } from './fake-idb'
import { FakeScheduler } from './fake-scheduler'
import type { FakeServer } from './fake-server'
import { FakeLiveChannel, testRunner, transportFor, type TestMutations } from './fake-server'

let clients = 0

/** `M`: the mutations its engine accepts (the test registry's unless its runner is another) */
export interface TestClient<M extends object = TestMutations> {
  engine: SyncEngine<M>
  dbs: CaseloadDatabases
  network: ManualNetworkStatus
  scheduler: FakeScheduler
  live: FakeLiveChannel
  clientId: string
}

export function makeClient<M extends object = TestMutations>(
  server: FakeServer,
  options: Partial<SyncEngineDeps> & {
    dbs?: CaseloadDatabases
    online?: boolean
    lock?: InProcessLeaderLock
  } = {},
): TestClient<M> {
  const n = ++clients
  const clientId = `0190c2a0-0000-7000-8000-${String(n).padStart(12, '0')}`
  const dbs = options.dbs ?? testDatabases(freshIdb())
  const network = new ManualNetworkStatus(options.online ?? true)
  const scheduler = (options.scheduler as FakeScheduler | undefined) ?? new FakeScheduler()
  const live = (options.live as FakeLiveChannel | undefined) ?? new FakeLiveChannel()
  let boundId = clientId
  const engine = new SyncEngine<M>({
    db: dbs.db,
    strictDb: dbs.strictDb,
    runner: testRunner,
    transport: transportFor(server, () => boundId),
    session: () => ({ userId: 'u1', role: 'engineer', teamIds: ['t1'] }),
    live,
    network,
    lock: options.lock ?? new InProcessLeaderLock(),
    scheduler,
    random: seededRandom(42),
    newId: () => clientId,
    ...options,
  })
  // the engine may reuse a clientId already in the database
  void dbs.db.syncState.get('state').then((s) => (boundId = s?.clientId ?? clientId))
  return { engine, dbs, network, scheduler, live, clientId }
}

/** Waits for Dexie's live queries to settle, then for the engine's loop. */
export async function settle(engine: Pick<SyncEngine, 'idle'>): Promise<void> {
  for (let i = 0; i < 5; i++) {
    await new Promise((r) => setTimeout(r, 5))
    await engine.idle()
  }
}
