import { humanize } from './format'

/**
 * A select over one of the domain's closed vocabularies (categories, resolution codes, kinds of work…), each
 * option shown in words. Its accessible name comes from the caller: a wrapping <label>, or a Field that
 * passes the id its label points at.
 */
export function EnumSelect<T extends string>({
  value,
  options,
  onChange,
  emptyLabel,
  id,
}: {
  id?: string
  value: T
  options: readonly T[]
  onChange: (value: T) => void
  /** a first option with the value '' (T must then include '') */
  emptyLabel?: string
}) {
  return (
    <select id={id} value={value} onChange={(e) => onChange(e.target.value as T)}>
      {emptyLabel !== undefined ? <option value="">{emptyLabel}</option> : null}
      {options.map((option) => (
        <option key={option} value={option}>
          {humanize(option)}
        </option>
      ))}
    </select>
  )
}
