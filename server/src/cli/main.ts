/**
 * `npm run server -- <command>`: the sync server and its administration commands. Every command opens the
 * database the same way the server does (migrating it first), so they work on a fresh data dir too.
 */
import { randomBytes } from 'node:crypto'
import { createInterface } from 'node:readline'
import { addTeam, addUser, AdminError, disableUser, listUsers, setUserTeams } from '../auth/users'
import { openDatabase, type Db } from '../db/connect'
import { parseCli, usage, UsageError, type CliArgs } from './args'
import { backup } from './backup'
import { serve } from './serve'

async function readPassword(): Promise<{ password: string; generated: boolean }> {
  const fromEnv = process.env.CASELOAD_PASSWORD
  if (fromEnv) return { password: fromEnv, generated: false }
  if (!process.stdin.isTTY) {
    const rl = createInterface({ input: process.stdin })
    for await (const line of rl) {
      rl.close()
      if (line.trim()) return { password: line.trim(), generated: false }
    }
  }
  return { password: randomBytes(12).toString('base64url'), generated: true }
}

async function run(args: CliArgs, db: Db): Promise<number> {
  const [command = 'serve', sub, ...rest] = args.positionals
  switch (command) {
    case 'serve': {
      if (args.demoIfEmpty) {
        const { loadDemoIfEmpty } = await import('./demo')
        const message = await loadDemoIfEmpty(db)
        if (message) console.log(message)
      }
      await serve({ db, host: args.host, port: args.port, logLevel: args.logLevel, dataDir: args.dataDir })
      return -1 // keeps running
    }
    case 'user': {
      if (sub === 'add') {
        const username = rest[0]
        if (!username) throw new UsageError('user add: which username?')
        if (args.role !== 'admin' && args.role !== 'engineer')
          throw new UsageError('user add: --role admin or --role engineer')
        const { password, generated } = await readPassword()
        await addUser(db.write, { username, password, role: args.role, teams: args.teams })
        console.log(
          `Added ${args.role} ${username}${args.teams.length ? ` in ${args.teams.join(', ')}` : ''}.`,
        )
        if (generated) console.log(`Password: ${password}`)
        return 0
      }
      if (sub === 'disable') {
        const username = rest[0]
        if (!username) throw new UsageError('user disable: which username?')
        await disableUser(db.write, username)
        console.log(`Disabled ${username}; all their sessions are ended.`)
        return 0
      }
      if (sub === 'teams') {
        const username = rest[0]
        if (!username) throw new UsageError('user teams <username> [--team NAME]…')
        const { added, removed } = await setUserTeams(db, username, args.teams)
        console.log(
          `${username}: ${added.length} team(s) joined, ${removed.length} left; now in ${args.teams.join(', ') || 'no team'}.`,
        )
        return 0
      }
      if (sub === 'list') {
        for (const u of await listUsers(db.read)) {
          console.log(`${u.username}\t${u.role}\t${u.disabled ? 'disabled' : 'active'}\t${u.teams.join(',')}`)
        }
        return 0
      }
      throw new UsageError('user: add, disable, teams or list')
    }
    case 'team': {
      if (sub !== 'add' || !rest[0]) throw new UsageError('team add <name>')
      const team = await addTeam(db.write, rest[0])
      console.log(`Added team ${team.name} (${team.id}).`)
      return 0
    }
    case 'demo': {
      const { loadDemo } = await import('./demo')
      console.log(
        await loadDemo(db, {
          scale: args.scale,
          progress: (m) => process.stderr.write(process.stderr.isTTY ? `${m}\r` : `${m}\n`),
        }),
      )
      return 0
    }
    case 'import': {
      if ((sub !== 'licenses' && sub !== 'contacts') || !rest[0])
        throw new UsageError('import licenses|contacts <file.csv>')
      const { importCsv } = await import('./import')
      console.log(await importCsv(db, sub, rest[0]))
      return 0
    }
    case 'mailbox': {
      const { mailboxCommand } = await import('./mailbox')
      return mailboxCommand(db, args, sub, rest)
    }
    case 'backup': {
      if (!sub) throw new UsageError('backup <file>')
      console.log(await backup(db, sub))
      return 0
    }
    case 'report': {
      const { reportSla, reportStatement } = await import('./report')
      if (sub === 'statement') console.log(await reportStatement(db, args, new Date()))
      else if (sub === 'sla') console.log(await reportSla(db, args, new Date()))
      else throw new UsageError('report statement|sla')
      return 0
    }
    default:
      throw new UsageError(`unknown command ${command}`)
  }
}

async function main(): Promise<void> {
  let args: CliArgs
  try {
    args = parseCli(process.argv.slice(2))
  } catch (error) {
    console.error(error instanceof Error ? error.message : String(error))
    console.error(usage)
    process.exit(2)
  }
  if (args.help) {
    console.log(usage)
    return
  }
  const databaseUrl = process.env.DATABASE_URL
  const db = await openDatabase(
    databaseUrl
      ? {
          databaseUrl,
          ownerUrl: process.env.DATABASE_OWNER_URL ?? databaseUrl,
          // per pool (a process has a write and a read pool): keep processes × 2 × size under max_connections
          poolSize: Number(process.env.DATABASE_POOL_SIZE ?? 10) || 10,
        }
      : { dataDir: args.dataDir },
  )
  let code = 1
  try {
    code = await run(args, db)
  } catch (error) {
    if (error instanceof UsageError) {
      console.error(error.message)
      console.error(usage)
      code = 2
    } else if (
      error instanceof AdminError ||
      (error instanceof Error && (error.name === 'ImportError' || error.name === 'ReportError'))
    ) {
      console.error(error.message)
      code = 1
    } else {
      console.error(error instanceof Error ? error.message : String(error))
      code = 1
    }
  }
  if (code >= 0) {
    await db.close()
    process.exitCode = code
  }
}

await main()
