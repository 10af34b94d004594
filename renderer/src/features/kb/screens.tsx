// Placeholder: replaced by the feature's screens in this session.
export function KnowledgeBaseScreen() {
  return <section className="page" />
}
export function ArticleScreen({ id }: { id: string }) {
  return <section className="page" data-id={id} />
}
