/**
 * The mail servers a server test file talks to: one Dovecot and/or one SMTP sink started before the file's
 * tests and stopped after them, with the throwaway PostgreSQL cluster the file's `dialects` may have started.
 * Read `servers.dovecot` / `servers.sink` inside tests and hooks (they exist from the file's first beforeAll).
 */
import { afterAll, beforeAll } from 'vitest'
import { stopPostgres } from './databases'
import { startDovecot, type Dovecot } from './dovecot'
import { startSmtpSink, type SmtpSink, type SmtpSinkOptions } from './smtp-sink'

export interface MailServers {
  readonly dovecot: Dovecot
  readonly sink: SmtpSink
}

export function useMailServers(want: { dovecot?: boolean; sink?: boolean | SmtpSinkOptions }): MailServers {
  let dovecot: Dovecot | undefined
  let sink: SmtpSink | undefined
  beforeAll(async () => {
    if (want.dovecot) dovecot = await startDovecot()
    if (want.sink) sink = await startSmtpSink(want.sink === true ? {} : want.sink)
  }, 30_000)
  afterAll(async () => {
    await sink?.stop()
    await dovecot?.stop()
    await stopPostgres()
  })
  const started = <T>(server: T | undefined, name: string): T => {
    if (server === undefined)
      throw new Error(`useMailServers: no ${name} (not asked for, or read before beforeAll)`)
    return server
  }
  return {
    get dovecot() {
      return started(dovecot, 'Dovecot')
    },
    get sink() {
      return started(sink, 'SMTP sink')
    },
  }
}
