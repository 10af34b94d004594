/**
 * The mail benchmark's inbox: a seeded, reproducible mix of what a support mailbox receives, each message with
 * the outcome the server must reach, so the bench can check it measured a working path and not a broken one.
 *
 * Several customers with named and not-named contacts write new questions; they answer threads by In-Reply-To /
 * References (some to a colleague's mail) and by the subject's ticket token alone (a client that drops the
 * headers); the mail is plain UTF-8, HTML from Outlook (styles, a table, now and then a script), both as
 * alternatives, ISO-8859-1 and Windows-1252 quoted-printable, base64, some with a log attached; out-of-office
 * auto-replies, bounces from MAILER-DAEMON, strangers asking about prices (Unmatched) and the same message
 * twice (a CC to the desk). Which of these a mail is, and its content, come from a seeded generator: the same
 * seed gives the same inbox (only the MIME boundaries nodemailer picks differ).
 */
import MailComposer from 'nodemailer/lib/mail-composer'
import { encode as qpEncode, wrap as qpWrap } from 'nodemailer/lib/qp'
import { derivedId } from '@shared/mutations/ids'
import { ticketToken } from '@shared/mutations/mail'
import type { InboundDisposition } from '../../server/src/mail/inbound'
import { seededRandom } from '@shared/random/seeded-random'

export interface CorpusContact {
  name: string
  email: string
  named: boolean
}

export interface CorpusCustomer {
  name: string
  /** has an SMTPmail license under an active subscription (mail opens a covered incident) */
  licensed: boolean
  contacts: CorpusContact[]
}

export interface CorpusMail {
  raw: Buffer
  messageId: string
  /** how a person's mail is written (its MIME shape and charset), or what machine wrote it */
  shape: MailShape
  expect: { disposition: InboundDisposition; incidentId?: string }
}

export interface Corpus {
  customers: CorpusCustomer[]
  mails: CorpusMail[]
  /** how many mails end in each disposition */
  expected: Partial<Record<InboundDisposition, number>>
}

const companies = [
  ['Globex Mail', 'globex.test'],
  ['Initech', 'initech.test'],
  ['Müller Logistik GmbH', 'mueller-logistik.test'],
  ['Société Générale des Eaux', 'sge.test'],
  ['Umbrella Health', 'umbrella.test'],
  ['Hooli', 'hooli.test'],
  ['Vandelay Industries', 'vandelay.test'],
  ['Stark Freight', 'stark.test'],
  ['Nakatomi Trading', 'nakatomi.test'],
  ['Wayne Shipping', 'wayne.test'],
  ['Ørsted Nordic', 'orsted.test'],
  ['Cyberdyne', 'cyberdyne.test'],
] as const
const people = [
  'Sam Silver',
  'José Álvarez',
  'Jürgen Weiß',
  'Zoë Fontaine',
  'Priya Raman',
  'Li Wei',
  'Mary O’Brien',
  'Olu Adeyemi',
  'Anna Kowalska',
  'Tom Baker',
  'Søren Kjær',
  'Chloé Martin',
  'Dmitri Petrov',
  'Fatima Zahra',
  'Ken Watanabe',
]
const topics = [
  'Queue stuck since this morning',
  'TLS handshake fails after upgrade to 5.2',
  'License key rejected on the new server',
  'Relay bounces every mail to example.org',
  'SMTP AUTH fails for one mailbox only',
  'Spam filter quarantines our invoices',
  'Service does not start after Windows update',
  'DKIM signature invalid for one domain',
  'Delivery to Office 365 is very slow',
  'Question about the migration to version 6',
  'Logs fill the disk within hours',
  'Greylisting delays internal mail',
]
const sentences = [
  'Since the restart this morning the outbound queue has not moved.',
  'We have around 4,000 messages waiting and customers are calling us.',
  'The event log shows error 0x80040213 every few seconds.',
  'Nothing changed on our side except the Windows updates of last night.',
  'Could you tell us which settings you need to see?',
  'We already restarted the service twice, without effect.',
  'The same configuration works on our staging server.',
  'Attached is the relevant part of the log, from 08:00 to 08:15.',
  'This affects all users of the finance department.',
  'Is there a known issue with the latest patch?',
  'Our firewall team confirms port 25 and 587 are open.',
  'Please call me back on my mobile if that is quicker.',
]
const latinSentences = [
  'Die Warteschlange hängt seit heute früh, über 3.000 Nachrichten.',
  'Wir haben den Dienst zweimal neu gestartet, ohne Änderung.',
  'Le serveur refuse les connexions depuis la mise à jour, c’est très gênant.',
  'Nos clients reçoivent les accusés de réception avec un délai énorme.',
  'Der Fehler tritt nur bei Empfängern außerhalb unserer Domäne auf.',
]
const strangers = [
  ['Pat Prospect', 'pat@gmail.test', 'Pricing for 50 mailboxes?'],
  ['Recruiter Rita', 'rita@talent.test', 'Exciting opportunity'],
  ['Evan Evaluator', 'evan@startup.test', 'Do you offer a trial licence?'],
] as const

/** The twelve customers, each with three or four contacts (some named, some not); most hold a license. */
export function corpusCustomers(): CorpusCustomer[] {
  return companies.map(([name, domain], c) => {
    const count = 3 + (c % 2)
    const contacts = Array.from({ length: count }, (_, k) => {
      const person = people[(c * 4 + k) % people.length]!
      const local = person
        .normalize('NFD')
        .replace(/[^A-Za-z ]/g, '')
        .toLowerCase()
        .split(' ')
        .join('.')
      return { name: person, email: `${local}@${domain}`, named: k < 2 }
    })
    return { name, licensed: c % 4 !== 3, contacts }
  })
}

const windows1252 = new Map<string, number>([
  ['€', 0x80],
  ['‚', 0x82],
  ['„', 0x84],
  ['…', 0x85],
  ['‘', 0x91],
  ['’', 0x92],
  ['“', 0x93],
  ['”', 0x94],
  ['–', 0x96],
  ['—', 0x97],
])

/** text in a single-byte charset: Latin-1, plus Windows-1252's quotes, dashes and euro sign */
function singleByte(text: string, charset: 'iso-8859-1' | 'windows-1252'): Buffer {
  return Buffer.from(
    [...text].map((ch) => {
      const special = charset === 'windows-1252' ? windows1252.get(ch) : undefined
      if (special !== undefined) return special
      const code = ch.codePointAt(0)!
      return code < 256 ? code : 0x3f // '?': what a Latin-1 mailer writes for what it cannot encode
    }),
  )
}

/** an RFC 2047 word in the mail's own charset, as single-byte mailers write headers */
function encodedWord(text: string, charset: 'iso-8859-1' | 'windows-1252'): string {
  return `=?${charset.toUpperCase()}?Q?${qpEncode(singleByte(text, charset)).replace(/ /g, '_').replace(/\?/g, '=3F')}?=`
}

/** the plain text's lines as HTML paragraph contents (a blank line is Outlook's empty paragraph) */
function htmlLines(text: string): string[] {
  return text
    .split('\n')
    .map((l) => (l === '' ? '&nbsp;' : l.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;')))
}

function outlookHtml(paragraphs: string[], withScript: boolean): string {
  const rows = Array.from(
    { length: 4 },
    (_, i) => `<tr><td>08:0${i}:1${i}</td><td>421 4.7.0 Try again later</td></tr>`,
  ).join('')
  return [
    '<html><head><meta http-equiv="Content-Type" content="text/html; charset=utf-8">',
    '<style>p.MsoNormal{margin:0cm;font-size:11.0pt;font-family:"Calibri",sans-serif}</style></head>',
    '<body lang="EN-GB" link="#0563C1"><div class="WordSection1">',
    ...paragraphs.map((p) => `<p class="MsoNormal">${p}<o:p></o:p></p>`),
    `<table border="1" cellpadding="2">${rows}</table>`,
    '<p class="MsoNormal"><a href="https://status.example.test/" onclick="track()">status page</a></p>',
    withScript ? '<script>fetch("https://tracker.test/pixel")</script>' : '',
    '<img src="https://tracker.test/open.gif" width="1" height="1">',
    '</div></body></html>',
  ].join('\r\n')
}

async function compose(mail: ConstructorParameters<typeof MailComposer>[0]): Promise<Buffer> {
  return new Promise((resolve, reject) =>
    new MailComposer(mail).compile().build((err, message) => (err ? reject(err) : resolve(message))),
  )
}

interface Thread {
  incidentId: string
  customer: number
  subject: string
  /** the Message-IDs of the thread so far, oldest first */
  ids: string[]
  lastText: string
}

type Format = 'plain' | 'alternative' | 'html' | 'latin1' | 'cp1252' | 'base64' | 'attachment'
export type MailShape = Format | 'auto-reply' | 'bounce'

function pick<T>(rand: () => number, xs: readonly T[]): T {
  return xs[Math.floor(rand() * xs.length)]!
}

function formatOf(r: number): Format {
  if (r < 0.42) return 'plain'
  if (r < 0.62) return 'alternative'
  if (r < 0.72) return 'html'
  if (r < 0.82) return 'latin1'
  if (r < 0.89) return 'cp1252'
  if (r < 0.95) return 'base64'
  return 'attachment'
}

/**
 * `count` mails to `mailboxAddress`, dated from `start` on (a minute apart): the first few open incidents,
 * then about half are new questions, a third replies (by headers or by token), the rest machines' mail,
 * strangers and duplicates.
 */
export async function mailCorpus(options: {
  count: number
  mailboxAddress: string
  start: Date
  seed?: number
}): Promise<Corpus> {
  const rand = seededRandom(options.seed ?? 12)
  const customers = corpusCustomers()
  const threads: Thread[] = []
  const mails: CorpusMail[] = []
  const expected: Partial<Record<InboundDisposition, number>> = {}
  const to = options.mailboxAddress

  for (let i = 0; i < options.count; i++) {
    const date = new Date(options.start.getTime() + i * 60_000)
    const messageId = `${date.getTime().toString(36)}.${i}@mail.${i % 7}.test`
    const r = rand()
    const kind =
      i < 20 || r < 0.5
        ? 'new'
        : r < 0.7
          ? 'reply-headers'
          : r < 0.8
            ? 'reply-token'
            : r < 0.85
              ? 'auto-reply'
              : r < 0.87
                ? 'bounce'
                : r < 0.93
                  ? 'stranger'
                  : 'duplicate'

    if (kind === 'duplicate') {
      // the same bytes again (the desk was in CC too): one entry, whatever it was
      const original = pick(rand, mails)
      mails.push({ ...original, expect: { disposition: 'duplicate' } })
      expected.duplicate = (expected.duplicate ?? 0) + 1
      continue
    }

    let raw: Buffer
    let shape: MailShape = 'plain'
    let expect: CorpusMail['expect']
    if (kind === 'bounce') {
      raw = bounce(to, messageId, date, pick(rand, mails).messageId)
      shape = 'bounce'
      expect = { disposition: 'bounce' }
    } else if (kind === 'stranger') {
      const [name, address, subject] = pick(rand, strangers)
      raw = await compose({
        from: { name, address },
        to,
        subject,
        messageId: `<${messageId}>`,
        date,
        text: `Hello,\r\n\r\n${pick(rand, sentences)}\r\n\r\nBest,\r\n${name}`,
      })
      expect = { disposition: 'unmatched' }
    } else if (kind === 'auto-reply') {
      const thread = pick(rand, threads)
      const contact = pick(rand, customers[thread.customer]!.contacts)
      const header = pick(rand, [
        { 'Auto-Submitted': 'auto-replied' },
        { 'X-Autoreply': 'yes' },
        { Precedence: 'auto_reply' },
      ])
      raw = await compose({
        from: { name: contact.name, address: contact.email },
        to,
        subject: `Out of office: Re: ${thread.subject} ${ticketToken(thread.incidentId)}`,
        messageId: `<${messageId}>`,
        inReplyTo: `<${thread.ids.at(-1)!}>`,
        date,
        headers: header,
        text: `I am out of the office until Monday and will have limited access to e-mail.\r\n\r\n${contact.name}`,
      })
      shape = 'auto-reply'
      expect = { disposition: 'auto-reply' }
    } else {
      // a person: a new question, or an answer on a thread
      const threadOn = kind === 'new' ? undefined : pick(rand, threads)
      const customerIndex = threadOn ? threadOn.customer : Math.floor(rand() * customers.length)
      const contact = pick(rand, customers[customerIndex]!.contacts)
      const topic = threadOn ? threadOn.subject : pick(rand, topics)
      const format = formatOf(rand())
      shape = format
      const lines = Array.from({ length: 2 + Math.floor(rand() * 4) }, () =>
        format === 'latin1' || format === 'cp1252' ? pick(rand, latinSentences) : pick(rand, sentences),
      )
      const quoted = threadOn
        ? [
            '',
            `On ${date.toUTCString()}, Support wrote:`,
            ...threadOn.lastText.split('\n').map((l) => `> ${l}`),
          ]
        : []
      const text = [
        `Hello,`,
        '',
        ...lines,
        '',
        'Kind regards,',
        contact.name,
        customers[customerIndex]!.name,
        ...quoted,
      ].join('\n')
      const incidentId = threadOn ? threadOn.incidentId : derivedId(`mail-incident:${messageId}`)
      const subject = !threadOn
        ? topic
        : kind === 'reply-token'
          ? `Re: ${topic} ${ticketToken(incidentId)}`
          : `RE: ${topic}`
      const headers =
        kind === 'reply-headers' && threadOn
          ? {
              inReplyTo: `<${threadOn.ids.at(-1)!}>`,
              references: threadOn.ids.slice(-10).map((id) => `<${id}>`),
            }
          : {}
      // now and then the address is written in capitals: addresses match whatever their case
      const address = rand() < 0.1 ? contact.email.toUpperCase() : contact.email
      raw = await personMail(format, {
        from: { name: contact.name, address },
        to,
        subject,
        messageId,
        date,
        text,
        headers,
        withScript: rand() < 0.2,
      })
      if (threadOn) {
        threadOn.ids.push(messageId)
        threadOn.lastText = lines.join('\n')
        expect = { disposition: 'reply', incidentId }
      } else {
        threads.push({
          incidentId,
          customer: customerIndex,
          subject: topic,
          ids: [messageId],
          lastText: lines.join('\n'),
        })
        expect = { disposition: 'incident', incidentId }
      }
    }
    mails.push({ raw, messageId, shape, expect })
    expected[expect.disposition] = (expected[expect.disposition] ?? 0) + 1
  }
  return { customers, mails, expected }
}

async function personMail(
  format: Format,
  m: {
    from: { name: string; address: string }
    to: string
    subject: string
    messageId: string
    date: Date
    text: string
    headers: { inReplyTo?: string; references?: string[] }
    withScript: boolean
  },
): Promise<Buffer> {
  const common = {
    from: m.from,
    to: m.to,
    subject: m.subject,
    messageId: `<${m.messageId}>`,
    date: m.date,
    ...m.headers,
  }
  switch (format) {
    case 'plain':
      return compose({ ...common, text: m.text })
    case 'alternative':
      return compose({ ...common, text: m.text, html: outlookHtml(htmlLines(m.text), m.withScript) })
    case 'html':
      return compose({ ...common, html: outlookHtml(htmlLines(m.text), m.withScript) })
    case 'base64':
      return compose({ ...common, text: m.text, textEncoding: 'base64' })
    case 'attachment':
      return compose({
        ...common,
        text: m.text,
        attachments: [
          {
            filename: 'smtp-0800.log',
            contentType: 'text/plain',
            content: Array.from(
              { length: 40 },
              (_, i) => `2026-12-04 08:00:${String(i).padStart(2, '0')} OUT 421 4.7.0 deferred`,
            ).join('\r\n'),
          },
        ],
      })
    case 'latin1':
    case 'cp1252':
      return singleByteMail(m, format === 'latin1' ? 'iso-8859-1' : 'windows-1252')
  }
}

/** what an older mailer writes: its own charset in headers and body, quoted-printable */
function singleByteMail(m: Parameters<typeof personMail>[1], charset: 'iso-8859-1' | 'windows-1252'): Buffer {
  const headers = [
    `From: ${encodedWord(m.from.name, charset)} <${m.from.address}>`,
    `To: ${m.to}`,
    `Subject: ${encodedWord(m.subject, charset)}`,
    `Message-ID: <${m.messageId}>`,
    `Date: ${m.date.toUTCString().replace('GMT', '+0000')}`,
    ...(m.headers.inReplyTo ? [`In-Reply-To: ${m.headers.inReplyTo}`] : []),
    ...(m.headers.references ? [`References: ${m.headers.references.join('\r\n ')}`] : []),
    'MIME-Version: 1.0',
    `Content-Type: text/plain; charset=${charset}`,
    'Content-Transfer-Encoding: quoted-printable',
    'X-Mailer: Microsoft Outlook 14.0',
  ]
  const body = qpWrap(qpEncode(singleByte(m.text.replace(/\n/g, '\r\n'), charset)), 76)
  return Buffer.concat([
    Buffer.from(`${headers.join('\r\n')}\r\n\r\n`),
    Buffer.from(body),
    Buffer.from('\r\n'),
  ])
}

/** an RFC 3464 delivery-status report for a mail the desk sent */
function bounce(to: string, messageId: string, date: Date, about: string): Buffer {
  const boundary = `----=_report_${messageId.split('@')[0]}`
  return Buffer.from(
    [
      'From: Mail Delivery System <MAILER-DAEMON@mx.globex.test>',
      `To: ${to}`,
      'Subject: Undelivered Mail Returned to Sender',
      `Message-ID: <${messageId}>`,
      `Date: ${date.toUTCString().replace('GMT', '+0000')}`,
      'Auto-Submitted: auto-replied',
      'MIME-Version: 1.0',
      `Content-Type: multipart/report; report-type=delivery-status; boundary="${boundary}"`,
      '',
      `--${boundary}`,
      'Content-Type: text/plain; charset=us-ascii',
      '',
      'I could not deliver your message to the following address: <gone@globex.test>',
      '',
      `--${boundary}`,
      'Content-Type: message/delivery-status',
      '',
      'Reporting-MTA: dns; mx.globex.test',
      '',
      'Final-Recipient: rfc822; gone@globex.test',
      'Action: failed',
      'Status: 5.1.1',
      '',
      `--${boundary}`,
      'Content-Type: text/rfc822-headers',
      '',
      `Message-ID: <${about}>`,
      '',
      `--${boundary}--`,
      '',
    ].join('\r\n'),
  )
}
