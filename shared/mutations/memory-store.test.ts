import { MemoryStore } from './memory-store'
import { describeMutatorSuite } from './store-suite.testkit'

describeMutatorSuite('memory', async () => new MemoryStore())
