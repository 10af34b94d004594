import { describe, expect, it } from 'vitest'
import { pushResponseSchema } from './index'
import { reasonSchema } from './reasons'

describe('reasonSchema', () => {
  it('is a rule id and a message a support engineer can read, both required', () => {
    expect(reasonSchema.parse({ ruleId: 'R-SA-5', message: 'Third incident of the year.' })).toEqual({
      ruleId: 'R-SA-5',
      message: 'Third incident of the year.',
    })
    expect(reasonSchema.safeParse({ ruleId: 'R-SA-5', message: '' }).success).toBe(false)
    expect(reasonSchema.safeParse({ ruleId: '', message: 'x' }).success).toBe(false)
  })

  it('a push answer carries reasons in that shape', () => {
    const answer = {
      lastMutationId: 1,
      results: [{ mid: 1, status: 'applied', reasons: [{ ruleId: 'R-ST-4', message: 'Emergency.' }] }],
    }
    expect(pushResponseSchema.parse(answer).results[0]?.reasons).toEqual(answer.results[0]?.reasons)
    const blank = { ...answer, results: [{ mid: 1, status: 'applied', reasons: [{ ruleId: 'R-ST-4' }] }] }
    expect(pushResponseSchema.safeParse(blank).success).toBe(false)
  })
})
