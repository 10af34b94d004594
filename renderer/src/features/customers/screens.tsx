// Placeholder: replaced by the feature's screens in this session.
export function CustomersScreen() {
  return <section className="page" />
}
export function CustomerScreen({ id }: { id: string }) {
  return <section className="page" data-id={id} />
}
