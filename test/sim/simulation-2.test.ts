/** The deterministic simulation (test/sim/sim.ts), seeds ≡ 1 (mod 4). */
import { runSeeds } from './seeds'

runSeeds(1)
