import { describe, expect, it } from 'vitest'
import { namesFrom } from './names'

const alice = '0190c2a0-0000-7000-8000-00000000a11c'
const red = '0190c2a0-0000-7000-8000-000000000ed1'

describe('namesFrom', () => {
  it('names known users and teams', () => {
    const names = namesFrom({
      users: [{ id: alice, username: 'alice', role: 'engineer' }],
      teams: [{ id: red, name: 'red' }],
    })
    expect(names.nameOf(alice)).toBe('alice')
    expect(names.teamName(red)).toBe('red')
    expect(names.knows(alice)).toBe(true)
  })

  it('falls back to the short id for an unknown id, or when no directory was fetched yet', () => {
    const names = namesFrom({ users: [], teams: [] })
    expect(names.nameOf(alice)).toBe('00A11C')
    expect(names.teamName(red)).toBe('000ED1')
    expect(names.knows(alice)).toBe(false)
    expect(namesFrom(undefined).nameOf(alice)).toBe('00A11C')
  })
})
