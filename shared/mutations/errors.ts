import { errorDetail } from '../protocol/errors'
import type { MutationError, MutationErrorCode } from './types'

/**
 * Thrown inside a mutator to refuse the mutation permanently. `applyMutation` catches it, discards every write
 * the mutator buffered, and returns `{ status: 'rejected', error }`. Anything else thrown (a store failure) is
 * transient and propagates, so the server aborts the batch and the client retries.
 */
export class MutationRejection extends Error {
  readonly code: MutationErrorCode
  readonly field: string | undefined

  constructor(code: MutationErrorCode, message: string, field?: string) {
    super(message)
    this.name = 'MutationRejection'
    this.code = code
    this.field = field
  }

  toError(): MutationError {
    return errorDetail(this.code, this.message, this.field)
  }
}

export function reject(code: MutationErrorCode, message: string, field?: string): never {
  throw new MutationRejection(code, message, field)
}
