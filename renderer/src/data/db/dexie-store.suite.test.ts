import 'fake-indexeddb/auto'
import { describeMutatorSuite } from '@shared/mutations/store-suite.testkit'
import { applyMutation } from '@shared/mutations/apply'
import type { CaseloadDb } from './database'
import { DexieStore } from './dexie-store'
import { testDb } from '../testing/fake-idb'

// The mutators' shared suite on the Dexie Store (the client does not stamp versions: the server owns them), run
// the way the engine's `mutate` runs a mutation: each one inside ONE explicit rw transaction, through
// applyMutation, with the Store bound to that transaction. The body is deliberately a plain (non-async)
// function: Dexie grants no zone echoes to it, so this proves the Store does not depend on Dexie's zone surviving
// applyMutation's native awaits (that dependency was the PrematureCommitError: see dexie-store.ts).
let db: CaseloadDb
describeMutatorSuite(
  'dexie',
  async () => {
    db = testDb()
    await db.open()
    return new DexieStore(db)
  },
  {
    stampsVersions: false,
    // a client store doesn't know the users: who may be assigned is the server's to decide
    knowsUsers: false,
    apply: (_store, call, ctx) =>
      db.transaction('rw', [...db.syncedTableNames(), 'shadows'], (tx) =>
        applyMutation(new DexieStore(db, { trackShadows: true, transaction: tx }), call, ctx),
      ),
  },
)
