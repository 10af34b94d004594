/**
 * The timeline's quote folding (shared/mail/quoted.ts) on what this server actually stores for an HTML-only
 * mail: parseMail's text of the sanitised HTML, where Gmail's and Outlook's quote blocks have lost their markup.
 */
import { describe, expect, it } from 'vitest'
import { splitQuoted } from '@shared/mail/quoted'
import { parseMail } from './parse'

const htmlMail = (html: string) =>
  [
    'From: Cory Bauer <cory@customer.test>',
    'To: support@desk.example.com',
    'Subject: Re: Bounces',
    'Message-ID: <html-1@customer.test>',
    'MIME-Version: 1.0',
    'Content-Type: text/html; charset=utf-8',
    '',
    html,
    '',
  ].join('\r\n')

describe('quote folding on HTML-only mail', () => {
  it('Gmail: the gmail_quote block (attribution and blockquote) is folded, the answer above it is shown', async () => {
    const parsed = await parseMail(
      htmlMail(
        '<div dir="ltr">Still bouncing after the DNS change.<div><br></div><div>Cory</div></div><br>' +
          '<div class="gmail_quote"><div dir="ltr" class="gmail_attr">On Tue, 1 Dec 2026 at 09:12, Mail Desk &lt;' +
          'support@desk.example.com&gt; wrote:<br></div><blockquote class="gmail_quote" style="margin:0 0 0 .8ex">' +
          '<div dir="ltr">Could you check the SPF record?</div></blockquote></div>',
      ),
      () => 'x',
    )
    const split = splitQuoted(parsed.text)
    expect(split.own).toMatch(/^Still bouncing after the DNS change\.\s+Cory$/)
    expect(split.quoted).toMatch(
      /^On Tue, 1 Dec 2026 at 09:12, Mail Desk <support@desk\.example\.com> wrote:/,
    )
    expect(split.quoted).toContain('Could you check the SPF record?')
  })

  it('Outlook: the divRplyFwdMsg header block and the original message under it are folded', async () => {
    const parsed = await parseMail(
      htmlMail(
        '<div>Thanks, that fixed it.</div><hr style="display:inline-block;width:98%">' +
          '<div id="divRplyFwdMsg" dir="ltr"><font face="Calibri"><b>From:</b> Mail Desk &lt;support@desk.example.com&gt;<br>' +
          '<b>Sent:</b> Tuesday, December 1, 2026 9:12 AM<br><b>To:</b> Cory Bauer &lt;cory@customer.test&gt;<br>' +
          '<b>Subject:</b> Bounces</font><div>&nbsp;</div></div><div>Could you check the SPF record?</div>',
      ),
      () => 'x',
    )
    const split = splitQuoted(parsed.text)
    expect(split.own).toBe('Thanks, that fixed it.')
    expect(split.quoted).toMatch(/^From: Mail Desk/)
    expect(split.quoted).toContain('Could you check the SPF record?')
  })
})
