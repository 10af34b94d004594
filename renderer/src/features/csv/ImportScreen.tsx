// Placeholder: replaced by the feature's screens in this session.
export function ImportScreen() {
  return <section className="page" />
}
