/**
 * The identity CLI loads run as: an admin principal named after the command. It is not a user row (nobody can
 * sign in as it); the audit log records it by name.
 */
import type { Principal } from '../auth/principal'

export function cliPrincipal(command: string): Principal {
  return {
    userId: `cli:${command}`,
    username: `cli:${command}`,
    role: 'admin',
    teamIds: [],
    sessionId: `cli:${command}`,
  }
}
