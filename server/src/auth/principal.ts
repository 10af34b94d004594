import type { Role } from '@shared/mutations/types'

/** The authenticated caller of a request, as the server re-derives it from the database (P6). */
export interface Principal {
  userId: string
  username: string
  role: Role
  teamIds: string[]
  sessionId: string
}
