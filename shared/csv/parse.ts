/**
 * A small RFC 4180 CSV reader: quoted fields, doubled quotes, CR/LF line ends, a header row. Each record keeps
 * the line it started on, so an import error can name it.
 */
export interface CsvRecord {
  line: number
  values: Record<string, string>
}

export class CsvError extends Error {
  constructor(
    readonly line: number,
    message: string,
  ) {
    super(`line ${line}: ${message}`)
    this.name = 'CsvError'
  }
}

export function parseCsv(text: string): { header: string[]; records: CsvRecord[] } {
  const rows: Array<{ line: number; cells: string[] }> = []
  let cells: string[] = []
  let cell = ''
  let quoted = false
  let line = 1
  let rowLine = 1
  let i = text.charCodeAt(0) === 0xfeff ? 1 : 0 // a BOM from spreadsheet exports
  const endRow = (): void => {
    cells.push(cell)
    if (!(cells.length === 1 && cells[0] === '')) rows.push({ line: rowLine, cells })
    cells = []
    cell = ''
  }
  for (; i < text.length; i++) {
    const ch = text[i]!
    if (quoted) {
      if (ch === '"') {
        if (text[i + 1] === '"') {
          cell += '"'
          i++
        } else quoted = false
      } else {
        if (ch === '\n') line++
        cell += ch
      }
    } else if (ch === '"') {
      if (cell !== '') throw new CsvError(line, 'a quote in the middle of an unquoted field')
      quoted = true
    } else if (ch === ',') {
      cells.push(cell)
      cell = ''
    } else if (ch === '\n' || ch === '\r') {
      if (ch === '\r' && text[i + 1] === '\n') i++
      endRow()
      line++
      rowLine = line
    } else cell += ch
  }
  if (quoted) throw new CsvError(rowLine, 'a quoted field is not closed')
  if (cell !== '' || cells.length > 0) endRow()
  const [head, ...body] = rows
  if (!head) throw new CsvError(1, 'the file is empty: expected a header row')
  const header = head.cells.map((h) => h.trim())
  const records = body.map((r) => {
    if (r.cells.length !== header.length) {
      throw new CsvError(
        r.line,
        `expected ${header.length} fields (${header.join(', ')}), found ${r.cells.length}`,
      )
    }
    return { line: r.line, values: Object.fromEntries(header.map((h, k) => [h, r.cells[k]!.trim()])) }
  })
  return { header, records }
}
