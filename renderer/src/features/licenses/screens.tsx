// Placeholder: replaced by the feature's screens in this session.
export function LicensesScreen() {
  return <section className="page" />
}
export function LicenseScreen({ id }: { id: string }) {
  return <section className="page" data-id={id} />
}
