import { describe, expect, it } from 'vitest'
import { parseCsv } from './parse'
import { csvCell, toCsv } from './write'

describe('toCsv', () => {
  it('quotes commas, quotes and line breaks so the file reads back to the same values', () => {
    const rows = [
      { id: 'INC-1', subject: 'Disk full, again', note: 'said "urgent"\nthen left' },
      { id: 'INC-2', subject: 'Plain', note: '' },
    ]
    const text = toCsv(
      [
        { header: 'id', value: (r: (typeof rows)[number]) => r.id },
        { header: 'subject', value: (r) => r.subject },
        { header: 'note', value: (r) => r.note },
      ],
      rows,
    )
    const parsed = parseCsv(text)
    expect(parsed.header).toEqual(['id', 'subject', 'note'])
    expect(parsed.records.map((r) => r.values)).toEqual(rows)
  })

  it('keeps spreadsheet formulas as text and negative numbers as numbers', () => {
    expect(csvCell('=HYPERLINK("http://x")')).toBe(`"'=HYPERLINK(""http://x"")"`)
    expect(csvCell('@SUM(A1)')).toBe("'@SUM(A1)")
    expect(csvCell('-rm')).toBe("'-rm")
    expect(csvCell(-2.5)).toBe('-2.5')
    expect(csvCell(null)).toBe('')
    expect(csvCell(true)).toBe('true')
  })

  it('writes only the header for an empty view', () => {
    expect(toCsv([{ header: 'id', value: (r: { id: string }) => r.id }], [])).toBe('id\r\n')
  })
})
