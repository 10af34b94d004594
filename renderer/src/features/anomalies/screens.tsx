// Placeholder: replaced by the feature's screens in this session.
export function AnomaliesScreen() {
  return <section className="page" />
}
export function AnomalyScreen({ id }: { id: string }) {
  return <section className="page" data-id={id} />
}
