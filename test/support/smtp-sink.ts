/**
 * An SMTP sink for the mail tests (smtp-server on a free loopback port): it accepts every message and keeps it
 * with its envelope and its raw text, so a test can count what was sent and read its headers. `reject` makes it
 * answer the next messages with an SMTP error (to test failed delivery and retry). With `auth` it accepts only
 * that user and password (535 for anything else), without it any sign-in. It offers no STARTTLS, so AUTH is
 * allowed on the plain loopback connection (smtp-server refuses AUTH before STARTTLS when STARTTLS is offered).
 * It runs in the test's own process: a child process talking to it must be spawned asynchronously
 * (test/support/cli.ts runServerCliAsync), or the sink can't even send its greeting.
 */
import { SMTPServer } from 'smtp-server'
import { simpleParser, type ParsedMail } from 'mailparser'

export interface SunkMail {
  from: string
  to: string[]
  raw: string
  parsed: ParsedMail
}

export interface SmtpSink {
  host: string
  port: number
  mails: SunkMail[]
  /** answer the next messages with this code and message (e.g. 550 "No such user"); null to accept again */
  reject(next: { code: number; message: string } | null): void
  /**
   * Keeps the next messages unanswered (the sender waits on the SMTP DATA reply, so its reply stays "queued")
   * until the returned function is called; then they are answered as usual.
   */
  hold(): () => void
  /** resolves once `n` mails arrived (or rejects after the timeout) */
  waitFor(n: number, timeoutMs?: number): Promise<SunkMail[]>
  stop(): Promise<void>
}

export interface SmtpSinkOptions {
  port?: number
  /** the only credentials accepted */
  auth?: { user: string; pass: string }
}

export async function startSmtpSink(options: SmtpSinkOptions | number = {}): Promise<SmtpSink> {
  const { port = 0, auth } = typeof options === 'number' ? { port: options } : options
  const mails: SunkMail[] = []
  let rejection: { code: number; message: string } | null = null
  let gate: Promise<void> | null = null
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    logger: false,
    // a sender's pooled connection may stay open (the e2e server keeps running): close it at stop, no 30 s wait
    closeTimeout: 1000,
    onAuth(given, _session, callback) {
      if (auth && (given.username !== auth.user || given.password !== auth.pass)) {
        callback(new Error('Invalid username or password'))
        return
      }
      callback(null, { user: given.username ?? 'sink' })
    },
    onData(stream, session, callback) {
      const chunks: Buffer[] = []
      stream.on('data', (c: Buffer) => chunks.push(c))
      const answer = () => {
        if (rejection) {
          const err = Object.assign(new Error(rejection.message), { responseCode: rejection.code })
          callback(err)
          return
        }
        const raw = Buffer.concat(chunks).toString('utf8')
        void simpleParser(raw).then((parsed) => {
          mails.push({
            from: session.envelope.mailFrom ? session.envelope.mailFrom.address : '',
            to: session.envelope.rcptTo.map((r) => r.address),
            raw,
            parsed,
          })
          callback()
        }, callback)
      }
      stream.on('end', () => void (gate ?? Promise.resolve()).then(answer))
    },
  })
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject)
    server.listen(port, '127.0.0.1', () => resolve())
  })
  const address = server.server.address()
  const actualPort = typeof address === 'object' && address ? address.port : port
  return {
    host: '127.0.0.1',
    port: actualPort,
    mails,
    reject(next) {
      rejection = next
    },
    hold() {
      let release = () => {}
      gate = new Promise<void>((resolve) => (release = resolve))
      return () => {
        gate = null
        release()
      }
    },
    async waitFor(n, timeoutMs = 15_000) {
      const deadline = Date.now() + timeoutMs
      while (mails.length < n) {
        if (Date.now() > deadline) throw new Error(`SMTP sink: ${mails.length} of ${n} mails arrived`)
        await new Promise((r) => setTimeout(r, 25))
      }
      return mails
    },
    stop: () => new Promise<void>((resolve) => server.close(() => resolve())),
  }
}
