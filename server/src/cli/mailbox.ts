/**
 * `mailbox add|list|remove|test`. Passwords never go on the command line (where `ps` shows them): they come
 * from CASELOAD_IMAP_PASSWORD and CASELOAD_SMTP_PASSWORD. The secrets' key is CASELOAD_MAIL_KEY or the data
 * dir's mail.key, the same the server reads.
 */
import type { Db } from '../db/connect'
import { testMailbox } from '../mail/check'
import {
  addMailbox,
  listMailboxes,
  MailboxError,
  mailboxConnections,
  mailboxInputSchema,
  removeMailbox,
} from '../mail/mailboxes'
import { SecretBox } from '../mail/secrets'
import { UsageError, type CliArgs } from './args'

/** "host:port" or "host:port:tls" */
function endpoint(flag: string, value: string | undefined): { host: string; port: number; tls: boolean } {
  const m = value ? /^([^:\s]+):(\d{1,5})(:tls)?$/.exec(value) : null
  if (!m?.[1] || !m[2])
    throw new UsageError(`--${flag}: host:port or host:port:tls, not ${value ?? 'nothing'}`)
  return { host: m[1], port: Number(m[2]), tls: m[3] !== undefined }
}

export async function mailboxCommand(
  db: Db,
  args: CliArgs,
  sub: string | undefined,
  rest: string[],
): Promise<number> {
  const box = SecretBox.load(args.dataDir)
  if (sub === 'add') {
    const address = rest[0]
    const teamName = args.teams[0]
    if (!address || !teamName) throw new UsageError('mailbox add <address> --team NAME --imap … --smtp …')
    const team = await db.read
      .selectFrom('teams')
      .select('id')
      .where('name', '=', teamName)
      .executeTakeFirst()
    if (!team) throw new UsageError(`--team: no team named ${teamName}`)
    const imapPassword = process.env.CASELOAD_IMAP_PASSWORD
    if (!imapPassword)
      throw new UsageError('mailbox add: set CASELOAD_IMAP_PASSWORD (never on the command line)')
    const parsed = mailboxInputSchema.safeParse({
      teamId: team.id,
      address,
      displayName: args.mail.displayName ?? null,
      imap: {
        ...endpoint('imap', args.mail.imap),
        user: args.mail.imapUser ?? address,
        password: imapPassword,
      },
      smtp: {
        ...endpoint('smtp', args.mail.smtp),
        user: args.mail.smtpUser ?? null,
        password: process.env.CASELOAD_SMTP_PASSWORD ?? null,
      },
    })
    if (!parsed.success) {
      const issue = parsed.error.issues[0]
      throw new UsageError(`mailbox add: ${issue?.path.join('.') ?? ''}: ${issue?.message ?? 'invalid'}`)
    }
    try {
      const view = await addMailbox(db, box, parsed.data, new Date())
      console.log(`Added mailbox ${view.address} for team ${teamName} (${view.id}).`)
    } catch (error) {
      if (error instanceof MailboxError) throw new UsageError(`mailbox add: ${error.message}`)
      throw error
    }
    return 0
  }
  if (sub === 'list') {
    for (const m of await listMailboxes(db)) {
      console.log(
        `${m.address}\tteam ${m.teamId}\timap ${m.imap.user}@${m.imap.host}:${m.imap.port}${m.imap.tls ? ' tls' : ''}\tsmtp ${m.smtp.host}:${m.smtp.port}${m.smtp.tls ? ' tls' : ''}`,
      )
    }
    return 0
  }
  if (sub === 'remove') {
    if (!rest[0]) throw new UsageError('mailbox remove <address>')
    if (!(await removeMailbox(db, rest[0]))) throw new UsageError(`mailbox remove: no mailbox ${rest[0]}`)
    console.log(`Removed mailbox ${rest[0]}.`)
    return 0
  }
  if (sub === 'test') {
    if (!rest[0]) throw new UsageError('mailbox test <address>')
    const conn = (await mailboxConnections(db, box)).find((c) => c.address === rest[0]!.toLowerCase())
    if (!conn) throw new UsageError(`mailbox test: no mailbox ${rest[0]}`)
    const result = await testMailbox(conn)
    console.log(`IMAP ${result.imap.ok ? 'ok' : 'failed'}: ${result.imap.detail}`)
    console.log(`SMTP ${result.smtp.ok ? 'ok' : 'failed'}: ${result.smtp.detail}`)
    return result.ok ? 0 : 1
  }
  throw new UsageError('mailbox: add, list, remove or test')
}
