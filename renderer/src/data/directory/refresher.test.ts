import { describe, expect, it } from 'vitest'
import type { Directory } from '@shared/protocol'
import { testDb } from '../testing/fake-idb'
import { initialStatus, type SyncStatus } from '../sync/status'
import { DirectoryRefresher, isRefreshMoment, refreshDue, saveDirectory } from './refresher'

const dir = (username: string): Directory => ({
  users: [{ id: 'u1', username, role: 'engineer' }],
  teams: [{ id: 't1', name: 'red' }],
})
const online = (lastSyncAt: string | null): SyncStatus => ({ ...initialStatus, online: true, lastSyncAt })

describe('refreshDue', () => {
  it('allows the first fetch, then one a minute', () => {
    expect(refreshDue(null, 1_000)).toBe(true)
    expect(refreshDue(1_000, 60_999)).toBe(false)
    expect(refreshDue(1_000, 61_000)).toBe(true)
  })
  it('a clock that went back does not block refreshes forever', () => {
    expect(refreshDue(100_000, 50_000)).toBe(true)
  })
})

describe('isRefreshMoment', () => {
  it('is the first online status, and each completed cycle', () => {
    expect(isRefreshMoment(null, online(null))).toBe(true)
    expect(isRefreshMoment({ ...initialStatus, online: false }, online('a'))).toBe(true)
    expect(isRefreshMoment(online('a'), online('a'))).toBe(false)
    expect(isRefreshMoment(online('a'), online('b'))).toBe(true)
  })
  it('never while offline or blocked', () => {
    expect(isRefreshMoment(null, initialStatus)).toBe(false)
    expect(isRefreshMoment(null, { ...online('a'), blocked: { reason: 'signed-out', message: 'x' } })).toBe(
      false,
    )
  })
})

describe('DirectoryRefresher', () => {
  it('stores what it fetched, throttled to once a minute, and keeps the last directory when a fetch fails', async () => {
    const db = testDb()
    let clock = 0
    const answers: (Directory | Error)[] = [dir('alice'), new Error('offline'), dir('alicia')]
    let calls = 0
    const errors: unknown[] = []
    const refresher = new DirectoryRefresher({
      fetch: async () => {
        calls++
        const next = answers.shift()!
        if (next instanceof Error) throw next
        return next
      },
      save: saveDirectory(db),
      now: () => clock,
      onError: (e) => errors.push(e),
    })
    await refresher.refresh()
    expect((await db.directory.get('directory'))?.users[0]?.username).toBe('alice')

    clock = 30_000
    await refresher.refresh()
    expect(calls).toBe(1)

    clock = 61_000
    await refresher.refresh()
    expect(calls).toBe(2)
    expect(errors).toHaveLength(1)
    expect((await db.directory.get('directory'))?.users[0]?.username).toBe('alice')

    clock = 122_000
    refresher.onStatus(online('2026-03-06T21:00:00Z'))
    await refresher.refresh()
    expect(calls).toBe(3)
    expect(await db.directory.get('directory')).toMatchObject({
      users: [{ username: 'alicia' }],
      teams: [{ name: 'red' }],
      fetchedAt: new Date(122_000).toISOString(),
    })
    db.close()
  })
})
