/** A column header: its label, or the label with a class (`num` right-aligns a column of figures). */
export type Column = string | { label: string; className: string }

/** A right-aligned column of figures. */
export const num = (label: string): Column => ({ label, className: 'num' })

/**
 * The header row of a list table: one `<th scope="col">` per column, so every table names its columns for screen
 * readers the same way.
 */
export function TableHead({ columns }: { columns: readonly Column[] }) {
  return (
    <thead>
      <tr>
        {columns.map((c) =>
          typeof c === 'string' ? (
            <th key={c} scope="col">
              {c}
            </th>
          ) : (
            <th key={c.label} scope="col" className={c.className}>
              {c.label}
            </th>
          ),
        )}
      </tr>
    </thead>
  )
}
