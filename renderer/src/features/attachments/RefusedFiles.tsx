import { useLiveQuery } from 'dexie-react-hooks'
import { attachmentIdsOf, type AttachmentFile } from '../../data'
import { useDb } from '../sync/engine-context'

/**
 * For a refused comment in the Sync inbox: the files it named that the server would not take, each with the
 * server's own reason (e.g. over this server's size limit). The comment's refusal only says a file is missing;
 * this says why, which is what the engineer can act on.
 */
export function RefusedFiles({ args }: { args: unknown }) {
  const db = useDb()
  const ids = attachmentIdsOf({ args })
  const failed = useLiveQuery(
    async () =>
      ids.length === 0
        ? []
        : (await db.attachmentFiles.bulkGet(ids)).filter((f): f is AttachmentFile => f?.status === 'failed'),
    [db, ids.join(',')],
  )
  if (!failed || failed.length === 0) return null
  return (
    <ul className="attachments" aria-label="Files not uploaded">
      {failed.map((f) => (
        <li key={f.id} className="error">
          {f.fileName} was not uploaded: {f.error}
        </li>
      ))}
    </ul>
  )
}
