/**
 * Long lists draw a page of rows and a "Show N more" button; changing the filters (the key) starts again
 * from one page, so a new search doesn't draw the thousands of rows the last one had opened.
 */
import { useState } from 'react'

export function useShownRows(pageSize: number, filterKey: string): { limit: number; showMore(): void } {
  const [more, setMore] = useState({ key: '', pages: 1 })
  const pages = more.key === filterKey ? more.pages : 1
  return { limit: pageSize * pages, showMore: () => setMore({ key: filterKey, pages: pages + 1 }) }
}

export function ShowMoreButton({
  total,
  limit,
  pageSize,
  onMore,
  className = 'actions',
}: {
  total: number
  limit: number
  pageSize: number
  onMore(): void
  className?: string
}) {
  if (total <= limit) return null
  return (
    <div className={className}>
      <button type="button" className="ghost" onClick={onMore}>
        Show {Math.min(pageSize, total - limit)} more of {total - limit}
      </button>
    </div>
  )
}
