import { describe, expect, it } from 'vitest'
import { buildIndex, fold, plainText, queryTerms, searchKb, tagCounts } from './search'

const articles = [
  {
    id: '1',
    title: 'Configuring SPF, DKIM and DMARC',
    body: 'Publish the TXT records.',
    tags: ['dns', 'auth'],
  },
  { id: '2', title: 'Reading the delivery log', body: 'Each line shows a DKIM result.', tags: ['logs'] },
  { id: '3', title: 'Backing up mailboxes', body: 'Stop the service first.', tags: ['backup', 'dkim'] },
  { id: '4', title: 'Renewing maintenance', body: 'Contact sales before the end date.', tags: ['billing'] },
  { id: '5', title: 'Éditer la réponse automatique', body: 'Préférences > Répondeur.', tags: ['français'] },
]
const index = buildIndex(articles)
const ids = (query: string, tag?: string) =>
  searchKb(index, query, tag ? { tag } : {}).map((h) => h.article.id)

describe('searchKb', () => {
  it('finds a word in the title, a tag or the body, ranked title > tag > body', () => {
    expect(ids('dkim')).toEqual(['1', '3', '2'])
  })

  it('needs every word of the query', () => {
    expect(ids('dkim log')).toEqual(['2'])
    expect(ids('dkim nothing-like-this')).toEqual([])
  })

  it('ignores case, accents and punctuation', () => {
    expect(ids('EDITER reponse')).toEqual(['5'])
    expect(ids('francais')).toEqual(['5'])
    expect(ids('spf,')).toEqual(['1'])
  })

  it('the start of a word beats the middle of one', () => {
    const idx = buildIndex([
      { id: 'mid', title: 'Unlogged sessions', body: '', tags: [] },
      { id: 'start', title: 'Logging sessions', body: '', tags: [] },
    ])
    expect(searchKb(idx, 'log').map((h) => h.article.id)).toEqual(['start', 'mid'])
  })

  it('the whole phrase in the title ranks first', () => {
    const idx = buildIndex([
      { id: 'apart', title: 'Delivery of the log', body: '', tags: [] },
      { id: 'phrase', title: 'The delivery log', body: '', tags: [] },
    ])
    expect(searchKb(idx, 'delivery log').map((h) => h.article.id)).toEqual(['phrase', 'apart'])
  })

  it('an empty query lists everything by title; a tag filters', () => {
    expect(ids('')).toEqual(['3', '1', '5', '2', '4'])
    expect(ids('', 'dkim')).toEqual(['3'])
    expect(ids('dkim', 'logs')).toEqual(['2'])
  })

  it('gives an excerpt around the first match', () => {
    const long = `${'filler '.repeat(40)}the needle is here ${'more '.repeat(40)}`
    const [hit] = searchKb(buildIndex([{ id: 'x', title: 'T', body: long, tags: [] }]), 'needle')
    expect(hit?.excerpt).toMatch(/^….*the needle is here.*…$/)
  })

  it('stays fast over a few thousand articles', () => {
    const words = ['smtp', 'relay', 'quota', 'mailbox', 'spam', 'filter', 'backup', 'dns', 'license', 'patch']
    const many = Array.from({ length: 4000 }, (_, i) => ({
      id: String(i),
      title: `${words[i % 10]} ${words[(i * 7) % 10]} article ${i}`,
      body: `${words[(i * 3) % 10]} `.repeat(250) + `unique${i}`,
      tags: [words[(i * 5) % 10]!],
    }))
    const indexing = performance.now()
    const built = buildIndex(many)
    const started = performance.now()
    const hits = searchKb(built, 'relay dns')
    const rare = searchKb(built, 'unique3999')
    const elapsed = performance.now() - started
    console.info(
      `kb search over ${many.length} articles: index ${Math.round(started - indexing)} ms, two queries ${Math.round(elapsed)} ms`,
    )
    // the 400 with both words in the title first
    expect(hits.length).toBeGreaterThanOrEqual(400)
    expect(hits.slice(0, 400).every((h) => /relay.*dns/.test(h.article.title))).toBe(true)
    expect(rare.map((h) => h.article.id)).toEqual(['3999'])
    // generous for a loaded CI machine; typically a few tens of milliseconds
    expect(elapsed).toBeLessThan(1000)
  })
})

describe('plainText', () => {
  it('drops markdown markers from excerpts and keeps link text', () => {
    expect(
      plainText(
        '## Title\n\n> quoted **bold** `code`\n\n- item\n1. first\n\n```\nx\n```\n[the notes](https://x.test)',
      ),
    ).toBe('Title quoted bold code item first x the notes')
  })
})

describe('fold and queryTerms', () => {
  it('folds to spaced lower-case words', () => {
    expect(fold('Hello, Wörld!')).toBe(' hello world')
    expect(queryTerms('  dkim  DKIM spf ')).toEqual(['dkim', 'spf'])
  })
})

describe('tagCounts', () => {
  it('counts each tag once per article, most used first', () => {
    expect(tagCounts([...articles, { id: '6', title: 't', body: '', tags: ['dns', 'dns'] }])[0]).toEqual({
      tag: 'dns',
      count: 2,
    })
  })
})
