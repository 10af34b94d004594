/**
 * Opaque bearer tokens: 256 random bits, and only their SHA-256 is stored. A token is checked against the
 * database on every request, so revoking a session (logout, reuse, a disabled user) takes effect at once.
 */
import { createHash, randomBytes } from 'node:crypto'

export function newToken(): string {
  return randomBytes(32).toString('base64url')
}

export function hashToken(token: string): string {
  return createHash('sha256').update(token).digest('base64url')
}
