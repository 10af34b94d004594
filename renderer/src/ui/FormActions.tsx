import type { ReactNode } from 'react'

/** The foot of an edit form: its submit button (named for what it does) and a Cancel that leaves without saving. */
export function FormActions({
  submit,
  disabled,
  onCancel,
  inline = false,
}: {
  submit: ReactNode
  disabled: boolean
  onCancel: () => void
  /** in a one-line form the buttons sit in the form's row itself, not in a row of their own */
  inline?: boolean
}) {
  const buttons = (
    <>
      <button type="submit" disabled={disabled}>
        {submit}
      </button>
      <button type="button" className="ghost" onClick={onCancel}>
        Cancel
      </button>
    </>
  )
  return inline ? buttons : <div className="actions">{buttons}</div>
}
