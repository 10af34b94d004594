/** The knowledge base (R-PM-4): the list with offline search at #/kb, one article at #/article/<id>. */
import './kb.css'
import { ArticleView } from './ArticleView'
import { KbList } from './KbList'

export function KnowledgeBaseScreen() {
  return <KbList />
}

export function ArticleScreen({ id }: { id: string }) {
  return <ArticleView id={id} />
}
