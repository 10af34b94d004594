import { describe, expect, it } from 'vitest'
import { currentMonth, periodProblem } from './period-input'

describe('report period input', () => {
  it('defaults to the calendar month of today, leap years included', () => {
    expect(currentMonth(new Date(2028, 1, 10, 12))).toEqual({ from: '2028-02-01', to: '2028-02-29' })
    expect(currentMonth(new Date(2026, 11, 31, 23))).toEqual({ from: '2026-12-01', to: '2026-12-31' })
  })
  it('names the field that is wrong', () => {
    expect(periodProblem('', '2026-01-31')).toMatch(/^From/)
    expect(periodProblem('2026-02-01', '2026-01-31')).toMatch(/^To: the period ends before/)
    expect(periodProblem('2026-01-01', '2026-01-31')).toBeNull()
  })
})
