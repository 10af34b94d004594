/** The knowledge base as the screens read it: live rows of the local database, so it all works offline. */
import { useLiveQuery } from 'dexie-react-hooks'
import type { IncidentRow, KbArticleRow } from '@shared/mutations'
import { liveRow, liveRows } from '../../data'
import { useDb } from '../sync/engine-context'

export type ArticleRow = KbArticleRow & { version: number; deleted: boolean }

export function useArticles(): ArticleRow[] | undefined {
  const db = useDb()
  return useLiveQuery(() => liveRows(db, 'kbArticles'), [db])
}

export interface ArticleData {
  article: ArticleRow
  /** the linked incidents present locally, in link order; a missing one belongs to another team */
  incidents: { id: string; incident: IncidentRow | undefined }[]
  createdFrom: IncidentRow | undefined
}

export function useArticle(id: string): ArticleData | null | undefined {
  const db = useDb()
  return useLiveQuery(async () => {
    const article = await liveRow(db, 'kbArticles', id)
    if (!article) return null
    const ids = article.linkedIncidentIds ?? []
    const found = await db.rows('incidents').bulkGet(ids)
    return {
      article,
      incidents: ids.map((incidentId, i) => ({ id: incidentId, incident: found[i] })),
      createdFrom: article.createdFromIncidentId
        ? await db.rows('incidents').get(article.createdFromIncidentId)
        : undefined,
    }
  }, [db, id])
}
