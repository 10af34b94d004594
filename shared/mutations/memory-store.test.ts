import { MemoryStore } from './memory-store'
import { describeMutatorSuite, suiteUsers } from './store-suite.testkit'

describeMutatorSuite('memory', async () => new MemoryStore({ users: suiteUsers }))
