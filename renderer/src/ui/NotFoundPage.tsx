const NOT_SYNCED = 'It is not in your local copy: it may belong to another team, or not be synced yet.'

/**
 * A detail page whose record is not in this device's copy: it says so, why that may be (by default: another
 * team's, or not synced yet), and links back to its list.
 */
export function NotFoundPage({
  title,
  reason = NOT_SYNCED,
  backHref,
  backLabel,
}: {
  title: string
  reason?: string
  backHref: string
  backLabel: string
}) {
  return (
    <section className="page">
      <h2>{title}</h2>
      <p>{reason}</p>
      <a href={backHref}>{backLabel}</a>
    </section>
  )
}
