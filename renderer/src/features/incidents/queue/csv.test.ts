import { describe, expect, it } from 'vitest'
import { namesFrom } from '../../directory/names'
import { queueCsvColumns } from './csv'
import type { QueueRow } from './model'

const assignee = (columns: ReturnType<typeof queueCsvColumns>, assigneeId: string | null) =>
  columns.find((c) => c.header === 'Assignee')!.value({ assigneeId } as QueueRow)

describe('queue CSV assignee', () => {
  const names = namesFrom({
    users: [{ id: '0190c2a0-0000-7000-8000-0000000b0b01', username: 'bob', role: 'engineer' }],
    teams: [],
  })
  const columns = queueCsvColumns('me', names)

  it('writes You, Nobody, or the name the directory gives', () => {
    expect(assignee(columns, 'me')).toBe('You')
    expect(assignee(columns, null)).toBe('Nobody')
    expect(assignee(columns, '0190c2a0-0000-7000-8000-0000000b0b01')).toBe('bob')
  })

  it('writes the short id of someone the directory does not name', () => {
    expect(assignee(columns, '0190c2a0-0000-7000-8000-0000000c0c01')).toBe('0C0C01')
  })
})
