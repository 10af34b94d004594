/**
 * Which inbound mail is written by a machine and must never open an incident nor get an answer, so two
 * auto-responders can't loop: RFC 3834 (`Auto-Submitted` other than `no`), the de-facto `Precedence: bulk |
 * junk | list | auto_reply` and `X-Autoreply`/`X-Autorespond` headers of older responders, and bounces
 * (RFC 3464 delivery-status reports, `multipart/report; report-type=delivery-status`, and the mailer-daemon
 * senders of non-standard ones).
 */
import type { ParsedInbound } from './parse'

export type MailKind = 'person' | 'auto-reply' | 'bounce'

const mailerDaemon = /^(mailer-daemon|postmaster|mail-daemon)@/i

function first(headers: ParsedInbound['headers'], name: string): string | undefined {
  return headers.get(name)?.[0]
}

export function classifyMail(mail: Pick<ParsedInbound, 'headers' | 'contentType' | 'from'>): MailKind {
  const ct = mail.contentType
  if (ct?.value === 'multipart/report' && /delivery-status/i.test(ct.params['report-type'] ?? ''))
    return 'bounce'
  if (mail.from && mailerDaemon.test(mail.from.address)) return 'bounce'
  const auto = first(mail.headers, 'auto-submitted')
  if (auto !== undefined && auto.trim().toLowerCase().split(/[\s;]/)[0] !== 'no') return 'auto-reply'
  const precedence = first(mail.headers, 'precedence')?.trim().toLowerCase()
  if (precedence && ['bulk', 'junk', 'list', 'auto_reply'].includes(precedence)) return 'auto-reply'
  if (mail.headers.has('x-autoreply') || mail.headers.has('x-autorespond')) return 'auto-reply'
  return 'person'
}
