/**
 * The mail bench's SMTP server (smtp-server on a free loopback port): it accepts everything and notes, per
 * Message-ID, how many times and when (performance.now(), this process's clock) the message was accepted. It
 * does not parse what it receives (test/support/smtp-sink.ts does, for the tests' assertions): here that work
 * would be counted against whichever sender is measured.
 */
import { SMTPServer } from 'smtp-server'

export interface BenchSink {
  host: string
  port: number
  /** Message-ID (without brackets) → accept times, one per copy received */
  accepted: Map<string, number[]>
  /** mails accepted so far, copies included */
  count(): number
  /** resolves once `n` mails arrived in all (or rejects after the timeout) */
  waitFor(n: number, timeoutMs?: number): Promise<void>
  stop(): Promise<void>
}

const messageIdHeader = /^message-id:[ \t]*<([^>\r\n]+)>/im

export async function startBenchSink(): Promise<BenchSink> {
  const accepted = new Map<string, number[]>()
  let total = 0
  let waiter: { n: number; resolve: () => void } | undefined
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    logger: false,
    onData(stream, _session, callback) {
      const chunks: Buffer[] = []
      stream.on('data', (c: Buffer) => chunks.push(c))
      stream.on('end', () => {
        const raw = Buffer.concat(chunks).toString('latin1')
        const end = raw.search(/\r?\n\r?\n/)
        const head = end < 0 ? raw : raw.slice(0, end)
        const id = messageIdHeader.exec(head)?.[1] ?? '(none)'
        // stamped when the message is whole, just before the 250 that accepts it
        const times = accepted.get(id) ?? []
        times.push(performance.now())
        accepted.set(id, times)
        total++
        if (waiter && total >= waiter.n) waiter.resolve()
        callback()
      })
    },
  })
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject)
    server.listen(0, '127.0.0.1', () => resolve())
  })
  const address = server.server.address()
  return {
    host: '127.0.0.1',
    port: typeof address === 'object' && address ? address.port : 0,
    accepted,
    count: () => total,
    waitFor(n, timeoutMs = 120_000) {
      if (total >= n) return Promise.resolve()
      return new Promise<void>((resolve, reject) => {
        const timer = setTimeout(() => {
          waiter = undefined
          reject(new Error(`SMTP sink: ${total} of ${n} mails arrived in ${timeoutMs} ms`))
        }, timeoutMs)
        waiter = {
          n,
          resolve: () => {
            clearTimeout(timer)
            waiter = undefined
            resolve()
          },
        }
      })
    },
    stop: () => new Promise<void>((resolve) => server.close(() => resolve())),
  }
}
