import { describe, expect, it } from 'vitest'
import { splitQuoted } from './quoted'

/**
 * What each client's reply looks like and how it splits: `own` is the customer's words, `quoted` the history
 * (the exact text, or a pattern for its start and `quotedEnds` for its end where the whole would only repeat
 * the mail).
 */
interface ClientCase {
  client: string
  lines: string[]
  eol?: string
  own: string
  quoted: string | RegExp
  quotedEnds?: RegExp
}

const gmailReply = [
  'Still bouncing after the DNS change, see the log attached.',
  '',
  'Cory',
  '',
  'On Tue, 1 Dec 2026 at 09:12, Mail Desk <support@desk.example.com>',
  'wrote:',
  '',
  '> Could you check the SPF record for example.org?',
  '>',
  '> > Our relay bounces every mail to example.org.',
  '',
]

const clientCases: ClientCase[] = [
  {
    client: 'Gmail: the reply on top, "On … wrote:" wrapped over two lines, then "> " lines',
    eol: '\r\n',
    lines: gmailReply,
    own: 'Still bouncing after the DNS change, see the log attached.\n\nCory',
    // the attribution and the quote, as sent, without the trailing blank line
    quoted: gmailReply.slice(4, 10).join('\n'),
  },
  {
    client: 'Outlook: "-----Original Message-----" and everything under it (not "> "-quoted) is history',
    lines: [
      'Thanks, that fixed it. You can close the ticket.',
      '',
      '-----Original Message-----',
      'From: Mail Desk <support@desk.example.com>',
      'Sent: Tuesday, December 1, 2026 9:12 AM',
      'To: Cory Bauer <cory@customer.test>',
      'Subject: RE: Bounces from our relay [#CL-0123456789AB]',
      '',
      'Could you check the SPF record for example.org?',
    ],
    own: 'Thanks, that fixed it. You can close the ticket.',
    quoted: /^-----Original Message-----\nFrom: Mail Desk/,
    quotedEnds: /Could you check the SPF record for example\.org\?$/,
  },
  {
    client: 'a forward (Gmail): the note on top is shown, the forwarded mail with its headers folded',
    lines: [
      'See the bounce below, it started at 9:00.',
      '',
      '---------- Forwarded message ---------',
      'From: Mail Delivery Subsystem <mailer-daemon@relay.customer.test>',
      'Date: Tue, 1 Dec 2026 at 09:00',
      'Subject: Delivery Status Notification (Failure)',
      'To: <cory@customer.test>',
      '',
      '550 5.7.1 Relaying denied',
    ],
    own: 'See the bounce below, it started at 9:00.',
    quoted: /^---------- Forwarded message ---------\nFrom: Mail Delivery Subsystem/,
  },
  {
    client: 'Outlook desktop: a line of underscores, then the From:/Sent:/To:/Subject: block',
    lines: [
      'Here is the header dump you asked for.',
      '',
      '________________________________',
      'From: Mail Desk <support@desk.example.com>',
      'Sent: 01 December 2026 09:12',
      'To: Cory Bauer',
      'Subject: Bounces from our relay',
      '',
      'Please send us the full headers.',
    ],
    own: 'Here is the header dump you asked for.',
    quoted: /^_{32}\n/,
  },
  {
    client: 'Outlook on the web, HTML-derived: bold markers and non-breaking spaces around the header names',
    lines: [
      'Done,\u00a0restarted the service.',
      '\u00a0',
      '*From:* Mail Desk <support@desk.example.com>',
      '*Sent:* Tuesday, 1 December 2026 09:12',
      '*To:* Cory <cory@customer.test>',
      '*Subject:* Re: Bounces',
      '  Please restart the service.',
    ],
    own: 'Done,\u00a0restarted the service.',
    quoted: /^\*From:\*/,
  },
  {
    client: 'Apple Mail: "On 1 Dec 2026, at 09:12, … wrote:" and a quote block with blank lines inside',
    lines: [
      'Yes, version 7.2 on all three hosts.',
      '',
      'Sent from my iPhone',
      '',
      '> On 1 Dec 2026, at 09:12, Mail Desk <support@desk.example.com> wrote:',
      '> ',
      '> Which version do you run?',
      '',
      '>> Our relay bounces.',
    ],
    own: 'Yes, version 7.2 on all three hosts.\n\nSent from my iPhone',
    quoted: /^> On 1 Dec 2026, at 09:12/,
    quotedEnds: />> Our relay bounces\.$/,
  },
  {
    // "X wrote:" without "On" is not an attribution we fold: it stays as the customer's text
    client:
      'plain "> " quoting with the answer under it (bottom-posting): the answer comes first, the quote folds',
    lines: [
      'Mail Desk wrote:',
      '> Which version do you run?',
      '> And on which OS?',
      '',
      '7.2, on Debian 12.',
    ],
    own: 'Mail Desk wrote:\n\n7.2, on Debian 12.',
    quoted: '> Which version do you run?\n> And on which OS?',
  },
  {
    client: "an attribution followed by a bottom-posted answer keeps the answer as the customer's words",
    lines: [
      'On Tue, Dec 1, 2026 at 9:12 AM Mail Desk <support@desk.example.com> wrote:',
      '> Which version do you run?',
      '',
      '7.2.',
    ],
    own: '7.2.',
    quoted:
      'On Tue, Dec 1, 2026 at 9:12 AM Mail Desk <support@desk.example.com> wrote:\n> Which version do you run?',
  },
  {
    client: 'HTML-derived text (no "> " marks left): everything after the attribution is the quoted mail',
    lines: [
      'Attached the log.',
      '',
      'On Tue, 1 Dec 2026 at 09:12, Mail Desk <support@desk.example.com> wrote:',
      '',
      'Could you send us the relay log?',
      'Thanks, Mail Desk',
    ],
    own: 'Attached the log.',
    quoted:
      'On Tue, 1 Dec 2026 at 09:12, Mail Desk <support@desk.example.com> wrote:\n\nCould you send us the relay log?\nThanks, Mail Desk',
  },
]

describe('splitQuoted', () => {
  it.each(clientCases)('$client', ({ lines, eol = '\n', own, quoted, quotedEnds }) => {
    const split = splitQuoted(lines.join(eol))
    expect(split.own).toBe(own)
    if (typeof quoted === 'string') expect(split.quoted).toBe(quoted)
    else expect(split.quoted).toMatch(quoted)
    if (quotedEnds) expect(split.quoted).toMatch(quotedEnds)
  })

  it('a Thunderbird forward keeps its note; a bare forward with no note of its own has nothing to fold', () => {
    expect(splitQuoted('Note.\n-------- Forwarded Message --------\nSubject: x\n\nbody').own).toBe('Note.')
    expect(splitQuoted('-------- Forwarded Message --------\nSubject: x\n\nbody').quoted).toBeNull()
  })

  it('German and French clients', () => {
    expect(
      splitQuoted('Danke!\n\nAm 01.12.2026 um 09:12 schrieb Mail Desk <s@d.example>:\n> Hallo').own,
    ).toBe('Danke!')
    expect(splitQuoted('Merci.\n\nLe 1 déc. 2026 à 09:12, Mail Desk a écrit :\n> Bonjour').own).toBe('Merci.')
  })

  it("a mail with no quote at all is all the customer's, untouched but for the outer blank lines", () => {
    const text =
      '\nOur relay bounces every mail to example.org.\n\nOn Monday it still worked.\nFrom: the ops team\n'
    expect(splitQuoted(text)).toEqual({
      own: 'Our relay bounces every mail to example.org.\n\nOn Monday it still worked.\nFrom: the ops team',
      quoted: null,
    })
  })

  it('words like "On Monday I wrote: …" inside a sentence are not an attribution', () => {
    const text = 'On Monday I wrote: the relay is down.\nIt still is.'
    expect(splitQuoted(text)).toEqual({ own: text, quoted: null })
  })

  it('a mail that is only a quote (a bare forward) is shown whole, with nothing folded', () => {
    const text = '> Our relay bounces.\n> Please help.'
    expect(splitQuoted(text)).toEqual({ own: text, quoted: null })
  })

  it('loses no line: own and quoted together hold every non-blank line of the mail', () => {
    const text = 'Top.\n\nOn Tue, 1 Dec 2026, Desk <d@x.example> wrote:\n> a\n> b\n\nBottom.\n-- \nCory'
    const split = splitQuoted(text)
    const words = (s: string) => s.split('\n').filter((l) => l.trim() !== '')
    expect([...words(split.own), ...words(split.quoted ?? '')].sort()).toEqual(words(text).sort())
    expect(split.own).toBe('Top.\n\nBottom.\n-- \nCory')
  })
})
