/** The deterministic simulation (test/sim/sim.ts), seeds ≡ 0 (mod 4). */
import { runSeeds } from './seeds'

runSeeds(0)
