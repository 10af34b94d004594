import { createHash } from 'node:crypto'
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { Readable } from 'node:stream'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { AttachmentTooLargeError, attachmentsDir, contentPath, formatLimit, writeContent } from './content'

let dataDir: string
beforeEach(() => {
  dataDir = mkdtempSync(join(tmpdir(), 'caseload-content-'))
})
afterEach(() => rmSync(dataDir, { recursive: true, force: true }))

const sha = (text: string) => createHash('sha256').update(text).digest('hex')

/** every file under the attachments dir, relative to it */
function filesUnder(dir: string): string[] {
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile())
    .map((e) => join(e.parentPath, e.name).slice(dir.length + 1))
    .sort()
}

describe('writeContent', () => {
  it('stores the bytes at their SHA-256 address, under a two-digit prefix folder', async () => {
    const stored = await writeContent(dataDir, new TextEncoder().encode('hello log'), 1000)
    expect(stored).toEqual({ sha256: sha('hello log'), size: 9 })
    const path = contentPath(dataDir, stored.sha256)
    expect(path).toBe(join(dataDir, 'attachments', stored.sha256.slice(0, 2), stored.sha256))
    expect(readFileSync(path, 'utf8')).toBe('hello log')
  })

  it('stores the same content once, however often it is written', async () => {
    const a = await writeContent(dataDir, Readable.from([Buffer.from('same '), Buffer.from('bytes')]), 1000)
    const b = await writeContent(dataDir, new TextEncoder().encode('same bytes'), 1000)
    expect(a).toEqual(b)
    // one content file, and no temporary file left behind
    expect(filesUnder(attachmentsDir(dataDir))).toEqual([join(a.sha256.slice(0, 2), a.sha256)])
  })

  it('refuses content over the limit as it streams, naming the limit, and keeps nothing', async () => {
    let pulled = 0
    // an endless source: the write must stop by itself once the limit is passed
    const endless = new Readable({
      read() {
        pulled++
        this.push(Buffer.alloc(1024, 'x'))
      },
    })
    const error = await writeContent(dataDir, endless, 10 * 1024).catch((e: unknown) => e)
    expect(error).toBeInstanceOf(AttachmentTooLargeError)
    expect((error as Error).message).toBe('The attachment is larger than the limit of 10240 bytes.')
    expect(pulled).toBeLessThan(40)
    expect(filesUnder(attachmentsDir(dataDir))).toEqual([])
    // the source is not destroyed: an HTTP request must still be able to carry the answer
    expect(endless.destroyed).toBe(false)
    endless.destroy()
  })

  it('accepts content of exactly the limit', async () => {
    const stored = await writeContent(dataDir, Buffer.alloc(2048, 'y'), 2048)
    expect(stored.size).toBe(2048)
  })

  it('leaves no partial file under a real address when the source fails midway (atomic write)', async () => {
    const failing = Readable.from(
      (async function* () {
        yield Buffer.from('first half')
        throw new Error('connection reset')
      })(),
    )
    await expect(writeContent(dataDir, failing, 1000)).rejects.toThrow('connection reset')
    expect(filesUnder(attachmentsDir(dataDir))).toEqual([])
  })
})

describe('formatLimit', () => {
  it('says megabytes for whole MiB and bytes otherwise', () => {
    expect(formatLimit(25 * 1024 * 1024)).toBe('25 MB')
    expect(formatLimit(1500)).toBe('1500 bytes')
  })
})
