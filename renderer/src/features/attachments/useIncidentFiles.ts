import { useLiveQuery } from 'dexie-react-hooks'
import type { AttachmentFile } from '../../data'
import { useDb } from '../sync/engine-context'

/** This device's attachment files of one incident, by id, live (upload progress and state re-render). */
export function useIncidentFiles(incidentId: string): ReadonlyMap<string, AttachmentFile> {
  const db = useDb()
  return (
    useLiveQuery(
      async () =>
        new Map(
          (await db.attachmentFiles.where('incidentId').equals(incidentId).toArray()).map(
            (f) => [f.id, f] as const,
          ),
        ),
      [db, incidentId],
    ) ?? new Map<string, AttachmentFile>()
  )
}
