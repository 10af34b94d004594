/**
 * The admins' "Add mailbox" form: what is typed, checked with the server's own schema (shared/protocol/
 * mail-admin), so each error names the field under which it is shown and the server would refuse the same. The
 * passwords live in this form's state only: sent once, never stored by the app, never shown back.
 */
import { mailboxInputSchema, type MailboxInput } from '@shared/protocol/mail-admin'

export interface EndpointValues {
  host: string
  port: string
  tls: boolean
  user: string
  password: string
}

export interface MailboxFormValues {
  teamId: string
  address: string
  displayName: string
  imap: EndpointValues
  smtp: EndpointValues
}

/** The usual ports: IMAPS 993 / IMAP 143, SMTPS 465 / submission 587. */
export function defaultPort(protocol: 'imap' | 'smtp', tls: boolean): string {
  if (protocol === 'imap') return tls ? '993' : '143'
  return tls ? '465' : '587'
}

export function emptyMailboxForm(teamId: string): MailboxFormValues {
  return {
    teamId,
    address: '',
    displayName: '',
    imap: { host: '', port: defaultPort('imap', true), tls: true, user: '', password: '' },
    smtp: { host: '', port: defaultPort('smtp', true), tls: true, user: '', password: '' },
  }
}

/** Field keys as the schema and the server name them: `address`, `imap.host`, `smtp.port`… */
export type FieldErrors = Partial<Record<string, string>>

const labels: Record<string, string> = {
  teamId: 'Team',
  address: 'Address',
  displayName: 'Display name',
  'imap.host': 'IMAP host',
  'imap.port': 'IMAP port',
  'imap.user': 'IMAP user',
  'imap.password': 'IMAP password',
  'smtp.host': 'SMTP host',
  'smtp.port': 'SMTP port',
  'smtp.user': 'SMTP user',
  'smtp.password': 'SMTP password',
}

/** "IMAP port: a port from 1 to 65535": the error said with the name of its field, for a summary. */
export function fieldMessage(field: string, message: string): string {
  return `${labels[field] ?? field}: ${message}`
}

export function parseMailboxForm(
  values: MailboxFormValues,
): { ok: true; input: MailboxInput } | { ok: false; errors: FieldErrors } {
  const optional = (s: string) => (s.trim() === '' ? null : s)
  const parsed = mailboxInputSchema.safeParse({
    teamId: values.teamId,
    address: values.address.trim(),
    displayName: optional(values.displayName),
    imap: { ...values.imap, port: values.imap.port.trim() === '' ? undefined : values.imap.port },
    smtp: {
      ...values.smtp,
      port: values.smtp.port.trim() === '' ? undefined : values.smtp.port,
      user: optional(values.smtp.user),
      password: values.smtp.password === '' ? null : values.smtp.password,
    },
  })
  if (parsed.success) {
    // an SMTP password without a user would never be used: say so rather than drop it silently
    if (parsed.data.smtp.password && !parsed.data.smtp.user)
      return { ok: false, errors: { 'smtp.user': 'the SMTP user the password belongs to' } }
    return { ok: true, input: parsed.data }
  }
  const errors: FieldErrors = {}
  for (const issue of parsed.error.issues) {
    const key = issue.path.join('.')
    errors[key] ??= issue.message
  }
  return { ok: false, errors }
}
