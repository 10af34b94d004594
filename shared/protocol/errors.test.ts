import { describe, expect, it } from 'vitest'
import { errorBody, errorBodySchema, errorDetail } from './errors'
import { mutationResultSchema } from './index'

describe('the error shape', () => {
  it('carries `field` only when there is one', () => {
    expect(errorDetail('invalid', 'args.minutes: too big', 'args.minutes')).toEqual({
      code: 'invalid',
      message: 'args.minutes: too big',
      field: 'args.minutes',
    })
    expect(Object.keys(errorDetail('forbidden', 'Not your team.'))).toEqual(['code', 'message'])
    expect(JSON.stringify(errorBody('internal', 'Something went wrong on the server.'))).toBe(
      '{"error":{"code":"internal","message":"Something went wrong on the server."}}',
    )
  })

  it('is the same in an HTTP error body and in a refused mutation of a push answer', () => {
    const detail = errorDetail('not-found', 'No customers record with id c1.', 'args.customerId')
    expect(errorBodySchema.parse(errorBody(detail.code, detail.message, detail.field)).error).toEqual(detail)
    expect(mutationResultSchema.parse({ mid: 1, status: 'rejected', error: detail }).error).toEqual(detail)
  })

  it('a body without a message is not an error body', () => {
    expect(errorBodySchema.safeParse({ error: { code: 'x' } }).success).toBe(false)
  })
})
