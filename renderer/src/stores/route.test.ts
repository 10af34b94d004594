import { describe, expect, it } from 'vitest'
import { hrefOf, parentOf, parseRoute, type Route } from './route'

describe('routes in the location hash', () => {
  it('round-trips every screen, with ids that need escaping', () => {
    const routes: Route[] = [
      { name: 'queue' },
      { name: 'new' },
      { name: 'inbox' },
      { name: 'customers' },
      { name: 'licenses' },
      { name: 'anomalies' },
      { name: 'kb' },
      { name: 'catalog' },
      { name: 'import' },
      { name: 'unmatched' },
      { name: 'mailboxes' },
      { name: 'incident', id: 'INC 1/2' },
      { name: 'customer', id: 'c-1' },
      { name: 'license', id: 'l-1' },
      { name: 'anomaly', id: 'a-1' },
      { name: 'article', id: 'k-1' },
    ]
    for (const route of routes) expect(parseRoute(hrefOf(route))).toEqual(route)
  })

  it('falls back to the queue for an unknown or empty hash, and for a record screen without an id', () => {
    expect(parseRoute('')).toEqual({ name: 'queue' })
    expect(parseRoute('#/nowhere')).toEqual({ name: 'queue' })
    expect(parseRoute('#/customer')).toEqual({ name: 'queue' })
  })
})

describe('Esc goes up one level', () => {
  it('from a record to its list, from a list or tool to the queue', () => {
    expect(parentOf({ name: 'customer', id: 'c1' })).toEqual({ name: 'customers' })
    expect(parentOf({ name: 'license', id: 'l1' })).toEqual({ name: 'licenses' })
    expect(parentOf({ name: 'anomaly', id: 'a1' })).toEqual({ name: 'anomalies' })
    expect(parentOf({ name: 'article', id: 'k1' })).toEqual({ name: 'kb' })
    expect(parentOf({ name: 'incident', id: 'i1' })).toEqual({ name: 'queue' })
    expect(parentOf({ name: 'customers' })).toEqual({ name: 'queue' })
    expect(parentOf({ name: 'queue' })).toEqual({ name: 'queue' })
  })
})
