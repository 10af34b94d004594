import { z } from 'zod'
import { IdSchema, syncedRowShape } from './common'

/** A knowledge-base article (R-PM-4): a question answered without one should produce one. */
export const KbArticleSchema = z.object({
  ...syncedRowShape,
  title: z.string().trim().min(1).max(300),
  /** markdown */
  body: z.string(),
  tags: z.array(z.string().trim().min(1)).default([]),
  status: z.enum(['draft', 'published']).default('draft'),
  createdFromIncidentId: IdSchema.nullable().default(null),
  linkedIncidentIds: z.array(IdSchema).default([]),
})
export type KbArticle = z.infer<typeof KbArticleSchema>
