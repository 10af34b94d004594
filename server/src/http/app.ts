/**
 * The Fastify app factory. Tests build it on a real loopback port (`listen({ host: '127.0.0.1', port: 0 })`);
 * the CLI's `serve` does the same on the configured address. The caller owns the database handle.
 */
import { readFileSync } from 'node:fs'
import websocket from '@fastify/websocket'
import Fastify, { type FastifyInstance } from 'fastify'
import { applyMutation } from '@shared/mutations/apply'
import { defaultAttachmentLimitBytes } from '../attachments/store'
import { LoginRateLimiter, SqlFailureLog, type RateLimitOptions } from '../auth/rate-limit'
import { defaultTtls, type TokenTtls } from '../auth/sessions'
import type { Db } from '../db/connect'
import { LocalPokeBus, PgPokeBus, type PokeBus } from '../sync/poke-bus'
import { PokeHub } from '../sync/poke-hub'
import { startSessionSweeper } from '../sync/session-sweeper'
import type { MutationRunner } from '../sync/push'
import type { AppContext } from './context'
import { installCors } from './cors'
import { installErrorHandler } from './error-handler'
import { loggerOptions } from './logger'
import { attachmentRoutes } from './routes/attachments'
import { authRoutes } from './routes/auth'
import { directoryRoutes } from './routes/directory'
import { healthRoutes } from './routes/health'
import { syncRoutes } from './routes/sync'
import { mailRoutes } from './routes/mail'
import { MailService, type MailOptions } from '../mail/service'

export interface ServerOptions {
  db: Db
  /** pino level ('silent' in tests); default 'info' */
  logLevel?: string
  now?: () => Date
  runMutation?: MutationRunner
  rateLimit?: RateLimitOptions
  ttls?: TokenTtls
  /** largest accepted body in bytes (a push of 500 mutations fits well within the default 2 MiB) */
  bodyLimit?: number
  /** crash tests only: pause inside the push transaction after each mutation */
  pushDelayMs?: number
  /** origins allowed besides app:// and loopback pages (default: CASELOAD_CORS_ORIGINS, comma-separated) */
  corsOrigins?: string[]
  /** how often live sockets' sessions are re-checked (ms) */
  sessionSweepMs?: number
  /** the email channel (server/src/mail): mailbox secrets' key, and whether to fetch and send here */
  mail?: MailOptions
  /** the data directory; attachments are kept under `<dataDir>/attachments` (default ./data) */
  dataDir?: string
  /** largest accepted attachment in bytes (default 25 MiB; CLI: CASELOAD_ATTACHMENT_LIMIT_MB) */
  attachmentLimitBytes?: number
  /** where logs go (default stdout); tests capture them here */
  logStream?: { write(line: string): void }
}

export interface CaseloadServer {
  app: FastifyInstance
  hub: PokeHub
  /** stops accepting, lets in-flight requests (and their transactions) finish, closes sockets and the poke bus */
  close(): Promise<void>
}

function packageVersion(): string {
  try {
    const pkg = JSON.parse(readFileSync(new URL('../../../package.json', import.meta.url), 'utf8')) as {
      version?: string
    }
    return pkg.version ?? '0.0.0'
  } catch {
    return '0.0.0'
  }
}

const defaultRunner: MutationRunner = (store, call, ctx) => applyMutation(store, call, ctx)

export async function createServer(options: ServerOptions): Promise<CaseloadServer> {
  const logger = loggerOptions(options.logLevel ?? 'info')
  const app = Fastify({
    logger:
      options.logStream && typeof logger === 'object' ? { ...logger, stream: options.logStream } : logger,
    bodyLimit: options.bodyLimit ?? 2 * 1024 * 1024,
    // keep-alive connections that are idle when we close are dropped; busy ones finish their request
    forceCloseConnections: 'idle',
    return503OnClosing: true,
  })
  const hub = new PokeHub()
  const bus: PokeBus =
    options.db.dialect === 'postgres' && options.db.pgUrl
      ? await PgPokeBus.start(options.db.pgUrl, hub, app.log)
      : new LocalPokeBus(hub)
  const attachments = {
    dataDir: options.dataDir ?? './data',
    limitBytes: options.attachmentLimitBytes ?? defaultAttachmentLimitBytes,
  }
  const ctx: AppContext = {
    db: options.db,
    hub,
    bus,
    limiter: new LoginRateLimiter(
      new SqlFailureLog(options.db.write, options.db.dialect),
      options.rateLimit,
      options.now ? () => options.now!().getTime() : Date.now,
    ),
    ttls: options.ttls ?? defaultTtls,
    now: options.now ?? (() => new Date()),
    runMutation: options.runMutation ?? defaultRunner,
    version: packageVersion(),
    pushDelayMs: options.pushDelayMs,
    mail: options.mail
      ? new MailService(
          {
            db: options.db,
            bus,
            now: options.now ?? (() => new Date()),
            log: app.log,
            dataDir: attachments.dataDir,
            attachmentLimitBytes: attachments.limitBytes,
          },
          options.mail,
        )
      : undefined,
    attachments,
  }
  app.decorateRequest('principal', null)
  installErrorHandler(app)
  installCors(
    app,
    options.corsOrigins ??
      (process.env.CASELOAD_CORS_ORIGINS ?? '')
        .split(',')
        .map((o) => o.trim())
        .filter(Boolean),
  )
  await app.register(websocket, { options: { maxPayload: 64 * 1024 } })
  healthRoutes(app, ctx)
  authRoutes(app, ctx)
  syncRoutes(app, ctx)
  directoryRoutes(app, ctx)
  mailRoutes(app, ctx)
  await ctx.mail?.start()
  attachmentRoutes(app, ctx)

  // While closing, answers tell keep-alive clients to hang up, and connections that turn idle after their last
  // answer are dropped: app.close() then waits only for requests in flight, not for keep-alive timeouts.
  const sweeper = startSessionSweeper(options.db, hub, options.sessionSweepMs)
  let closing: Promise<void> | undefined
  app.addHook('onSend', async (_request, reply) => {
    if (closing) void reply.header('connection', 'close')
  })
  return {
    app,
    hub,
    close() {
      closing ??= (async () => {
        sweeper.stop()
        const idleSweeper = setInterval(() => app.server.closeIdleConnections(), 50)
        try {
          await app.close()
        } finally {
          clearInterval(idleSweeper)
        }
        await ctx.mail?.stop()
        await bus.close()
      })()
      return closing
    },
  }
}
