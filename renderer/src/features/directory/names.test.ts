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

  it('offers as assignee only admins and members of every team asked, as the server accepts', () => {
    const blue = '0190c2a0-0000-7000-8000-0000000000b1'
    const names = namesFrom({
      users: [
        { id: 'u-admin', username: 'admin', role: 'admin', teamIds: [] },
        { id: 'u-carol', username: 'carol', role: 'engineer', teamIds: [red] },
        { id: 'u-dave', username: 'dave', role: 'engineer', teamIds: [blue] },
        { id: 'u-erin', username: 'erin', role: 'engineer', teamIds: [blue, red] },
      ],
      teams: [],
    })
    const offered = (teams: (string | null)[]) => names.assignableFor(teams).map((p) => p.name)
    expect(offered([red])).toEqual(['admin', 'carol', 'erin'])
    expect(offered([blue])).toEqual(['admin', 'dave', 'erin'])
    // a selection across two teams' customers: only who is valid for all of them
    expect(offered([red, blue, red])).toEqual(['admin', 'erin'])
    // a customer whose team isn't known here: only an admin is sure to be accepted
    expect(offered([null])).toEqual(['admin'])
  })

  it('offers everyone when the server sent no memberships (an older server decides)', () => {
    const names = namesFrom({
      users: [
        { id: 'u-admin', username: 'admin', role: 'admin' },
        { id: 'u-carol', username: 'carol', role: 'engineer' },
      ],
      teams: [],
    })
    expect(names.assignableFor([red]).map((p) => p.name)).toEqual(['admin', 'carol'])
  })
})
