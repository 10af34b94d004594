import { droppedLine, type DroppedAttachment } from './model'

/**
 * The files a mail carried that the server did not keep, each with the server's reason, said plainly: the
 * engineer knows the customer sent it and can ask for it another way (a smaller file, a link).
 */
export function DroppedFiles({ items }: { items: readonly DroppedAttachment[] }) {
  if (items.length === 0) return null
  return (
    <ul className="attachments mail-dropped" aria-label="Attachments not kept">
      {items.map((d, i) => (
        // names may repeat (two "image001.png"), so the position is part of the key
        <li key={`${i}:${d.fileName}`} data-testid="dropped-attachment">
          {droppedLine(d)}
        </li>
      ))}
    </ul>
  )
}
