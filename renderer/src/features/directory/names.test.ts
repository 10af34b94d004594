import { describe, expect, it } from 'vitest'
import { assigneeLabel, namesFrom } from './names'

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
    expect(names.knowsTeam(red)).toBe(true)
    expect(names.people).toEqual([{ id: alice, name: 'alice' }])
  })

  it('labels an assignee as Nobody, You or a name', () => {
    const names = namesFrom({ users: [{ id: alice, username: 'alice', role: 'engineer' }], teams: [] })
    expect(assigneeLabel(names, 'me', null)).toBe('Nobody')
    expect(assigneeLabel(names, alice, alice)).toBe('You')
    expect(assigneeLabel(names, 'me', alice)).toBe('alice')
  })

  it('falls back to the short id for an unknown id, or when no directory was fetched yet', () => {
    const names = namesFrom({ users: [], teams: [] })
    expect(names.nameOf(alice)).toBe('00A11C')
    expect(names.teamName(red)).toBe('000ED1')
    expect(names.knows(alice)).toBe(false)
    expect(namesFrom(undefined).nameOf(alice)).toBe('00A11C')
  })

  it("names the server's command line as the author of what it wrote (demo data, imports)", () => {
    const names = namesFrom({ users: [], teams: [] })
    expect(names.nameOf('cli:demo')).toBe('server (demo)')
    expect(names.nameOf('cli:import')).toBe('server (import)')
    expect(names.nameOf('mail:0193a1b2-0000-7000-8000-00000000abcd')).toBe('mail')
  })
})
