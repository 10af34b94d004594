/**
 * Knowledge-base articles (R-PM-4): shared by the whole organisation (no customer: `customerId` null). A
 * question answered without an existing article should produce one (`kb.createFromIncident`); linking an
 * article that already answered the question marks the incident `kbArticleExisted`, which makes the
 * investigation billable (R-PM-2) unless the product or the documentation was at fault (R-PM-3).
 */
import type { KbArticle } from '@shared/domain'
import { z } from 'zod'
import {
  addIncidentEvent,
  baseVersionSchema,
  idSchema,
  scopeOfIncident,
  textSchema,
  utc,
  type NewRow,
} from './common'
import { requireIncident } from './incident-state'
import { defineMutator } from './mutator'
import type { Row, Tx } from './tx'

export type KbArticleRow = KbArticle & { customerId: null; createdAt: string; createdBy: string }

const articleFields = {
  title: textSchema(300),
  body: z.string().max(200_000),
  tags: z.array(textSchema(50)).max(50).default([]),
  status: z.enum(['draft', 'published']).default('draft'),
}

function newArticle(
  tx: Tx,
  id: string,
  fields: { title: string; body: string; tags: string[]; status: 'draft' | 'published' },
  incidentId: string | null,
): NewRow<KbArticleRow> {
  return {
    id,
    ...fields,
    tags: [...new Set(fields.tags)],
    createdFromIncidentId: incidentId,
    linkedIncidentIds: incidentId ? [incidentId] : [],
    customerId: null,
    createdAt: utc(tx.ctx.now),
    createdBy: tx.ctx.userId,
  }
}

export const kbCreate = defineMutator({
  name: 'kb.create',
  version: 1,
  args: z.object({ id: idSchema, ...articleFields }),
  scope: async () => ({ anyone: true }),
  async run(tx, args) {
    if (await tx.replayOf('kbArticles', args.id, { title: args.title, body: args.body })) return
    const { id, ...fields } = args
    await tx.insert('kbArticles', newArticle(tx, id, fields, null))
  },
})

export const kbCreateFromIncident = defineMutator({
  name: 'kb.createFromIncident',
  version: 1,
  args: z.object({ id: idSchema, incidentId: idSchema, ...articleFields }),
  scope: (args, reader) => scopeOfIncident(reader, args.incidentId),
  async run(tx, args) {
    const incident = await requireIncident(tx, args.incidentId)
    if (
      await tx.replayOf('kbArticles', args.id, { title: args.title, createdFromIncidentId: args.incidentId })
    )
      return
    const { id, incidentId, ...fields } = args
    await tx.insert('kbArticles', newArticle(tx, id, fields, incidentId))
    // answered without an existing article (R-PM-4): unless someone already found one, none existed (R-PM-1)
    if (incident.kbArticleExisted === null)
      await tx.update('incidents', incident.id, { kbArticleExisted: false })
    await addIncidentEvent(tx, incident, { kind: 'kb-linked', data: { articleId: id, created: true } })
  },
})

const linkArgs = z.object({
  articleId: idSchema,
  incidentId: idSchema,
  /** the article already answered this incident's question (R-PM-2: the investigation is billable) */
  answeredIt: z.boolean().default(false),
})

export const kbLink = defineMutator({
  name: 'kb.link',
  version: 1,
  args: linkArgs,
  scope: (args, reader) => scopeOfIncident(reader, args.incidentId),
  async run(tx, args) {
    const incident = await requireIncident(tx, args.incidentId)
    const article = await tx.require<KbArticleRow>('kbArticles', args.articleId, 'args.articleId', 'article')
    const linked = (article.linkedIncidentIds ?? []).includes(incident.id)
    if (!linked) {
      await tx.update('kbArticles', article.id, {
        linkedIncidentIds: [...(article.linkedIncidentIds ?? []), incident.id],
      })
      await addIncidentEvent(tx, incident, {
        kind: 'kb-linked',
        data: { articleId: article.id, answeredIt: args.answeredIt },
      })
    }
    if (args.answeredIt && incident.kbArticleExisted !== true) {
      await tx.update('incidents', incident.id, { kbArticleExisted: true })
    }
  },
})

const updateArgs = z
  .object({
    articleId: idSchema,
    baseVersion: baseVersionSchema,
    title: articleFields.title.optional(),
    body: articleFields.body.optional(),
    tags: z.array(textSchema(50)).max(50).optional(),
    status: z.enum(['draft', 'published']).optional(),
  })
  .refine(
    (a) => a.title !== undefined || a.body !== undefined || a.tags !== undefined || a.status !== undefined,
    {
      message: 'Nothing to change.',
      path: ['title'],
    },
  )

export const kbUpdate = defineMutator({
  name: 'kb.update',
  version: 1,
  args: updateArgs,
  scope: async () => ({ anyone: true }),
  async run(tx, args) {
    await tx.require<Row<KbArticleRow>>('kbArticles', args.articleId, 'args.articleId', 'article')
    const patch: Record<string, unknown> = {}
    if (args.title !== undefined) patch.title = args.title
    if (args.body !== undefined) patch.body = args.body
    if (args.tags !== undefined) patch.tags = [...new Set(args.tags)]
    if (args.status !== undefined) patch.status = args.status
    await tx.update('kbArticles', args.articleId, patch, { baseVersion: args.baseVersion })
  },
})
