import { describe, expect, it } from 'vitest'
import type { AttachmentFile } from '../../data'
import { eventAttachments, formatSize, isTextLike, viewerText } from './model'

const file = (over: Partial<AttachmentFile>): AttachmentFile => ({
  id: 'a1',
  customerId: 'c',
  incidentId: 'i',
  fileName: 'local.log',
  mediaType: 'text/plain',
  size: 12,
  bytes: null,
  status: 'pending',
  progress: 0,
  error: null,
  addedAt: '2026-03-04T10:00:00.000Z',
  ...over,
})

describe('formatSize', () => {
  it('says bytes, KB or MB', () => {
    expect(formatSize(512)).toBe('512 B')
    expect(formatSize(1536)).toBe('1.5 KB')
    expect(formatSize(25 * 1024 * 1024)).toBe('25.0 MB')
  })
})

describe('viewerText', () => {
  it('shows a short text whole, decoding UTF-8', () => {
    expect(viewerText(new TextEncoder().encode('Ünïcode log\n').buffer)).toEqual({
      text: 'Ünïcode log\n',
      note: null,
    })
  })

  it('cuts a long text and says how much is shown', () => {
    const v = viewerText(new TextEncoder().encode('x'.repeat(1500)).buffer, 1000)
    expect(v.text).toHaveLength(1000)
    expect(v.note).toBe('Showing the first 1,000 of 1,500 characters. Download the file for all of it.')
  })
})

describe('isTextLike', () => {
  it('opens logs and text as text, nothing else', () => {
    expect(isTextLike('S.O.R.log', 'application/octet-stream')).toBe(true)
    expect(isTextLike('report.pdf', 'application/pdf')).toBe(false)
  })
})

describe('eventAttachments', () => {
  it("uses the server's metadata, with this device's record beside it", () => {
    const local = new Map([['a1', file({ status: 'uploaded' })]])
    const list = eventAttachments(
      {
        attachmentIds: ['a1'],
        attachments: [{ id: 'a1', fileName: 'sor.log', mediaType: 'text/plain', size: 3 }],
      },
      local,
    )
    expect(list).toEqual([
      {
        id: 'a1',
        fileName: 'sor.log',
        mediaType: 'text/plain',
        size: 3,
        inline: false,
        local: local.get('a1'),
      },
    ])
  })

  it("marks a mail's inline images (cid:) as inline, and only those", () => {
    const list = eventAttachments(
      {
        attachmentIds: ['m1', 'm2'],
        attachments: [
          { id: 'm1', fileName: 'relay.log', mediaType: 'text/plain', size: 120, inline: false },
          { id: 'm2', fileName: 'inline-2.png', mediaType: 'image/png', size: 68, inline: true },
        ],
      },
      new Map(),
    )
    expect(list.map((a) => [a.fileName, a.inline])).toEqual([
      ['relay.log', false],
      ['inline-2.png', true],
    ])
    // a value that is not exactly true (data from the wire) does not mark a file inline
    const odd = eventAttachments({ attachments: [{ id: 'm3', fileName: 'x.png', inline: 'yes' }] }, new Map())
    expect(odd[0]?.inline).toBe(false)
  })

  it("names a not-yet-synced event's files from this device, in the order the comment named them", () => {
    const local = new Map([
      ['a2', file({ id: 'a2', fileName: 'second.txt', size: 5 })],
      ['a1', file({ id: 'a1' })],
    ])
    expect(eventAttachments({ attachmentIds: ['a1', 'a2'] }, local).map((a) => a.fileName)).toEqual([
      'local.log',
      'second.txt',
    ])
  })

  it('an event without attachments has none', () => {
    expect(eventAttachments({ first: false }, new Map())).toEqual([])
    expect(eventAttachments(null, new Map())).toEqual([])
  })
})
