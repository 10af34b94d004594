/**
 * Offline full-text search over the knowledge base, in the renderer over the local rows (no server, so it works
 * offline). The index is the articles' text folded once (lower case, accents removed, punctuation as spaces);
 * a query is its words, each of which must appear in the title, a tag or the body. Ranking: a word in the
 * title weighs most, then a tag, then the body; the start of a word beats the middle of one. A few thousand
 * articles are a few megabytes of text: plain `includes` over it takes milliseconds.
 */

export interface Searchable {
  id: string
  title: string
  body: string
  tags: readonly string[]
  status?: string
}

export interface IndexedArticle<A extends Searchable> {
  article: A
  /** folded, with a space in front so ' word' finds the start of a word */
  title: string
  body: string
  tags: string[]
  /** the body on one line, for excerpts, and the same lower-cased without accents when that keeps positions */
  flat: string
  flatFolded: string | null
}

export interface Hit<A extends Searchable> {
  article: A
  score: number
  /** a short excerpt of the body around the first match, for the result list */
  excerpt: string
}

/** Lower case, accents removed, everything but letters and digits as one space; with a leading space. */
export function fold(text: string): string {
  const plain = text
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim()
  return ` ${plain}`
}

export function queryTerms(query: string): string[] {
  return [...new Set(fold(query).split(' ').filter(Boolean))]
}

function lowerPlain(text: string): string {
  return text
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
}

/** The body as a reader sees it, roughly, for excerpts: markdown's markers out, link text kept. */
export function plainText(markdown: string): string {
  return markdown
    .replace(/^```.*$/gm, ' ')
    .replace(/^\s{0,3}(#{1,6}|>+|[-*+]|\d+[.)])\s+/gm, '')
    .replace(/!?\[([^\]]*)\]\([^)]*\)/g, '$1')
    .replace(/(\*\*|__|`)/g, '')
    .replace(/\s+/g, ' ')
    .trim()
}

export function buildIndex<A extends Searchable>(articles: readonly A[]): IndexedArticle<A>[] {
  return articles.map((article) => {
    const flat = plainText(article.body)
    const flatFolded = lowerPlain(flat)
    return {
      article,
      title: fold(article.title),
      body: fold(article.body),
      tags: article.tags.map((t) => fold(t).trim()),
      flat,
      // NFD with accents removed keeps one character per letter for Latin text: positions line up
      flatFolded: flatFolded.length === flat.length ? flatFolded : null,
    }
  })
}

const weight = {
  titleWord: 10,
  title: 6,
  tagExact: 8,
  tagWord: 5,
  bodyWord: 2,
  body: 1,
  /** the whole query, in its order, in the title */
  titlePhrase: 8,
}

/** The score of one word in one article, 0 when it is nowhere. */
function termScore(entry: IndexedArticle<Searchable>, term: string): number {
  let score = 0
  if (entry.title.includes(` ${term}`)) score += weight.titleWord
  else if (entry.title.includes(term)) score += weight.title
  if (entry.tags.some((t) => t === term)) score += weight.tagExact
  else if (entry.tags.some((t) => ` ${t}`.includes(` ${term}`))) score += weight.tagWord
  if (entry.body.includes(` ${term}`)) score += weight.bodyWord
  else if (entry.body.includes(term)) score += weight.body
  return score
}

function excerptOf(entry: IndexedArticle<Searchable>, terms: readonly string[], length = 140): string {
  const { flat, flatFolded } = entry
  const at = flatFolded
    ? Math.min(...terms.map((t) => flatFolded.indexOf(t)).filter((i) => i >= 0), Number.POSITIVE_INFINITY)
    : Number.POSITIVE_INFINITY
  const start = Number.isFinite(at) ? Math.max(0, at - 40) : 0
  const text = flat.slice(start, start + length)
  return `${start > 0 ? '…' : ''}${text}${start + length < flat.length ? '…' : ''}`
}

export interface SearchOptions {
  /** only articles with this tag (exact, as written) */
  tag?: string | null
}

/**
 * The articles matching every word of the query (and the tag), best first; ties by title. An empty query lists
 * every article (of the tag) by title.
 */
export function searchKb<A extends Searchable>(
  index: readonly IndexedArticle<A>[],
  query: string,
  options: SearchOptions = {},
): Hit<A>[] {
  const terms = queryTerms(query)
  const phrase = terms.length > 1 ? ` ${terms.join(' ')}` : null
  const hits: (Hit<A> & { entry: IndexedArticle<A> })[] = []
  for (const entry of index) {
    if (options.tag && !entry.article.tags.includes(options.tag)) continue
    let score = 0
    let all = true
    for (const term of terms) {
      const s = termScore(entry, term)
      if (s === 0) {
        all = false
        break
      }
      score += s
    }
    if (!all) continue
    if (phrase && entry.title.includes(phrase)) score += weight.titlePhrase
    hits.push({ article: entry.article, score, excerpt: '', entry })
  }
  hits.sort(
    (a, b) =>
      b.score - a.score ||
      a.article.title.localeCompare(b.article.title) ||
      (a.article.id < b.article.id ? -1 : 1),
  )
  return hits.map(({ entry, ...hit }) => ({ ...hit, excerpt: excerptOf(entry, terms) }))
}

/** Every tag in use, with how many articles carry it, most used first. */
export function tagCounts(articles: readonly Searchable[]): { tag: string; count: number }[] {
  const counts = new Map<string, number>()
  for (const a of articles) for (const t of new Set(a.tags)) counts.set(t, (counts.get(t) ?? 0) + 1)
  return [...counts]
    .map(([tag, count]) => ({ tag, count }))
    .sort((a, b) => b.count - a.count || a.tag.localeCompare(b.tag))
}
