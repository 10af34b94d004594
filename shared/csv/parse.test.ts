import { describe, expect, it } from 'vitest'
import { CsvError, parseCsv } from './parse'

describe('parseCsv', () => {
  it('reads quoted fields, doubled quotes, commas and newlines inside quotes, CRLF and a BOM', () => {
    const text = '\ufeffname,note\r\n"Smith, Jo","said ""hi""\nthen left"\r\nPlain,x\n'
    const { header, records } = parseCsv(text)
    expect(header).toEqual(['name', 'note'])
    expect(records).toEqual([
      { line: 2, values: { name: 'Smith, Jo', note: 'said "hi"\nthen left' } },
      { line: 4, values: { name: 'Plain', note: 'x' } },
    ])
  })

  it('skips blank lines and names the line of a record with the wrong number of fields', () => {
    expect(parseCsv('a,b\n\n1,2\n').records).toHaveLength(1)
    expect(() => parseCsv('a,b\n1,2\n3\n')).toThrow(new CsvError(3, 'expected 2 fields (a, b), found 1'))
  })

  it('refuses an unclosed quote and an empty file', () => {
    expect(() => parseCsv('a\n"open\n')).toThrow(/line 2: a quoted field is not closed/)
    expect(() => parseCsv('')).toThrow(/empty/)
  })
})
