import type { Names } from '../../directory/names'

/**
 * A select of the colleagues the server will accept as assignee for customers of `teamIds` (the admins and
 * the members of those teams), by name (a native select: a combobox the keyboard already drives, typing a
 * name's first letters jumps to it). `placeholder` adds a first, empty choice for menus such as
 * "Assign to…" that act on change.
 */
export function AssigneeSelect({
  names,
  teamIds,
  me,
  value,
  onChange,
  label,
  placeholder,
  disabled,
  id,
}: {
  names: Names
  /** the teams of the customers of the incidents assigned (useCustomerTeams) */
  teamIds: readonly (string | null)[]
  me: string
  /** the current assignee (null: nobody); ignored with a placeholder */
  value: string | null
  onChange: (assigneeId: string | null) => void
  label: string
  placeholder?: string
  disabled?: boolean
  id?: string
}) {
  const current = placeholder !== undefined ? '' : (value ?? 'none')
  const people = names.assignableFor(teamIds)
  return (
    <select
      id={id}
      aria-label={label}
      value={current}
      disabled={disabled}
      onChange={(e) => {
        const v = e.target.value
        if (v === '') return
        onChange(v === 'none' ? null : v)
      }}
    >
      {placeholder !== undefined ? (
        <option value="" disabled>
          {placeholder}
        </option>
      ) : null}
      <option value="none">Nobody</option>
      {people.map((p) => (
        <option key={p.id} value={p.id}>
          {p.id === me ? `${p.name} (you)` : p.name}
        </option>
      ))}
      {/* someone not offered (not in the directory yet, or since moved to another team) still shows as who has it */}
      {value !== null && placeholder === undefined && !people.some((p) => p.id === value) ? (
        <option value={value}>{names.nameOf(value)}</option>
      ) : null}
    </select>
  )
}
