/** The error of one field, right under it; its id is what the input's aria-describedby points to. */
export function FieldError({ id, message }: { id: string; message: string | undefined }) {
  if (!message) return null
  return (
    <span className="error small catalog-field-error" id={id}>
      {message}
    </span>
  )
}

/**
 * The errors of a group's parts, under the group and each named (`Allowance 1 limit: …`): the group's row has no
 * room under each box. Parts without an error show nothing.
 */
export function NamedFieldErrors({
  keys,
  shown,
  eid,
  nameOf,
}: {
  keys: readonly string[]
  shown: (key: string) => string | undefined
  eid: (key: string) => string
  nameOf: (key: string) => string
}) {
  return keys.map((key) => {
    const message = shown(key)
    return message ? <FieldError key={key} id={eid(key)} message={`${nameOf(key)}: ${message}`} /> : null
  })
}

/** The props that tie an input to its error: marked invalid, described by the message. */
export function invalidProps(errorId: string, message: string | undefined) {
  return message ? { 'aria-invalid': true as const, 'aria-describedby': errorId } : {}
}

/** A safe id fragment for a field key (`hours.mon.0.end` → `hours-mon-0-end`). */
export function keyId(prefix: string, key: string): string {
  return `${prefix}-${key.replace(/[^a-zA-Z0-9_-]/g, '-')}`
}
