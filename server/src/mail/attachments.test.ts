import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { contentPath } from '../attachments/content'
import {
  keepMailAttachments,
  mailAttachmentId,
  maxMailAttachments,
  parseKept,
  receiveAttachmentArgs,
  serialiseKept,
} from './attachments'
import type { InboundAttachment } from './parse'

const dataDir = mkdtempSync(join(tmpdir(), 'caseload-mail-att-'))
afterAll(() => rmSync(dataDir, { recursive: true, force: true }))

const part = (p: Partial<InboundAttachment> & { content: Buffer }): InboundAttachment => ({
  filename: null,
  contentType: 'application/octet-stream',
  size: p.content.length,
  inline: false,
  cid: null,
  ...p,
})

describe('keepMailAttachments', () => {
  it('stores each part by content, names nameless ones, and drops what is over the limit with the reason', async () => {
    const log = Buffer.from('S.O.R. logs analysis\n')
    const kept = await keepMailAttachments({ dataDir, attachmentLimitBytes: 100 }, 'm1@x.test', [
      part({ filename: '../../etc/sor.log', content: log }),
      part({ contentType: 'image/png', inline: true, cid: 'logo@x', content: Buffer.from('png') }),
      part({ filename: 'huge.bin', content: Buffer.alloc(101) }),
    ])
    expect(kept.stored.map((s) => [s.id, s.fileName, s.mediaType, s.size, s.inline])).toEqual([
      [mailAttachmentId('m1@x.test', 0), 'sor.log', 'application/octet-stream', log.length, false],
      [mailAttachmentId('m1@x.test', 1), 'inline-2.png', 'image/png', 3, true],
    ])
    expect(readFileSync(contentPath(dataDir, kept.stored[0]!.sha256))).toEqual(log)
    expect(kept.dropped).toEqual([
      { fileName: 'huge.bin', size: 101, reason: 'The attachment is larger than the limit of 100 bytes.' },
    ])
    // the same mail again: the same ids (a re-fetch names the same attachments)
    const again = await keepMailAttachments({ dataDir, attachmentLimitBytes: 100 }, 'm1@x.test', [
      part({ filename: 'sor.log', content: log }),
    ])
    expect(again.stored[0]!.id).toBe(kept.stored[0]!.id)
    expect(parseKept(serialiseKept(kept))).toEqual(kept)
    expect(receiveAttachmentArgs(kept).attachments[1]).toEqual({
      id: kept.stored[1]!.id,
      fileName: 'inline-2.png',
      mediaType: 'image/png',
      size: 3,
      inline: true,
    })
  })

  it(`keeps at most ${maxMailAttachments} parts and names the rest`, async () => {
    const parts = Array.from({ length: maxMailAttachments + 2 }, (_, i) =>
      part({ filename: `f${i}.txt`, content: Buffer.from(`part ${i}`) }),
    )
    const kept = await keepMailAttachments({ dataDir }, 'many@x.test', parts)
    expect(kept.stored).toHaveLength(maxMailAttachments)
    expect(kept.dropped.map((d) => d.fileName)).toEqual([
      `f${maxMailAttachments}.txt`,
      `f${maxMailAttachments + 1}.txt`,
    ])
    expect(serialiseKept({ stored: [], dropped: [] })).toBeNull()
  })
})
