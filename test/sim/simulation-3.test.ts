/** The deterministic simulation (test/sim/sim.ts), seeds ≡ 2 (mod 4). */
import { runSeeds } from './seeds'

runSeeds(2)
