/**
 * Mailbox passwords at rest: AES-256-GCM under a key that is not in the database, so a copy of the database
 * (a backup, a pg_dump) alone does not give the mail accounts away. The key comes from CASELOAD_MAIL_KEY
 * (32 bytes, base64 or hex) or else from `<data dir>/mail.key`, created on first use with mode 0600.
 * Stored form: `v1:<iv>:<tag>:<ciphertext>` (base64 parts).
 */
import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto'
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'

export class SecretBox {
  private constructor(private readonly key: Buffer) {}

  static fromKey(key: Buffer): SecretBox {
    if (key.length !== 32) throw new Error('CASELOAD_MAIL_KEY must be 32 bytes (base64 or hex)')
    return new SecretBox(key)
  }

  /** The key of CASELOAD_MAIL_KEY, else the data dir's key file (made if missing). */
  static load(dataDir: string, env: NodeJS.ProcessEnv = process.env): SecretBox {
    const fromEnv = env.CASELOAD_MAIL_KEY
    if (fromEnv) {
      const key = /^[0-9a-f]{64}$/i.test(fromEnv)
        ? Buffer.from(fromEnv, 'hex')
        : Buffer.from(fromEnv, 'base64')
      return SecretBox.fromKey(key)
    }
    const file = join(dataDir, 'mail.key')
    if (!existsSync(file)) {
      mkdirSync(dataDir, { recursive: true })
      // 'wx': never overwrite a key another process just wrote (that would orphan its secrets)
      try {
        writeFileSync(file, randomBytes(32).toString('base64'), { mode: 0o600, flag: 'wx' })
      } catch (error) {
        if (!(error instanceof Error && 'code' in error && error.code === 'EEXIST')) throw error
      }
    }
    return SecretBox.fromKey(Buffer.from(readFileSync(file, 'utf8').trim(), 'base64'))
  }

  seal(plain: string): string {
    const iv = randomBytes(12)
    const cipher = createCipheriv('aes-256-gcm', this.key, iv)
    const data = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()])
    return [
      'v1',
      iv.toString('base64'),
      cipher.getAuthTag().toString('base64'),
      data.toString('base64'),
    ].join(':')
  }

  open(sealed: string): string {
    const [v, iv, tag, data] = sealed.split(':')
    if (v !== 'v1' || !iv || !tag || data === undefined) throw new Error('mail secret: unknown format')
    const decipher = createDecipheriv('aes-256-gcm', this.key, Buffer.from(iv, 'base64'))
    decipher.setAuthTag(Buffer.from(tag, 'base64'))
    return Buffer.concat([decipher.update(Buffer.from(data, 'base64')), decipher.final()]).toString('utf8')
  }
}
