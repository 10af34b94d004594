import { describe, expect, it } from 'vitest'
import { splitQuoted } from './quoted'

const crlf = (lines: string[]) => lines.join('\r\n')

describe('splitQuoted', () => {
  it('Gmail: the reply on top, "On … wrote:" wrapped over two lines, then "> " lines', () => {
    const text = crlf([
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
    ])
    const split = splitQuoted(text)
    expect(split.own).toBe('Still bouncing after the DNS change, see the log attached.\n\nCory')
    expect(split.quoted).toBe(
      [
        'On Tue, 1 Dec 2026 at 09:12, Mail Desk <support@desk.example.com>',
        'wrote:',
        '',
        '> Could you check the SPF record for example.org?',
        '>',
        '> > Our relay bounces every mail to example.org.',
      ].join('\n'),
    )
  })

  it('Outlook: "-----Original Message-----" and everything under it (not "> "-quoted) is history', () => {
    const text = [
      'Thanks, that fixed it. You can close the ticket.',
      '',
      '-----Original Message-----',
      'From: Mail Desk <support@desk.example.com>',
      'Sent: Tuesday, December 1, 2026 9:12 AM',
      'To: Cory Bauer <cory@customer.test>',
      'Subject: RE: Bounces from our relay [#CL-0123456789AB]',
      '',
      'Could you check the SPF record for example.org?',
    ].join('\n')
    const split = splitQuoted(text)
    expect(split.own).toBe('Thanks, that fixed it. You can close the ticket.')
    expect(split.quoted).toMatch(/^-----Original Message-----\nFrom: Mail Desk/)
    expect(split.quoted).toMatch(/Could you check the SPF record for example\.org\?$/)
  })

  it('a forward (Gmail, Thunderbird): the note on top is shown, the forwarded mail with its headers folded', () => {
    const text = [
      'See the bounce below, it started at 9:00.',
      '',
      '---------- Forwarded message ---------',
      'From: Mail Delivery Subsystem <mailer-daemon@relay.customer.test>',
      'Date: Tue, 1 Dec 2026 at 09:00',
      'Subject: Delivery Status Notification (Failure)',
      'To: <cory@customer.test>',
      '',
      '550 5.7.1 Relaying denied',
    ].join('\n')
    const split = splitQuoted(text)
    expect(split.own).toBe('See the bounce below, it started at 9:00.')
    expect(split.quoted).toMatch(/^---------- Forwarded message ---------\nFrom: Mail Delivery Subsystem/)
    // Thunderbird's spelling; a bare forward with no note of its own has nothing to fold (it is all shown)
    expect(splitQuoted('Note.\n-------- Forwarded Message --------\nSubject: x\n\nbody').own).toBe('Note.')
    expect(splitQuoted('-------- Forwarded Message --------\nSubject: x\n\nbody').quoted).toBeNull()
  })

  it('Outlook desktop: a line of underscores, then the From:/Sent:/To:/Subject: block', () => {
    const text = [
      'Here is the header dump you asked for.',
      '',
      '________________________________',
      'From: Mail Desk <support@desk.example.com>',
      'Sent: 01 December 2026 09:12',
      'To: Cory Bauer',
      'Subject: Bounces from our relay',
      '',
      'Please send us the full headers.',
    ].join('\n')
    const split = splitQuoted(text)
    expect(split.own).toBe('Here is the header dump you asked for.')
    expect(split.quoted?.split('\n')[0]).toBe('________________________________')
  })

  it('Outlook on the web, HTML-derived: bold markers and non-breaking spaces around the header names', () => {
    const text = [
      'Done,\u00a0restarted the service.',
      '\u00a0',
      '*From:* Mail Desk <support@desk.example.com>',
      '*Sent:* Tuesday, 1 December 2026 09:12',
      '*To:* Cory <cory@customer.test>',
      '*Subject:* Re: Bounces',
      '  Please restart the service.',
    ].join('\n')
    const split = splitQuoted(text)
    expect(split.own).toBe('Done,\u00a0restarted the service.')
    expect(split.quoted).toMatch(/^\*From:\*/)
  })

  it('Apple Mail: "On 1 Dec 2026, at 09:12, … wrote:" and a quote block with blank lines inside', () => {
    const text = [
      'Yes, version 7.2 on all three hosts.',
      '',
      'Sent from my iPhone',
      '',
      '> On 1 Dec 2026, at 09:12, Mail Desk <support@desk.example.com> wrote:',
      '> ',
      '> Which version do you run?',
      '',
      '>> Our relay bounces.',
    ].join('\n')
    const split = splitQuoted(text)
    expect(split.own).toBe('Yes, version 7.2 on all three hosts.\n\nSent from my iPhone')
    expect(split.quoted).toMatch(/^> On 1 Dec 2026, at 09:12/)
    expect(split.quoted).toMatch(/>> Our relay bounces\.$/)
  })

  it('plain "> " quoting with the answer under it (bottom-posting): the answer comes first, the quote folds', () => {
    const text = [
      'Mail Desk wrote:',
      '> Which version do you run?',
      '> And on which OS?',
      '',
      '7.2, on Debian 12.',
    ].join('\n')
    const split = splitQuoted(text)
    // "X wrote:" without "On" is not an attribution we fold: it stays as the customer's text
    expect(split.own).toBe('Mail Desk wrote:\n\n7.2, on Debian 12.')
    expect(split.quoted).toBe('> Which version do you run?\n> And on which OS?')
  })

  it("an attribution followed by a bottom-posted answer keeps the answer as the customer's words", () => {
    const text = [
      'On Tue, Dec 1, 2026 at 9:12 AM Mail Desk <support@desk.example.com> wrote:',
      '> Which version do you run?',
      '',
      '7.2.',
    ].join('\n')
    expect(splitQuoted(text)).toEqual({
      own: '7.2.',
      quoted:
        'On Tue, Dec 1, 2026 at 9:12 AM Mail Desk <support@desk.example.com> wrote:\n> Which version do you run?',
    })
  })

  it('HTML-derived text (no "> " marks left): everything after the attribution is the quoted mail', () => {
    const text = [
      'Attached the log.',
      '',
      'On Tue, 1 Dec 2026 at 09:12, Mail Desk <support@desk.example.com> wrote:',
      '',
      'Could you send us the relay log?',
      'Thanks, Mail Desk',
    ].join('\n')
    const split = splitQuoted(text)
    expect(split.own).toBe('Attached the log.')
    expect(split.quoted).toBe(
      'On Tue, 1 Dec 2026 at 09:12, Mail Desk <support@desk.example.com> wrote:\n\nCould you send us the relay log?\nThanks, Mail Desk',
    )
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
