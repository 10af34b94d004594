/**
 * Everything platform-specific the sync engine needs, as small injected interfaces. Browser implementations
 * live beside them; tests and the deterministic simulation supply their own.
 */
import type { PullResponse, PushRequest, PushResponse } from '@shared/protocol'

export interface Transport {
  push(body: PushRequest): Promise<PushResponse>
  /** `clientId` lets the server report this client's lastMutationId */
  pull(cursor: number, limit: number, clientId: string): Promise<PullResponse>
}

export type TransportErrorKind =
  /** no answer: offline, DNS, timeout, connection reset */
  | 'network'
  /** 5xx, 429, 503: try again later */
  | 'unavailable'
  /** 401 after a refresh attempt: the user must sign in again */
  | 'unauthorized'
  /** 403 */
  | 'forbidden'
  /** 409: the server speaks another protocol version (update Caseload) */
  | 'protocol'
  /** 413: the batch is too large */
  | 'too-large'
  /** 400 or an answer that does not match the protocol schemas */
  | 'bad-request'

export class TransportError extends Error {
  constructor(
    readonly kind: TransportErrorKind,
    message: string,
    readonly status?: number,
  ) {
    super(message)
    this.name = 'TransportError'
  }

  /** worth retrying with backoff */
  get transient(): boolean {
    return this.kind === 'network' || this.kind === 'unavailable'
  }
}

export interface LiveHandlers {
  /** the server committed something in this client's scope up to `version` */
  onPoke(version: number): void
  /** the socket (re)connected: pull whatever the socket said or missed */
  onOpen(): void
  onClose(): void
}

export interface LiveChannel {
  /** connects, reconnecting with backoff until stopped; returns the stop function */
  connect(handlers: LiveHandlers): () => void
}

export type TimerHandle = unknown

export interface Scheduler {
  /** milliseconds since the epoch */
  now(): number
  setTimeout(fn: () => void, ms: number): TimerHandle
  clearTimeout(handle: TimerHandle): void
}

export interface NetworkStatus {
  online(): boolean
  subscribe(listener: (online: boolean) => void): () => void
}

export interface LeaderLock {
  /**
   * Waits for leadership of `name` and calls `onAcquired` once it holds it; leadership lasts until `release`
   * (returned) is called or the holder (window) goes away, then the next waiter gets it.
   */
  request(name: string, onAcquired: () => void): () => void
}

export interface Random {
  /** uniform in [0, 1) */
  next(): number
}
