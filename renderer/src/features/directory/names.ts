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
  /** whether the directory knows this team */
  knowsTeam(teamId: string): boolean
  /** every user the directory names, by name */
  people: readonly { id: string; name: string }[]
  /**
   * The people the server accepts as assignee of incidents of customers of every one of `teamIds` (null: a
   * customer with no team known here), by name: the admins and the members of all those teams. A directory
   * from a server that doesn't send memberships offers everyone and leaves the judgement to the server.
   */
  assignableFor(teamIds: readonly (string | null)[]): readonly { id: string; name: string }[]
}

/** How an assignee reads to the signed-in user: Nobody, You, or a name (a short id when unknown). */
export function assigneeLabel(names: Pick<Names, 'nameOf'>, me: string, assigneeId: string | null): string {
  if (assigneeId === null) return 'Nobody'
  return assigneeId === me ? 'You' : names.nameOf(assigneeId)
}

/**
 * Rows the server's command line wrote (demo data, imports) carry `cli:<command>` as their author
 * (server/src/cli/system-user.ts), and what a mailbox's mail opened or wrote `mail:<mailbox id>`
 * (server/src/mail/inbound.ts): no directory names them, and a short id of that reads as noise.
 */
function serverCommandName(userId: string): string | null {
  if (userId.startsWith('mail:')) return 'mail'
  return userId.startsWith('cli:') ? `server (${userId.slice(4)})` : null
}

export function namesFrom(directory: Pick<DirectoryRecord, 'users' | 'teams'> | undefined): Names {
  const users = new Map((directory?.users ?? []).map((u) => [u.id, u.username]))
  const teams = new Map((directory?.teams ?? []).map((t) => [t.id, t.name]))
  const byId = new Map((directory?.users ?? []).map((u) => [u.id, u]))
  const people = [...users].map(([id, name]) => ({ id, name })).sort((a, b) => a.name.localeCompare(b.name))
  const assignable = (userId: string, teamIds: readonly (string | null)[]): boolean => {
    const user = byId.get(userId)
    if (!user || user.role === 'admin' || user.teamIds === undefined) return true
    const own = user.teamIds
    return teamIds.every((t) => t !== null && own.includes(t))
  }
  return {
    nameOf: (userId) => users.get(userId) ?? serverCommandName(userId) ?? shortId(userId),
    teamName: (teamId) => teams.get(teamId) ?? shortId(teamId),
    knows: (userId) => users.has(userId),
    knowsTeam: (teamId) => teams.has(teamId),
    people,
    assignableFor: (teamIds) => people.filter((p) => assignable(p.id, teamIds)),
  }
}
