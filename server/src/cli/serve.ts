/**
 * `serve`: open (and migrate) the database, listen, and shut down gracefully: on SIGTERM/SIGINT stop accepting,
 * let in-flight requests finish their transaction, close sockets and the database, then exit. A second signal
 * exits at once.
 */
import type { Db } from '../db/connect'
import { createServer } from '../http/app'
import { SecretBox } from '../mail/secrets'

export interface ServeOptions {
  db: Db
  host: string
  port: number
  logLevel: string
  /** attachments are kept under `<dataDir>/attachments`; the mail secrets' key file (unless CASELOAD_MAIL_KEY) */
  dataDir: string
}

/** CASELOAD_ATTACHMENT_LIMIT_MB: the largest accepted attachment, in MiB (default 25) */
function attachmentLimit(): { attachmentLimitBytes?: number } {
  const raw = process.env.CASELOAD_ATTACHMENT_LIMIT_MB
  if (raw === undefined || raw === '') return {}
  const mb = Number(raw)
  if (!Number.isFinite(mb) || mb <= 0)
    throw new Error(`CASELOAD_ATTACHMENT_LIMIT_MB must be a positive number, not ${raw}`)
  return { attachmentLimitBytes: Math.floor(mb * 1024 * 1024) }
}

export async function serve(options: ServeOptions): Promise<void> {
  // CASELOAD_TEST_PUSH_DELAY_MS: a fault-injection hook for the crash test (kill -9 mid-batch); never set in production
  const delay = Number(process.env.CASELOAD_TEST_PUSH_DELAY_MS ?? 0)
  const server = await createServer({
    db: options.db,
    logLevel: options.logLevel,
    dataDir: options.dataDir,
    ...attachmentLimit(),
    ...(delay > 0 ? { pushDelayMs: delay } : {}),
    // CASELOAD_MAIL=off: this process neither reads mailboxes nor sends (see mail/service.ts);
    // CASELOAD_TEST_MAIL_HOLD=1 (crash test only): queue replies but never send them
    mail: {
      box: SecretBox.load(options.dataDir),
      fetch: process.env.CASELOAD_MAIL !== 'off',
      send: process.env.CASELOAD_MAIL !== 'off' && process.env.CASELOAD_TEST_MAIL_HOLD !== '1',
      pollMs: Number(process.env.CASELOAD_MAIL_POLL_MS ?? 60_000),
    },
  })
  const log = server.app.log
  let stopping = false
  const stop = (signal: string): void => {
    if (stopping) {
      log.warn({ signal }, 'second signal: exiting now')
      process.exit(1)
    }
    stopping = true
    log.info({ signal }, 'shutting down: finishing requests in flight')
    void (async () => {
      try {
        await server.close()
        await options.db.close()
        log.info('stopped')
        process.exit(0)
      } catch (error) {
        log.error({ err: error }, 'shutdown failed')
        process.exit(1)
      }
    })()
  }
  process.on('SIGTERM', () => stop('SIGTERM'))
  process.on('SIGINT', () => stop('SIGINT'))
  const address = await server.app.listen({ host: options.host, port: options.port })
  log.info(
    { address, database: options.db.dialect, location: options.db.location },
    'Caseload server listening',
  )
}
