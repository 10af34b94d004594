/**
 * The mail bench's inbox (test/bench/mail-corpus.ts) is what the bench says it measures, read by the server's
 * own parser and classifier: every shape is there, single-byte charsets come out as the right letters, HTML
 * loses its scripts and handlers, machines' mail reads as machines', every reply comes after the mail that
 * opened its incident, and a seed gives the same inbox every time. (What the server makes of each mail, the
 * bench checks itself.)
 */
import { describe, expect, it } from 'vitest'
import { classifyMail } from '../../server/src/mail/classify'
import { parseMail } from '../../server/src/mail/parse'
import { mailCorpus, type Corpus } from '../bench/mail-corpus'

const options = { count: 400, mailboxAddress: 'support@desk.test', start: new Date('2026-12-01T08:00:00Z') }

describe('the mail bench corpus', () => {
  let corpus: Corpus

  it('holds every shape of mail, and the outcomes add up', async () => {
    corpus = await mailCorpus(options)
    expect(new Set(corpus.mails.map((m) => m.shape))).toEqual(
      new Set([
        'plain',
        'alternative',
        'html',
        'latin1',
        'cp1252',
        'base64',
        'attachment',
        'auto-reply',
        'bounce',
      ]),
    )
    const total = Object.values(corpus.expected).reduce((a, n) => a + n, 0)
    expect(total).toBe(options.count)
    for (const d of ['incident', 'reply', 'auto-reply', 'bounce', 'unmatched', 'duplicate'] as const)
      expect(corpus.expected[d], d).toBeGreaterThan(0)
  })

  it('reads as it should with the server’s parser and classifier', async () => {
    for (const m of corpus.mails) {
      const parsed = await parseMail(m.raw, () => 'no-id')
      expect(parsed.messageId).toBe(m.messageId)
      const kind = classifyMail(parsed)
      expect(kind, m.messageId).toBe(m.shape === 'auto-reply' || m.shape === 'bounce' ? m.shape : 'person')
      expect(parsed.text, m.messageId).not.toContain('\uFFFD')
      expect(parsed.subject, m.messageId).not.toContain('=?')
      if (m.shape === 'latin1' || m.shape === 'cp1252') expect(parsed.text).toMatch(/[äöüßéèàêÄ]/)
      if (m.shape === 'html' || m.shape === 'alternative') {
        expect(parsed.html).toContain('<table')
        expect(parsed.html).not.toMatch(/<script|onclick/)
      }
      if (m.shape === 'html') expect(parsed.text).toContain('Kind regards')
      if (m.shape === 'attachment')
        expect(parsed.attachments.map((a) => a.filename)).toEqual(['smtp-0800.log'])
    }
  })

  it('answers only incidents opened earlier in the inbox', () => {
    const opened = new Set<string>()
    for (const m of corpus.mails) {
      if (m.expect.disposition === 'incident') opened.add(m.expect.incidentId!)
      if (m.expect.disposition === 'reply') expect(opened.has(m.expect.incidentId!), m.messageId).toBe(true)
    }
  })

  it('is the same inbox for the same seed', async () => {
    const again = await mailCorpus(options)
    expect(again.mails.map((m) => [m.messageId, m.shape, m.expect])).toEqual(
      corpus.mails.map((m) => [m.messageId, m.shape, m.expect]),
    )
  })
})
