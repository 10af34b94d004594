/** Command-line parsing for `npm run server -- <command> …`, on node:util's parseArgs (no dependency). */
import { parseArgs } from 'node:util'

export const usage = `Usage: npm run server -- [command] [options]

Commands:
  serve [--host 127.0.0.1] [--port 4870] [--demo-if-empty]   run the sync server (default)
  user add <username> --role admin|engineer [--team NAME]…     password from CASELOAD_PASSWORD, stdin, or generated
  user disable <username>                                      locks the user out at once
  user teams <username> [--team NAME]…                         sets the user's teams exactly
  user list
  team add <name>
  demo [--scale N]                                             load the demo organisation (N incidents)
  import licenses|contacts <file.csv>                          all rows or none
  backup <file>                                                a consistent snapshot
  report statement --customer NAME|ID --from YYYY-MM-DD --to YYYY-MM-DD [--pdf FILE] [--csv FILE] [--vendor NAME]
                                                               a customer's billable statement (days in its plan's zone)
  report sla --from YYYY-MM-DD --to YYYY-MM-DD [--csv FILE]   SLA compliance per plan, severity and team
  mailbox add <address> --team NAME --imap HOST:PORT[:tls] [--imap-user U] --smtp HOST:PORT[:tls]
      [--smtp-user U] [--display-name NAME]                    passwords: CASELOAD_IMAP_PASSWORD, CASELOAD_SMTP_PASSWORD
  mailbox list | remove <address> | test <address>             test: signs in over IMAP and SMTP

Options for every command:
  --data-dir DIR       where the SQLite database and attachments live (default ./data)
  DATABASE_URL         postgres://… to use PostgreSQL instead (DATABASE_OWNER_URL: the role that migrates;
                       DATABASE_POOL_SIZE: connections per pool, two pools per process, default 10)
  --log-level LEVEL    info (default), debug, warn, error, silent`

export interface CliArgs {
  positionals: string[]
  host: string
  port: number
  dataDir: string
  logLevel: string
  role: string | undefined
  teams: string[]
  scale: number | undefined
  demoIfEmpty: boolean
  help: boolean
  /** report options */
  customer: string | undefined
  from: string | undefined
  to: string | undefined
  pdf: string | undefined
  csv: string | undefined
  vendor: string | undefined
  mail: { imap?: string; imapUser?: string; smtp?: string; smtpUser?: string; displayName?: string }
}

export class UsageError extends Error {}

export function parseCli(argv: string[]): CliArgs {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      host: { type: 'string', default: '127.0.0.1' },
      port: { type: 'string', default: '4870' },
      'data-dir': { type: 'string', default: './data' },
      'log-level': { type: 'string', default: 'info' },
      role: { type: 'string' },
      team: { type: 'string', multiple: true },
      scale: { type: 'string' },
      'demo-if-empty': { type: 'boolean', default: false },
      customer: { type: 'string' },
      from: { type: 'string' },
      to: { type: 'string' },
      pdf: { type: 'string' },
      csv: { type: 'string' },
      vendor: { type: 'string' },
      help: { type: 'boolean', short: 'h', default: false },
      imap: { type: 'string' },
      'imap-user': { type: 'string' },
      smtp: { type: 'string' },
      'smtp-user': { type: 'string' },
      'display-name': { type: 'string' },
    },
  })
  const port = Number(values.port)
  if (!Number.isInteger(port) || port < 0 || port > 65535)
    throw new UsageError(`--port: not a port number: ${values.port}`)
  let scale: number | undefined
  if (values.scale !== undefined) {
    scale = Number(values.scale)
    if (!Number.isInteger(scale) || scale < 1)
      throw new UsageError(`--scale: a positive whole number, not ${values.scale}`)
  }
  return {
    positionals,
    host: values.host,
    port,
    dataDir: values['data-dir'],
    logLevel: values['log-level'],
    role: values.role,
    teams: values.team ?? [],
    scale,
    demoIfEmpty: values['demo-if-empty'],
    help: values.help,
    customer: values.customer,
    from: values.from,
    to: values.to,
    pdf: values.pdf,
    csv: values.csv,
    vendor: values.vendor,
    mail: {
      ...(values.imap !== undefined ? { imap: values.imap } : {}),
      ...(values['imap-user'] !== undefined ? { imapUser: values['imap-user'] } : {}),
      ...(values.smtp !== undefined ? { smtp: values.smtp } : {}),
      ...(values['smtp-user'] !== undefined ? { smtpUser: values['smtp-user'] } : {}),
      ...(values['display-name'] !== undefined ? { displayName: values['display-name'] } : {}),
    },
  }
}
