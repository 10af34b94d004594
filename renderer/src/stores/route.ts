/**
 * Where the desk is, kept in the location hash so a reload (or an app restart) returns to the same screen.
 */
import { useSyncExternalStore } from 'react'

/** Screens that show one record, by id. */
const recordScreens = ['incident', 'customer', 'license', 'anomaly', 'article'] as const
/** Screens without an id: the lists and the tools. */
const simpleScreens = [
  'queue',
  'new',
  'inbox',
  'customers',
  'licenses',
  'anomalies',
  'kb',
  'catalog',
  'import',
  'reports',
  'unmatched',
  'mailboxes',
] as const

export type Route =
  { name: (typeof simpleScreens)[number] } | { name: (typeof recordScreens)[number]; id: string }

export function parseRoute(hash: string): Route {
  const [head = '', rawId] = hash.replace(/^#\/?/, '').split('/')
  if (rawId) {
    const record = recordScreens.find((name) => name === head)
    if (record) return { name: record, id: decodeURIComponent(rawId) }
  }
  const simple = simpleScreens.find((name) => name === head)
  return simple ? { name: simple } : { name: 'queue' }
}

export function hrefOf(route: Route): string {
  return 'id' in route ? `#/${route.name}/${encodeURIComponent(route.id)}` : `#/${route.name}`
}

/** Where Esc goes: from a record to its list, from anywhere else to the queue. */
export function parentOf(route: Route): Route {
  switch (route.name) {
    case 'customer':
      return { name: 'customers' }
    case 'license':
      return { name: 'licenses' }
    case 'anomaly':
      return { name: 'anomalies' }
    case 'article':
      return { name: 'kb' }
    default:
      return { name: 'queue' }
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
