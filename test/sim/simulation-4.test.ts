/** The deterministic simulation (test/sim/sim.ts), seeds ≡ 3 (mod 4). */
import { runSeeds } from './seeds'

runSeeds(3)
