/**
 * The one way a screen shows why its last action failed: an alert paragraph, or nothing while there is no error.
 * Screen readers announce it (role="alert") and tests find it by that role.
 */
export function ErrorLine({ error }: { error: string | null | undefined }) {
  return error ? (
    <p className="error" role="alert">
      {error}
    </p>
  ) : null
}
