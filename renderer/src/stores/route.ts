/**
 * Where the desk is, kept in the location hash so a reload (or an app restart) returns to the same screen.
 */
import { useSyncExternalStore } from 'react'

export type Route = { name: 'queue' } | { name: 'incident'; id: string } | { name: 'new' } | { name: 'inbox' }

export function parseRoute(hash: string): Route {
  const parts = hash.replace(/^#\/?/, '').split('/')
  if (parts[0] === 'incident' && parts[1]) return { name: 'incident', id: decodeURIComponent(parts[1]) }
  if (parts[0] === 'new') return { name: 'new' }
  if (parts[0] === 'inbox') return { name: 'inbox' }
  return { name: 'queue' }
}

export function hrefOf(route: Route): string {
  switch (route.name) {
    case 'incident':
      return `#/incident/${encodeURIComponent(route.id)}`
    case 'new':
      return '#/new'
    case 'inbox':
      return '#/inbox'
    default:
      return '#/queue'
  }
}

export function navigate(route: Route): void {
  const href = hrefOf(route)
  if (location.hash !== href) location.hash = href
}

function subscribe(listener: () => void): () => void {
  window.addEventListener('hashchange', listener)
  return () => window.removeEventListener('hashchange', listener)
}

export function useRoute(): Route {
  const hash = useSyncExternalStore(subscribe, () => location.hash)
  return parseRoute(hash)
}
