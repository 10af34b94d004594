import 'fake-indexeddb/auto'
import { describeMutatorSuite } from '@shared/mutations/store-suite.testkit'
import { DexieStore } from './dexie-store'
import { testDb } from '../testing/fake-idb'

// The mutators' shared suite on the Dexie Store (the client does not stamp versions: the server owns them).
// Each Store call runs in its own implicit Dexie transaction here. Running applyMutation inside ONE explicit
// Dexie transaction (what the engine's mutate does) currently fails with PrematureCommitError on fake-indexeddb:
// under investigation, see the data layer's report.
describeMutatorSuite(
  'dexie',
  async () => {
    const db = testDb()
    await db.open()
    return new DexieStore(db)
  },
  { stampsVersions: false },
)
