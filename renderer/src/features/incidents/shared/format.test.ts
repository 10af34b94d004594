import { describe, expect, it } from 'vitest'
import { duration, shortDuration } from './format'

const minute = 60_000
const day = 24 * 60 * minute

describe('shortDuration (the 148 px "Response due" cell)', () => {
  it('gives whole days once overdue by a day or more, so "Breached 46 d" is never cut', () => {
    expect(shortDuration(46 * day + 13 * 60 * minute)).toBe('46 d')
    expect(shortDuration(day)).toBe('1 d')
  })
  it('keeps hours and minutes under a day', () => {
    expect(shortDuration(3 * 60 * minute + 5 * minute)).toBe('3 h 05 min')
    expect(shortDuration(12 * minute)).toBe('12 min')
    expect(shortDuration(day - minute)).toBe(duration(day - minute))
  })
})
