import { describe, expect, it } from 'vitest'
import { hrefOf, parseRoute, type Route } from './route'

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
