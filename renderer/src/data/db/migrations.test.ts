import { describe, expect, it } from 'vitest'
import { CaseloadDb } from './database'
import {
  assertOutboxStable,
  bookkeepingStores,
  schemaVersions,
  syncedTableIndexes,
  type SchemaVersion,
} from './schema'
import { freshIdb } from '../testing/fake-idb'
import type { OutboxEntry } from './types'

const entry = (mid: number): OutboxEntry => ({
  mid,
  clientId: '0190c2a0-0000-7000-8000-000000000001',
  name: 'customer.rename',
  mv: 1,
  args: { id: 'c1', name: `n${mid}` },
  at: '2026-03-06T21:00:00Z',
  actor: { userId: 'u1', role: 'engineer', teamIds: ['t1'] },
  writes: [{ table: 'customers', id: 'c1' }],
})

describe('schema versions', () => {
  it('the production history keeps the outbox frozen', () => {
    expect(() => assertOutboxStable(schemaVersions)).not.toThrow()
  })

  it('refuses a version that changes or drops the outbox', () => {
    const bad: SchemaVersion[] = [...schemaVersions, { version: 99, stores: { outbox: '++seq' } }]
    expect(() => assertOutboxStable(bad)).toThrow(/outbox/)
    const dropped: SchemaVersion[] = [...schemaVersions, { version: 99, stores: { outbox: null } }]
    expect(() => assertOutboxStable(dropped)).toThrow(/outbox/)
  })

  const first = schemaVersions[0]!

  it('a v2 that adds an index upgrades in place and keeps the outbox and rows intact', async () => {
    const idb = freshIdb()
    const v1 = new CaseloadDb('migrate', { ...idb, versions: [first] })
    await v1.outbox.bulkAdd([entry(1), entry(2), entry(3)])
    await v1.storedRows('incidents').put({ id: 'i1', version: 3, deleted: false, severity: 'emergency' })
    v1.close()

    const v2History: SchemaVersion[] = [
      first,
      {
        version: 2,
        stores: { incidents: `${syncedTableIndexes.incidents}, severity` },
      },
    ]
    const v2 = new CaseloadDb('migrate', { ...idb, versions: v2History })
    await v2.open()
    expect(v2.verno).toBe(2)
    expect(await v2.outbox.toArray()).toEqual([entry(1), entry(2), entry(3)])
    expect(
      (await v2.rows('incidents').where('severity').equals('emergency').toArray()).map((r) => r.id),
    ).toEqual(['i1'])
    expect(Object.keys(bookkeepingStores).every((t) => v2.tables.some((x) => x.name === t))).toBe(true)
    v2.close()
  })

  const latest = schemaVersions[schemaVersions.length - 1]!.version

  it('the production schema adds the directory table and keeps the outbox and rows of a v1 database', async () => {
    const idb = freshIdb()
    const v1 = new CaseloadDb('directory', { ...idb, versions: [first] })
    await v1.outbox.bulkAdd([entry(1), entry(2)])
    await v1.storedRows('incidents').put({ id: 'i1', version: 3, deleted: false })
    v1.close()

    const now = new CaseloadDb('directory', idb)
    await now.open()
    expect(now.verno).toBe(latest)
    expect(await now.outbox.toArray()).toEqual([entry(1), entry(2)])
    expect(await now.rows('incidents').get('i1')).toMatchObject({ version: 3 })
    await now.directory.put({ key: 'directory', users: [], teams: [], fetchedAt: '2026-03-06T21:00:00Z' })
    expect(await now.directory.get('directory')).toMatchObject({ users: [], teams: [] })
    now.close()
  })

  it('v3 adds the attachment files table, kept bytes and all, beside the outbox and the directory of v2', async () => {
    const idb = freshIdb()
    const v2 = new CaseloadDb('files', { ...idb, versions: schemaVersions.filter((v) => v.version <= 2) })
    await v2.outbox.bulkAdd([entry(1)])
    await v2.directory.put({ key: 'directory', users: [], teams: [], fetchedAt: '2026-03-06T21:00:00Z' })
    v2.close()

    const now = new CaseloadDb('files', idb)
    await now.open()
    expect(now.verno).toBeGreaterThanOrEqual(3)
    expect(await now.outbox.toArray()).toEqual([entry(1)])
    expect(await now.directory.get('directory')).toMatchObject({ users: [] })
    const bytes = new TextEncoder().encode('log line\n').buffer
    await now.attachmentFiles.put({
      id: 'a1',
      customerId: 'c1',
      incidentId: 'i1',
      fileName: 'sor.log',
      mediaType: 'text/plain',
      size: bytes.byteLength,
      bytes,
      status: 'pending',
      progress: 0,
      error: null,
      addedAt: '2026-03-06T21:00:00Z',
    })
    const back = await now.attachmentFiles.where('incidentId').equals('i1').toArray()
    expect(new TextDecoder().decode(back[0]!.bytes!)).toBe('log line\n')
    expect(await now.attachmentFiles.where('status').equals('pending').count()).toBe(1)
    now.close()
  })

  it("v4 indexes the rows a v3 database already holds for the statement's period reads", async () => {
    const idb = freshIdb()
    const v3 = new CaseloadDb('periods', { ...idb, versions: schemaVersions.filter((v) => v.version <= 3) })
    await v3.outbox.bulkAdd([entry(1)])
    await v3.storedRows('incidents').bulkPut([
      { id: 'i1', version: 1, deleted: false, customerId: 'c1', openedAt: '2026-03-02T09:00:00.000Z' },
      { id: 'i2', version: 1, deleted: false, customerId: 'c1', openedAt: '2026-04-02T09:00:00.000Z' },
    ])
    await v3.storedRows('timeEntries').bulkPut([
      { id: 't1', version: 1, deleted: false, customerId: 'c1', startedAt: '2026-03-03T09:00:00.000Z' },
      { id: 't2', version: 1, deleted: false, customerId: 'c1', startedAt: '2026-04-03T09:00:00.000Z' },
      { id: 't3', version: 1, deleted: false, customerId: 'c2', startedAt: '2026-04-03T09:00:00.000Z' },
    ])
    v3.close()

    const now = new CaseloadDb('periods', idb)
    await now.open()
    expect(now.verno).toBeGreaterThanOrEqual(4)
    expect(await now.outbox.toArray()).toEqual([entry(1)])
    const april = ['2026-04-01', '2026-05-01']
    const opened = await now
      .rows('incidents')
      .where('[customerId+openedAt]')
      .between(['c1', april[0]], ['c1', april[1]])
      .primaryKeys()
    expect(opened).toEqual(['i2'])
    const worked = await now
      .rows('timeEntries')
      .where('[customerId+startedAt]')
      .between(['c1', april[0]], ['c1', april[1]])
      .primaryKeys()
    expect(worked).toEqual(['t2'])
    now.close()
  })
})
