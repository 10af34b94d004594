import { cloneElement, useId, type ReactElement, type ReactNode } from 'react'

/**
 * A labelled control whose accessible name is the label alone: with a select inside its <label>, the name
 * would also carry the chosen option's text ("License Choose a license…"), which reads badly.
 */
export function Field({
  label,
  children,
  className = '',
  after,
}: {
  label: string
  children: ReactElement<{ id?: string }>
  className?: string
  /** under the control: its error, beside the label rather than in it, so it describes and does not rename it */
  after?: ReactNode
}) {
  const id = useId()
  return (
    <div className={`field ${className}`}>
      <label htmlFor={id} className="field-label">
        {label}
      </label>
      {cloneElement(children, { id })}
      {after}
    </div>
  )
}
