/**
 * "Export CSV" for any table view: writes exactly the rows the view shows, in its order, with the given columns.
 * The file is handed to the platform as a download (Electron shows its save dialog; a browser saves it).
 */
import { toCsv, type CsvColumn } from '@shared/csv/write'

export function downloadCsv(fileName: string, text: string): void {
  // The BOM makes spreadsheet programs read the file as UTF-8 (names with accents stay intact).
  const blob = new Blob(['\ufeff', text], { type: 'text/csv;charset=utf-8' })
  const url = URL.createObjectURL(blob)
  const link = document.createElement('a')
  link.href = url
  link.download = fileName
  link.rel = 'noopener'
  document.body.append(link)
  link.click()
  link.remove()
  // Revoke on the next task: the click has started the download by then.
  setTimeout(() => URL.revokeObjectURL(url), 0)
}

export function ExportCsvButton<Row>({
  fileName,
  columns,
  rows,
  label = 'Export CSV',
}: {
  /** without extension; the date is added so repeated exports don't overwrite each other */
  fileName: string
  columns: ReadonlyArray<CsvColumn<Row>>
  rows: () => Iterable<Row>
  label?: string
}) {
  return (
    <button
      type="button"
      className="ghost"
      onClick={() => {
        const stamp = new Date().toISOString().slice(0, 10)
        downloadCsv(`${fileName}-${stamp}.csv`, toCsv(columns, rows()))
      }}
    >
      {label}
    </button>
  )
}
