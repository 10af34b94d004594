// Placeholder: replaced by the feature's screens in this session.
export function CatalogScreen({ readOnly }: { readOnly: boolean }) {
  return <section className="page" data-read-only={readOnly} />
}
