/** The error of one field, right under it; its id is what the input's aria-describedby points to. */
export function FieldError({ id, message }: { id: string; message: string | undefined }) {
  if (!message) return null
  return (
    <span className="error small catalog-field-error" id={id}>
      {message}
    </span>
  )
}

/** The props that tie an input to its error: marked invalid, described by the message. */
export function invalidProps(errorId: string, message: string | undefined) {
  return message ? { 'aria-invalid': true as const, 'aria-describedby': errorId } : {}
}

/** A safe id fragment for a field key (`hours.mon.0.end` → `hours-mon-0-end`). */
export function keyId(prefix: string, key: string): string {
  return `${prefix}-${key.replace(/[^a-zA-Z0-9_-]/g, '-')}`
}
