/**
 * Content-addressed storage of attachment bytes: `<data dir>/attachments/<first two hex digits>/<sha256>`.
 * A write streams into a temporary file in the same file system while hashing and counting, fsyncs it, and
 * renames it onto its address (then fsyncs the directory), so a crash leaves either no file or the whole file,
 * never a torn one under a real address. Content already stored is not written again.
 */
import { createHash, randomUUID } from 'node:crypto'
import { createReadStream, type ReadStream } from 'node:fs'
import { mkdir, open, rename, stat, unlink } from 'node:fs/promises'
import { join } from 'node:path'
import type { Readable } from 'node:stream'

export class AttachmentTooLargeError extends Error {
  constructor(readonly limitBytes: number) {
    super(`The attachment is larger than the limit of ${formatLimit(limitBytes)}.`)
    this.name = 'AttachmentTooLargeError'
  }
}

/** "25 MB" for whole megabytes, else the exact byte count, so the message names the limit the server applies */
export function formatLimit(bytes: number): string {
  const mb = 1024 * 1024
  return bytes % mb === 0 ? `${bytes / mb} MB` : `${bytes} bytes`
}

export function attachmentsDir(dataDir: string): string {
  return join(dataDir, 'attachments')
}

export function contentPath(dataDir: string, sha256: string): string {
  if (!/^[0-9a-f]{64}$/.test(sha256)) throw new Error('not a SHA-256 hex digest')
  return join(attachmentsDir(dataDir), sha256.slice(0, 2), sha256)
}

export interface StoredContent {
  sha256: string
  size: number
}

async function fsyncDir(dir: string): Promise<void> {
  const handle = await open(dir, 'r')
  try {
    await handle.sync()
  } finally {
    await handle.close()
  }
}

async function exists(path: string): Promise<boolean> {
  try {
    await stat(path)
    return true
  } catch {
    return false
  }
}

/**
 * Streams `source` to its content address. Throws AttachmentTooLargeError as soon as more than `limitBytes`
 * have arrived (nothing is kept, the rest of the source is not read), so an unbounded body is never buffered.
 */
export async function writeContent(
  dataDir: string,
  source: Readable | AsyncIterable<Uint8Array> | Uint8Array,
  limitBytes: number,
): Promise<StoredContent> {
  const tmpDir = join(attachmentsDir(dataDir), 'tmp')
  await mkdir(tmpDir, { recursive: true })
  const tmp = join(tmpDir, `${randomUUID()}.part`)
  const hash = createHash('sha256')
  let size = 0
  const handle = await open(tmp, 'wx', 0o600)
  let moved = false
  try {
    // a request stream is not destroyed when we stop early: its socket must still carry the 413 answer
    const chunks: AsyncIterable<Uint8Array> | Uint8Array[] =
      source instanceof Uint8Array
        ? [source]
        : 'iterator' in source && typeof source.iterator === 'function'
          ? (source as Readable).iterator({ destroyOnReturn: false })
          : source
    for await (const chunk of chunks) {
      size += chunk.byteLength
      if (size > limitBytes) throw new AttachmentTooLargeError(limitBytes)
      hash.update(chunk)
      await handle.write(chunk)
    }
    await handle.sync()
    await handle.close()
    const sha256 = hash.digest('hex')
    const target = contentPath(dataDir, sha256)
    if (!(await exists(target))) {
      await mkdir(join(attachmentsDir(dataDir), sha256.slice(0, 2)), { recursive: true })
      // rename is atomic within a file system: a reader sees no file or the complete one
      await rename(tmp, target)
      moved = true
      await fsyncDir(join(attachmentsDir(dataDir), sha256.slice(0, 2)))
    }
    return { sha256, size }
  } finally {
    await handle.close().catch(() => undefined)
    if (!moved) await unlink(tmp).catch(() => undefined)
  }
}

/** A read stream of stored content; throws ENOENT if it is missing (a broken data dir, not a client error). */
export function openContent(dataDir: string, sha256: string): ReadStream {
  return createReadStream(contentPath(dataDir, sha256))
}
