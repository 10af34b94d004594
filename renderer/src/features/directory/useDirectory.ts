import { useMemo } from 'react'
import { useLiveQuery } from 'dexie-react-hooks'
import { useDb } from '../sync/engine-context'
import { namesFrom, type Names } from './names'

/** Names for user and team ids from the locally kept directory; re-renders when a fresher one is stored. */
export function useDirectory(): Names {
  const db = useDb()
  const directory = useLiveQuery(() => db.directory.get('directory'), [db])
  return useMemo(() => namesFrom(directory), [directory])
}
