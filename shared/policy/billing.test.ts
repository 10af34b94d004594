import { describe, expect, it } from 'vitest'
import type { IncidentCategory } from '../domain'
import { classifyBillable, effectiveBillable, needsKbArticle } from './index'

describe('billable classification', () => {
  it('R-PM-1: feedback, feature requests, bug reports and questions the knowledge base did not answer are free', () => {
    for (const category of ['feedback', 'feature-request', 'bug-report', 'question'] as IncidentCategory[]) {
      expect(classifyBillable({ category })).toMatchObject({ billable: false, ruleId: 'R-PM-1' })
    }
    expect(classifyBillable({ category: 'question', kbArticleExisted: false }).billable).toBe(false)
    expect(classifyBillable({ category: 'bug-report', kbArticleExisted: true }).billable).toBe(false)
  })

  it('R-PM-2: answers already in the knowledge base, mail-flow investigations, maintenance, unrelated configuration, delegated administration are billable', () => {
    expect(classifyBillable({ category: 'question', kbArticleExisted: true })).toMatchObject({
      billable: true,
      ruleId: 'R-PM-2',
    })
    for (const category of [
      'mail-flow-investigation',
      'system-maintenance',
      'unrelated-configuration',
      'delegated-administration',
    ] as IncidentCategory[]) {
      const c = classifyBillable({ category, rootCause: 'customer-environment' })
      expect(c).toMatchObject({ billable: true, ruleId: 'R-PM-2' })
      expect(c.reasons).toEqual([{ ruleId: 'R-PM-2', message: c.reason }])
    }
  })

  it('R-PM-3: the product at fault or documentation not sufficient → not billable, whatever R-PM-2 says', () => {
    expect(
      classifyBillable({ category: 'mail-flow-investigation', rootCause: 'product-defect' }),
    ).toMatchObject({ billable: false, ruleId: 'R-PM-3' })
    expect(
      classifyBillable({ category: 'question', kbArticleExisted: true, rootCause: 'documentation-gap' }),
    ).toMatchObject({
      billable: false,
      ruleId: 'R-PM-3',
    })
    expect(classifyBillable({ category: 'delegated-administration', rootCause: 'unknown' }).billable).toBe(
      true,
    )
  })

  it('R-PM-3: an engineer’s override, with its reason, wins over the classification', () => {
    expect(
      effectiveBillable({
        billable: true,
        billableOverride: { billable: false, reason: 'Goodwill after the outage' },
      }),
    ).toMatchObject({
      billable: false,
      source: 'override',
    })
    expect(effectiveBillable({ billable: true, billableOverride: null })).toMatchObject({
      billable: true,
      source: 'classification',
    })
    expect(() =>
      effectiveBillable({ billable: true, billableOverride: { billable: false, reason: ' ' } }),
    ).toThrow(/^entry\.billableOverride\.reason: /)
  })

  it('R-ST-4: an emergency ticket is billable and non-refundable, even when the product was at fault', () => {
    expect(classifyBillable({ category: 'emergency', rootCause: 'product-defect' })).toMatchObject({
      billable: true,
      ruleId: 'R-ST-4',
    })
  })

  it('R-PM-4: a question answered without an existing article, or a documentation gap, should produce an article', () => {
    expect(needsKbArticle({ category: 'question', kbArticleExisted: false })).toMatchObject({
      needed: true,
      ruleId: 'R-PM-4',
    })
    expect(needsKbArticle({ category: 'question' }).needed).toBe(true)
    expect(needsKbArticle({ category: 'question', kbArticleExisted: true }).needed).toBe(false)
    expect(needsKbArticle({ category: 'system-maintenance', rootCause: 'documentation-gap' }).needed).toBe(
      true,
    )
    expect(needsKbArticle({ category: 'feature-request' }).needed).toBe(false)
  })

  it('bad input: unknown category or root cause, a non-boolean knowledge-base flag', () => {
    expect(() => classifyBillable({ category: 'chat' as IncidentCategory })).toThrow(
      /^category: "chat" is not one of/,
    )
    expect(() => classifyBillable({ category: 'question', rootCause: 'cosmic-rays' as never })).toThrow(
      /^rootCause: /,
    )
    expect(() => classifyBillable({ category: 'question', kbArticleExisted: 'no' as never })).toThrow(
      /^kbArticleExisted: /,
    )
    expect(() => classifyBillable(null as never)).toThrow(/^input: /)
    expect(() => needsKbArticle({ category: 'question', kbArticleExisted: 1 as never })).toThrow(
      /^kbArticleExisted: /,
    )
  })
})
