/**
 * A throwaway Dovecot IMAP server for the mail tests: one user with a Maildir under a temp dir, listening on a
 * free loopback port, no TLS, plaintext auth (loopback only). Started as a child process (`dovecot -F`), so
 * stopping the test run stops it. Needs Debian's dovecot-imapd (`.ci/run` installs it) and root, as Dovecot
 * drops to its own users for its worker processes.
 */
import { spawn, type ChildProcess } from 'node:child_process'
import { chmodSync, chownSync, mkdirSync, mkdtempSync, renameSync, rmSync, writeFileSync } from 'node:fs'
import { execFileSync } from 'node:child_process'
import { createServer, connect } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { ImapFlow } from 'imapflow'

export const dovecotBinary = process.env.DOVECOT_BIN ?? '/usr/sbin/dovecot'

export interface Dovecot {
  host: string
  port: number
  user: string
  password: string
  /** a connected client for delivering test mail (APPEND) and reading flags */
  client(): Promise<ImapFlow>
  /** appends one raw message to INBOX */
  deliver(raw: string | Buffer): Promise<void>
  /**
   * Writes messages straight into INBOX's Maildir, as a local delivery agent does (no IMAP round trip each):
   * for the bench's thousand mails. They get UIDs in the order given (Dovecot sorts new/ by file name).
   */
  deliverToMaildir(raws: ReadonlyArray<string | Buffer>): void
  stop(): Promise<void>
}

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer()
    srv.once('error', reject)
    srv.listen(0, '127.0.0.1', () => {
      const address = srv.address()
      const port = typeof address === 'object' && address ? address.port : 0
      srv.close(() => resolve(port))
    })
  })
}

async function waitForPort(port: number, child: ChildProcess, log: () => string): Promise<void> {
  const deadline = Date.now() + 15_000
  for (;;) {
    if (child.exitCode !== null) throw new Error(`dovecot exited (${child.exitCode}): ${log()}`)
    const ok = await new Promise<boolean>((resolve) => {
      const s = connect(port, '127.0.0.1')
      s.once('connect', () => {
        s.destroy()
        resolve(true)
      })
      s.once('error', () => resolve(false))
    })
    if (ok) return
    if (Date.now() > deadline) throw new Error(`dovecot did not listen on ${port}: ${log()}`)
    await new Promise((r) => setTimeout(r, 50))
  }
}

export async function startDovecot(): Promise<Dovecot> {
  const dir = mkdtempSync(join(tmpdir(), 'caseload-dovecot-'))
  const port = await freePort()
  const user = 'desk'
  const password = 'mail-test-password'
  // the mail is owned by Dovecot's own unprivileged user: Dovecot refuses to run its logins or mail access as root
  const uid = Number(execFileSync('id', ['-u', 'dovecot']).toString().trim())
  const gid = Number(execFileSync('id', ['-g', 'dovecot']).toString().trim())
  chmodSync(dir, 0o755)
  mkdirSync(join(dir, 'base'), { recursive: true })
  mkdirSync(join(dir, 'state'), { recursive: true })
  mkdirSync(join(dir, 'mail'), { recursive: true })
  chownSync(join(dir, 'mail'), uid, gid)
  // passwd-file: user:{PLAIN}password:uid:gid::home
  writeFileSync(join(dir, 'users'), `${user}:{PLAIN}${password}:${uid}:${gid}::${join(dir, 'mail')}\n`)
  let maildirSeq = 0
  const conf = `
protocols = imap
listen = 127.0.0.1
base_dir = ${join(dir, 'base')}
state_dir = ${join(dir, 'state')}
log_path = ${join(dir, 'dovecot.log')}
ssl = no
disable_plaintext_auth = no
auth_mechanisms = plain login
mail_location = maildir:${join(dir, 'mail')}/Maildir
mail_uid = dovecot
mail_gid = dovecot
first_valid_uid = ${uid}
default_internal_user = dovecot
default_login_user = dovenull
passdb {
  driver = passwd-file
  args = scheme=PLAIN ${join(dir, 'users')}
}
userdb {
  driver = passwd-file
  args = ${join(dir, 'users')}
}
service imap-login {
  inet_listener imap {
    address = 127.0.0.1
    port = ${port}
  }
  inet_listener imaps {
    port = 0
  }
}
service anvil {
  chroot =
}
service imap-login {
  chroot =
}
service pop3-login {
  inet_listener pop3 {
    port = 0
  }
}
`
  const confPath = join(dir, 'dovecot.conf')
  writeFileSync(confPath, conf)
  let output = ''
  const child = spawn(dovecotBinary, ['-F', '-c', confPath], { stdio: ['ignore', 'pipe', 'pipe'] })
  child.stdout?.on('data', (d: Buffer) => (output += d.toString()))
  child.stderr?.on('data', (d: Buffer) => (output += d.toString()))
  await waitForPort(port, child, () => output)

  const client = async (): Promise<ImapFlow> => {
    const c = new ImapFlow({
      host: '127.0.0.1',
      port,
      secure: false,
      auth: { user, pass: password },
      logger: false,
    })
    await c.connect()
    return c
  }
  return {
    host: '127.0.0.1',
    port,
    user,
    password,
    client,
    async deliver(raw) {
      const c = await client()
      try {
        await c.append('INBOX', raw)
      } finally {
        await c.logout()
      }
    },
    deliverToMaildir(raws) {
      const maildir = join(dir, 'mail', 'Maildir')
      for (const sub of ['', 'cur', 'new', 'tmp']) {
        mkdirSync(join(maildir, sub), { recursive: true })
        chownSync(join(maildir, sub), uid, gid)
      }
      // Maildir's own protocol: written whole under tmp/, then renamed into new/ (a reader never sees half a
      // file); zero-padded sequence numbers keep the names, and so the UIDs, in the given order
      const stamp = Math.floor(Date.now() / 1000)
      for (const raw of raws) {
        const name = `${stamp}.M${String(maildirSeq++).padStart(9, '0')}P${process.pid}.caseload-test`
        writeFileSync(join(maildir, 'tmp', name), raw)
        chownSync(join(maildir, 'tmp', name), uid, gid)
        renameSync(join(maildir, 'tmp', name), join(maildir, 'new', name))
      }
    },
    async stop() {
      if (child.exitCode === null) {
        const exited = new Promise((r) => child.once('exit', r))
        child.kill('SIGTERM')
        await exited
      }
      rmSync(dir, { recursive: true, force: true })
    },
  }
}

/** The IMAP settings of a mailbox reading this Dovecot (POST /v1/mail/mailboxes, addMailbox). */
export function imapSettingsOf(d: Dovecot): {
  host: string
  port: number
  tls: false
  user: string
  password: string
} {
  return { host: d.host, port: d.port, tls: false, user: d.user, password: d.password }
}
