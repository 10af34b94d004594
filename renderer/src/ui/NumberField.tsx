import type { InputHTMLAttributes } from 'react'

/**
 * A labelled number box. The value stays the text as typed (a half-typed "1." is kept), and the form parses it
 * where it is used; `min`, `max`, `step`, `required`, `aria-invalid` pass through to the input.
 */
export function NumberField({
  label,
  value,
  onChange,
  ...input
}: {
  label: string
  value: string
  onChange: (value: string) => void
} & Omit<InputHTMLAttributes<HTMLInputElement>, 'type' | 'value' | 'onChange'>) {
  return (
    <label className="field">
      <span>{label}</span>
      <input type="number" value={value} onChange={(e) => onChange(e.target.value)} {...input} />
    </label>
  )
}
