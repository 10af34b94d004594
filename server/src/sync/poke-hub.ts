/**
 * Live updates (design/sync.md): after a commit, every WebSocket whose user may see a touched row gets
 * `{ type: 'poke', version }` and pulls. A poke carries no data, only "something changed up to version V", so
 * sending one too many is harmless and sending one too few is covered by the client pulling on reconnect.
 */
import type { Principal } from '../auth/principal'

export interface PokeEvent {
  version: number
  /** teams whose customers' rows changed */
  teams: string[]
  /** an organisation-wide row (plan, calendar, KB article) changed: everyone is poked */
  global: boolean
}

export interface PokeSocket {
  send(data: string): void
  close(code?: number, reason?: string): void
}

/** WebSocket close code for "your session ended" (4000–4999 are the application's) */
export const sessionEndedCode = 4401

export class PokeHub {
  private readonly sockets = new Map<PokeSocket, Principal>()

  add(socket: PokeSocket, principal: Principal): void {
    this.sockets.set(socket, principal)
  }

  remove(socket: PokeSocket): void {
    this.sockets.delete(socket)
  }

  get size(): number {
    return this.sockets.size
  }

  /** the sessions that have a socket open (to re-check them against the database) */
  sessionIds(): string[] {
    return [...new Set([...this.sockets.values()].map((p) => p.sessionId))]
  }

  /** users with a socket open */
  userIds(): string[] {
    return [...new Set([...this.sockets.values()].map((p) => p.userId))]
  }

  /** a user's teams changed: their sockets are poked for the new teams from now on */
  updateTeams(userId: string, teamIds: string[]): void {
    for (const [socket, principal] of this.sockets) {
      if (principal.userId === userId) this.sockets.set(socket, { ...principal, teamIds })
    }
  }

  /** closes every socket of these sessions (logout, a revoked family, a disabled user) */
  closeSessions(sessionIds: readonly string[]): void {
    for (const [socket, principal] of this.sockets) {
      if (!sessionIds.includes(principal.sessionId)) continue
      this.sockets.delete(socket)
      try {
        socket.close(sessionEndedCode, 'session ended')
      } catch {
        // already closed
      }
    }
  }

  deliver(event: PokeEvent): void {
    const message = JSON.stringify({ type: 'poke', version: event.version })
    for (const [socket, principal] of this.sockets) {
      if (
        event.global ||
        principal.role === 'admin' ||
        principal.teamIds.some((t) => event.teams.includes(t))
      ) {
        try {
          socket.send(message)
        } catch {
          this.sockets.delete(socket)
        }
      }
    }
  }
}
