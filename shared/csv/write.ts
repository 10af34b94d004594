/**
 * CSV out: RFC 4180 quoting, CRLF line ends, and cells that a spreadsheet would run as a formula (=, +, -, @,
 * tab, CR at the start) prefixed with an apostrophe, so an exported subject like `=HYPERLINK(...)` stays text.
 */
export interface CsvColumn<Row> {
  header: string
  value(row: Row): string | number | boolean | null | undefined
}

const formulaStart = /^[=+\-@\t\r]/

export function csvCell(value: string | number | boolean | null | undefined): string {
  if (value === null || value === undefined) return ''
  let text = String(value)
  // Numbers are data, not formulas: a negative balance keeps its minus sign.
  if (typeof value !== 'number' && formulaStart.test(text)) text = `'${text}`
  return /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text
}

export function toCsv<Row>(columns: ReadonlyArray<CsvColumn<Row>>, rows: Iterable<Row>): string {
  const lines = [columns.map((column) => csvCell(column.header)).join(',')]
  for (const row of rows) lines.push(columns.map((column) => csvCell(column.value(row))).join(','))
  return `${lines.join('\r\n')}\r\n`
}
