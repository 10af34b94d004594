import type { TokenTtls } from '../auth/sessions'
import type { LoginRateLimiter } from '../auth/rate-limit'
import type { Principal } from '../auth/principal'
import type { Db } from '../db/connect'
import type { PokeBus } from '../sync/poke-bus'
import type { PokeHub } from '../sync/poke-hub'
import type { MutationRunner } from '../sync/push'
import type { MailService } from '../mail/service'

/** What the routes share: built once by createServer. */
export interface AppContext {
  db: Db
  hub: PokeHub
  bus: PokeBus
  limiter: LoginRateLimiter
  ttls: TokenTtls
  now: () => Date
  runMutation: MutationRunner
  /** the server's version, reported by /v1/health */
  version: string
  /** where attachment bytes are kept (`<dataDir>/attachments/…`) and the largest accepted upload */
  attachments: { dataDir: string; limitBytes: number }
  /** test hook for crash tests, see PushDeps.delayAfterEachMs */
  pushDelayMs?: number
  /** the email channel, when this process runs it */
  mail?: MailService
}

declare module 'fastify' {
  interface FastifyRequest {
    principal: Principal | null
  }
}
