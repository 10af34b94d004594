/**
 * The email channel (npm run bench -- mail), on a real Dovecot and a real SMTP server on loopback.
 *
 * Inbound: 1,000 mails of a support inbox (mail-corpus.ts: named contacts of twelve customers, replies threading
 * by References and by ticket token, HTML, ISO-8859-1 and Windows-1252, auto-replies, bounces, strangers,
 * duplicates) are in the Dovecot Maildir, indexed as delivery would have left them; the clock runs while the
 * server's fetcher reads them over IMAP and each is parsed, classified, threaded and committed (incident.open /
 * mail.receive, \Seen, the UID cursor), until the last one has. Baseline in the same run: mailparser parsing the
 * same 1,000 raw messages, with the options the server parses with — the share of the work that is parsing.
 *
 * Outbound: 1,000 replies "to customer" pushed over HTTP as engineers' clients push them (4 clients, 5 replies
 * a push, each push sent when the last answered), queued in the push's transaction and sent by the server's
 * outbox sender to the SMTP server. Mails/s from the first push to the last accept; p50/p95 from the push's
 * answer (its commit) to the SMTP server's accept, per Message-ID. Baseline in the same run: nodemailer sending
 * 1,000 mails of the same shape, pre-built, straight to the same server over the same transport settings (once
 * before and once after, the mean: the machine's load drifts). For context: how fast the replies were pushed,
 * and the sender's rate on what was still queued once the pushes were done (the pushes' synchronous SQLite
 * work holds the event loop, so little is sent while they last).
 *
 * Both end by checking the outcome (every mail's disposition and incident, the rows committed; every reply
 * accepted exactly once and recorded sent), so the bench fails rather than measure a broken path.
 */
import { randomBytes } from 'node:crypto'
import { simpleParser } from 'mailparser'
import nodemailer from 'nodemailer'
import { v7 as uuidv7 } from 'uuid'
import { fetchOnce } from '../../server/src/mail/fetcher'
import { countDispositions } from '../../server/src/mail/inbound'
import { addMailbox, mailboxConnection, type MailboxConnection } from '../../server/src/mail/mailboxes'
import { SecretBox } from '../../server/src/mail/secrets'
import { senderTransportOptions } from '../../server/src/mail/sender'
import { LocalPokeBus } from '../../server/src/sync/poke-bus'
import {
  licensedCustomer,
  postgresAvailable,
  startBenchServer,
  type BenchServer,
} from '../support/bench-server'
import { startDovecot, type Dovecot } from '../support/dovecot'
import { loginAs } from '../support/server'
import { TestClient } from '../support/sync-client'
import { percentile, type Benchmark, type BenchRow } from './harness'
import { mailCorpus, type Corpus, type CorpusContact } from './mail-corpus'
import { startBenchSink, type BenchSink } from './mail-sink'

const MAILS = 1000
const REPLIES = 1000
const CLIENTS = 4
const REPLIES_PER_PUSH = 5
const WARM_UP = 20
const ADDRESS = 'support@desk.test'

function rate(n: number, ms: number): number {
  return (n / ms) * 1000
}

/** the twelve customers, their contacts, and a license under an active subscription for most of them */
async function seedCustomers(b: BenchServer, corpus: Corpus, today: string): Promise<void> {
  const c = new TestClient(b.url, b.adminToken)
  const mutations = corpus.customers.flatMap(({ name, licensed, contacts }) => {
    const addContact = (customerId: string, contact: CorpusContact) =>
      c.mutation('contact.add', { id: uuidv7(), customerId, ...contact })
    if (!licensed) {
      const customerId = uuidv7()
      return [
        c.mutation('customer.create', { id: customerId, name, teamId: b.teamId }),
        ...contacts.map((contact) => addContact(customerId, contact)),
      ]
    }
    const [first, ...others] = contacts
    const licensedOne = licensedCustomer(c, b.teamId, name, first!)
    const { customerId, licenseId } = licensedOne
    return [
      ...licensedOne.mutations,
      ...others.map((contact) => addContact(customerId, contact)),
      c.mutation('subscription.buy', {
        id: uuidv7(),
        customerId,
        licenseId,
        planId: 'softartisans-gold',
        start: today,
      }),
    ]
  })
  const res = await c.pushOk(mutations)
  const refused = res.results.filter((r) => r.status !== 'applied')
  if (refused.length > 0) throw new Error(`seeding customers failed: ${JSON.stringify(refused[0])}`)
}

/** mailparser on every raw message, as parse.ts calls it; returns mails/s */
async function parseAlone(corpus: Corpus): Promise<number> {
  const options = { skipImageLinks: true, skipTextToHtml: true, skipHtmlToText: true }
  for (const m of corpus.mails.slice(0, 50)) await simpleParser(m.raw, options) // warm-up: JIT
  const start = performance.now()
  for (const m of corpus.mails) await simpleParser(m.raw, options)
  return rate(corpus.mails.length, performance.now() - start)
}

async function jsonRows(
  b: BenchServer,
  table: 'incidents' | 'incident_events',
): Promise<Array<Record<string, unknown>>> {
  const rows = await b.db.read.selectFrom(table).select('data').execute()
  return rows.map(
    (r) => (typeof r.data === 'string' ? JSON.parse(r.data) : r.data) as Record<string, unknown>,
  )
}

/** every mail's outcome as the corpus says, and the committed rows to match */
async function checkInbound(
  b: BenchServer,
  corpus: Corpus,
  outcomes: Awaited<ReturnType<typeof fetchOnce>>,
): Promise<void> {
  if (outcomes.length !== corpus.mails.length)
    throw new Error(`inbound: ${outcomes.length} of ${corpus.mails.length} mails were read`)
  for (const [i, m] of corpus.mails.entries()) {
    const got = outcomes[i]!
    if (
      got.messageId !== m.messageId ||
      got.disposition !== m.expect.disposition ||
      got.incidentId !== m.expect.incidentId
    )
      throw new Error(`inbound mail ${i}: expected ${JSON.stringify(m.expect)}, got ${JSON.stringify(got)}`)
  }
  const ledger = await countDispositions(b.db)
  const unique = { ...corpus.expected }
  delete unique.duplicate // a duplicate adds no row: its first copy has it
  for (const [disposition, n] of Object.entries(unique))
    if (ledger[disposition] !== n)
      throw new Error(`inbound: ${ledger[disposition]} ${disposition} rows, not ${n}`)
  const incidents = await jsonRows(b, 'incidents')
  const mailIn = (await jsonRows(b, 'incident_events')).filter((e) => e['kind'] === 'mail-in')
  const expectIn = (corpus.expected.incident ?? 0) + (corpus.expected.reply ?? 0)
  if (incidents.length !== corpus.expected.incident || mailIn.length !== expectIn)
    throw new Error(
      `inbound: ${incidents.length} incidents and ${mailIn.length} mail-in events, not ${corpus.expected.incident} and ${expectIn}`,
    )
  const unmatched = await b.db.read.selectFrom('mail_unmatched').select('id').execute()
  if (unmatched.length !== (corpus.expected.unmatched ?? 0))
    throw new Error(`inbound: ${unmatched.length} unmatched mails, not ${corpus.expected.unmatched}`)
}

async function inbound(
  b: BenchServer,
  dovecot: Dovecot,
  conn: MailboxConnection,
  corpus: Corpus,
  dialect: string,
): Promise<BenchRow[]> {
  dovecot.deliverToMaildir(corpus.mails.map((m) => m.raw))
  // Dovecot indexes new mail when a client first opens the mailbox: do it now, as delivery would have
  const look = await dovecot.client()
  const status = await look.status('INBOX', { messages: true })
  await look.logout()
  const held = status ? status.messages : undefined
  if (held !== corpus.mails.length) throw new Error(`Dovecot holds ${held} mails, not ${corpus.mails.length}`)

  const parsed = await parseAlone(corpus)
  const deps = {
    db: b.db,
    dataDir: b.dataDir,
    now: () => new Date(),
    ...(b.db.dialect === 'sqlite' ? { bus: new LocalPokeBus(b.server.hub) } : {}),
  }
  const start = performance.now()
  const outcomes = await fetchOnce(deps, conn)
  const ms = performance.now() - start
  await checkInbound(b, corpus, outcomes)
  return [
    {
      benchmark: `inbound ${corpus.mails.length} mails IMAP → committed vs mailparser alone (${dialect})`,
      metric: 'mails/s',
      value: rate(corpus.mails.length, ms),
      baseline: parsed,
      higherIsBetter: true,
    },
  ]
}

interface Pushed {
  /** event id → when its push answered (performance.now()) */
  answeredAt: Map<string, number>
  start: number
}

/** `n` replies over CLIENTS engineers' clients, REPLIES_PER_PUSH a push, each push after the last answered */
async function pushReplies(clients: TestClient[], incidents: string[], n: number): Promise<Pushed> {
  const answeredAt = new Map<string, number>()
  const perClient = Math.ceil(n / clients.length)
  let made = 0
  const plans = clients.map((c) => {
    const pushes: Array<ReturnType<TestClient['mutation']>[]> = []
    for (let i = 0; i < perClient && made < n; i += REPLIES_PER_PUSH) {
      const batch = Array.from({ length: Math.min(REPLIES_PER_PUSH, n - made) }, () => {
        const id = uuidv7()
        const incidentId = incidents[made++ % incidents.length]!
        return c.mutation('incident.respond', {
          id,
          incidentId,
          body: `Thank you, we are looking into it.\n\nCould you send us the log of ${id.slice(-4)}?\n\nThe desk`,
        })
      })
      pushes.push(batch)
    }
    return { c, pushes }
  })
  const start = performance.now()
  await Promise.all(
    plans.map(async ({ c, pushes }) => {
      for (const batch of pushes) {
        const res = await c.pushOk(batch)
        const at = performance.now()
        if (res.results.some((r) => r.status !== 'applied'))
          throw new Error(
            `reply push refused: ${JSON.stringify(res.results.find((r) => r.status !== 'applied'))}`,
          )
        for (const m of batch) answeredAt.set((m.args as { id: string }).id, at)
      }
    }),
  )
  return { answeredAt, start }
}

/** every reply accepted exactly once, no stray mail, and each recorded sent */
async function checkOutbound(
  b: BenchServer,
  sink: BenchSink,
  ids: Iterable<string>,
  expectTotal: number,
): Promise<void> {
  // a second copy (a claim taken twice) would come within a sender tick or two
  await new Promise((r) => setTimeout(r, 1500))
  if (sink.count() !== expectTotal) throw new Error(`SMTP sink: ${sink.count()} mails, not ${expectTotal}`)
  for (const id of ids) {
    const copies = sink.accepted.get(`${id}@desk.test`)?.length ?? 0
    if (copies !== 1) throw new Error(`reply ${id} arrived ${copies} times`)
  }
  const deadline = Date.now() + 30_000
  for (;;) {
    const unsent = await b.db.read
      .selectFrom('mail_outbox')
      .select((eb) => eb.fn.countAll<number | string>().as('n'))
      .where('state', '!=', 'sent')
      .executeTakeFirstOrThrow()
    if (Number(unsent.n) === 0) return
    if (Date.now() > deadline) throw new Error(`${unsent.n} replies not recorded as sent`)
    await new Promise((r) => setTimeout(r, 50))
  }
}

/**
 * Mails as the sender builds them, from the outbox rows there are (cycled to make `n`): a function of a tag that
 * gives every copy its own Message-ID (`tag-i@…`).
 */
async function prebuilt(b: BenchServer, conn: MailboxConnection, n: number) {
  const rows = await b.db.read.selectFrom('mail_outbox').selectAll().orderBy('queued_ms').execute()
  if (rows.length === 0) throw new Error('prebuilt: no outbox rows to copy')
  return (tag: string) =>
    Array.from({ length: n }, (_, i) => {
      const row = rows[i % rows.length]!
      return {
        from: conn.displayName ? { name: conn.displayName, address: conn.address } : conn.address,
        to: row.to_address,
        subject: row.subject,
        text: row.body,
        messageId: `<${tag}-${i}@desk.test>`,
        ...(row.in_reply_to ? { inReplyTo: row.in_reply_to } : {}),
        ...(row.refs ? { references: row.refs } : {}),
      }
    })
}

/** nodemailer alone: `mails` handed to one pooled transport at once; mails/s until the last accept */
async function sendDirect(
  conn: MailboxConnection,
  sink: BenchSink,
  mails: ReturnType<Awaited<ReturnType<typeof prebuilt>>>,
): Promise<number> {
  const transport = nodemailer.createTransport(senderTransportOptions(conn))
  try {
    const start = performance.now()
    await Promise.all(mails.map((m) => transport.sendMail(m)))
    const last = Math.max(...mails.map((m) => sink.accepted.get(m.messageId.slice(1, -1))?.[0] ?? Infinity))
    return rate(mails.length, last - start)
  } finally {
    transport.close()
  }
}

async function outbound(
  b: BenchServer,
  sink: BenchSink,
  conn: MailboxConnection,
  incidents: string[],
  dialect: string,
): Promise<BenchRow[]> {
  const clients = await Promise.all(
    Array.from(
      { length: CLIENTS },
      async () => new TestClient(b.url, (await loginAs(b.url, 'engineer')).accessToken),
    ),
  )
  // warm-up of both sides (JIT, the pool's connections, statement caches): not measured
  const warm = await pushReplies(clients, incidents, WARM_UP)
  await sink.waitFor(WARM_UP)
  await checkOutbound(b, sink, warm.answeredAt.keys(), WARM_UP)
  await sendDirect(conn, sink, (await prebuilt(b, conn, WARM_UP))('warm'))

  // nodemailer alone before and after (the machine's load drifts over a run): the baseline is their mean
  const mails = await prebuilt(b, conn, REPLIES)
  const directBefore = await sendDirect(conn, sink, mails('before'))
  const base = sink.count()
  const pushed = await pushReplies(clients, incidents, REPLIES)
  const pushesDone = performance.now()
  const queuedThen = base + REPLIES - sink.count()
  await sink.waitFor(base + REPLIES)
  const acceptOf = (id: string): number => sink.accepted.get(`${id}@desk.test`)?.[0] ?? Number.NaN
  const last = Math.max(...[...pushed.answeredAt.keys()].map(acceptOf))
  const latencies = [...pushed.answeredAt.entries()].map(([id, at]) => acceptOf(id) - at)
  await checkOutbound(b, sink, [...warm.answeredAt.keys(), ...pushed.answeredAt.keys()], base + REPLIES)
  const directAfter = await sendDirect(conn, sink, mails('after'))
  const direct = (directBefore + directAfter) / 2

  return [
    {
      benchmark: `outbound ${REPLIES} replies, first push → last SMTP accept vs nodemailer alone to the same server (${dialect})`,
      metric: 'mails/s',
      value: rate(REPLIES, last - pushed.start),
      baseline: direct,
      higherIsBetter: true,
    },
    {
      // the sender on its own: what was still queued when the last push answered, until its last accept
      benchmark: `outbound sender once the pushes are done (${queuedThen} queued then) vs nodemailer alone (${dialect})`,
      metric: 'mails/s',
      value: rate(queuedThen, last - pushesDone),
      baseline: direct,
      higherIsBetter: true,
    },
    {
      benchmark: `outbound reply pushes, ${CLIENTS} clients × ${REPLIES_PER_PUSH} replies a push, while sending (${dialect})`,
      metric: 'replies/s',
      value: rate(REPLIES, pushesDone - pushed.start),
      baseline: null,
      higherIsBetter: true,
    },
    {
      benchmark: `outbound reply latency, push answered → SMTP accept, p50 (${dialect})`,
      metric: 'ms',
      value: percentile(latencies, 50),
      baseline: null,
      higherIsBetter: false,
    },
    {
      benchmark: `outbound reply latency, push answered → SMTP accept, p95 (${dialect})`,
      metric: 'ms',
      value: percentile(latencies, 95),
      baseline: null,
      higherIsBetter: false,
    },
  ]
}

export async function runMailBench(dialect: 'sqlite' | 'postgres'): Promise<BenchRow[]> {
  const box = SecretBox.fromKey(randomBytes(32))
  const dovecot = await startDovecot()
  const sink = await startBenchSink()
  // the server's own sender, with its production settings; no watcher: the bench runs the fetch itself
  const b = await startBenchServer(dialect, { mail: { box, fetch: false } })
  try {
    const view = await addMailbox(
      b.db,
      box,
      {
        teamId: b.teamId,
        address: ADDRESS,
        displayName: 'Support Desk',
        imap: {
          host: dovecot.host,
          port: dovecot.port,
          tls: false,
          user: dovecot.user,
          password: dovecot.password,
        },
        smtp: { host: sink.host, port: sink.port, tls: false },
      },
      new Date(),
    )
    const conn = (await mailboxConnection(b.db, box, view.id))!
    const now = new Date()
    const corpus = await mailCorpus({
      count: MAILS,
      mailboxAddress: ADDRESS,
      start: new Date(now.getTime() - MAILS * 60_000),
    })
    await seedCustomers(b, corpus, now.toISOString().slice(0, 10))
    const rows = await inbound(b, dovecot, conn, corpus, dialect)
    // the replies answer the incidents the mail opened, so they thread (In-Reply-To, References)
    const incidents = corpus.mails
      .filter((m) => m.expect.disposition === 'incident')
      .map((m) => m.expect.incidentId!)
    rows.push(...(await outbound(b, sink, conn, incidents, dialect)))
    return rows
  } finally {
    await b.close()
    await sink.stop()
    await dovecot.stop()
  }
}

export default {
  name: 'mail in and out',
  async run() {
    const rows = await runMailBench('sqlite')
    if (postgresAvailable()) rows.push(...(await runMailBench('postgres')))
    return rows
  },
} satisfies Benchmark
