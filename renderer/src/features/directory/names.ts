/**
 * Names for user and team ids, from the directory the server last sent. An id the directory doesn't know (not
 * fetched yet, a user since disabled, or one this user may not see) falls back to its short id.
 */
import type { DirectoryRecord } from '../../data'
import { shortId } from '../incidents/shared/format'

export interface Names {
  /** the user's username, or the short id */
  nameOf(userId: string): string
  /** the team's name, or the short id */
  teamName(teamId: string): string
  /** whether the directory knows this user */
  knows(userId: string): boolean
}

export function namesFrom(directory: Pick<DirectoryRecord, 'users' | 'teams'> | undefined): Names {
  const users = new Map((directory?.users ?? []).map((u) => [u.id, u.username]))
  const teams = new Map((directory?.teams ?? []).map((t) => [t.id, t.name]))
  return {
    nameOf: (userId) => users.get(userId) ?? shortId(userId),
    teamName: (teamId) => teams.get(teamId) ?? shortId(teamId),
    knows: (userId) => users.has(userId),
  }
}
