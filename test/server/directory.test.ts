/** `GET /v1/directory` over real HTTP on SQLite and PostgreSQL: who each caller may name, and no more. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { directoryResponseSchema, type Directory } from '@shared/protocol/index'
import { defaultAttachmentLimitBytes } from '@shared/protocol/attachments'
import { addUser, disableUser } from '../../server/src/auth/users'
import { dialects, stopPostgres } from '../support/databases'
import {
  api,
  loginAs,
  seedUsers,
  startTestServer,
  testPassword,
  testScrypt,
  type TestServer,
} from '../support/server'

afterAll(stopPostgres)

const names = (d: Directory) => ({
  users: d.users.map((u) => u.username).sort(),
  teams: d.teams.map((t) => t.name).sort(),
})

describe.each(dialects)('directory on %s', (dialect) => {
  let t: TestServer
  beforeAll(async () => {
    t = await startTestServer(dialect)
    await seedUsers(t.db)
    // carol shares red with alice; dave is in no team alice shares
    await addUser(t.db.write, {
      username: 'carol',
      password: testPassword,
      role: 'engineer',
      teams: ['red'],
      scrypt: testScrypt,
    })
    await addUser(t.db.write, {
      username: 'dave',
      password: testPassword,
      role: 'engineer',
      teams: ['blue'],
      scrypt: testScrypt,
    })
  })
  afterAll(async () => t?.close())

  async function directoryOf(username: string): Promise<Directory> {
    const { accessToken } = await loginAs(t.url, username)
    const res = await api(t.url, 'GET', '/v1/directory', { token: accessToken })
    expect(res.status).toBe(200)
    return directoryResponseSchema.parse(res.body)
  }

  it('an admin sees every user and team, with ids and roles', async () => {
    const d = await directoryOf('admin')
    expect(names(d)).toEqual({ users: ['admin', 'alice', 'bob', 'carol', 'dave'], teams: ['blue', 'red'] })
    const alice = await t.db.read
      .selectFrom('users')
      .select('id')
      .where('username', '=', 'alice')
      .executeTakeFirstOrThrow()
    const red = await t.db.read
      .selectFrom('teams')
      .select('id')
      .where('name', '=', 'red')
      .executeTakeFirstOrThrow()
    expect(d.users.find((u) => u.username === 'alice')).toEqual({
      id: alice.id,
      username: 'alice',
      role: 'engineer',
      teamIds: [red.id],
    })
    expect(d.users.find((u) => u.username === 'admin')?.role).toBe('admin')
  })

  it('an engineer sees themself, the admins, their teammates and only their own teams', async () => {
    expect(names(await directoryOf('alice'))).toEqual({ users: ['admin', 'alice', 'carol'], teams: ['red'] })
    expect(names(await directoryOf('bob'))).toEqual({ users: ['admin', 'bob', 'dave'], teams: ['blue'] })
  })

  it('each user carries their team ids, but an engineer learns only of teams they are in', async () => {
    const teamIds = new Map(
      (await t.db.read.selectFrom('teams').select(['id', 'name']).execute()).map((r) => [r.name, r.id]),
    )
    const byName = (d: Directory) => new Map(d.users.map((u) => [u.username, u.teamIds]))
    const asAdmin = byName(await directoryOf('admin'))
    expect(asAdmin.get('dave')).toEqual([teamIds.get('blue')])
    expect(asAdmin.get('carol')).toEqual([teamIds.get('red')])
    const asAlice = byName(await directoryOf('alice'))
    expect(asAlice.get('carol')).toEqual([teamIds.get('red')])
    // the admin is in no team alice shares: named, but with no team of theirs revealed
    expect(asAlice.get('admin')).toEqual([])
    for (const ids of asAlice.values()) expect(ids).not.toContain(teamIds.get('blue'))
  })

  it('nothing leaves the server but id, username, role and visible team ids', async () => {
    const { accessToken } = await loginAs(t.url, 'admin')
    const res = await api(t.url, 'GET', '/v1/directory', { token: accessToken })
    for (const user of res.body.users)
      expect(Object.keys(user).sort()).toEqual(['id', 'role', 'teamIds', 'username'])
    for (const team of res.body.teams) expect(Object.keys(team).sort()).toEqual(['id', 'name'])
  })

  it('tells the app the attachment limit, so it can refuse a bigger file when picked', async () => {
    expect((await directoryOf('alice')).attachmentLimitBytes).toBe(defaultAttachmentLimitBytes)
    const small = await startTestServer(dialect, { attachmentLimitBytes: 2 * 1024 * 1024 })
    try {
      await seedUsers(small.db)
      const { accessToken } = await loginAs(small.url, 'alice')
      const res = await api(small.url, 'GET', '/v1/directory', { token: accessToken })
      expect(directoryResponseSchema.parse(res.body).attachmentLimitBytes).toBe(2 * 1024 * 1024)
    } finally {
      await small.close()
    }
  })

  it('needs a valid token', async () => {
    expect((await api(t.url, 'GET', '/v1/directory')).status).toBe(401)
    expect((await api(t.url, 'GET', '/v1/directory', { token: 'forged' })).status).toBe(401)
  })

  it('a disabled user disappears from everyone’s directory', async () => {
    expect(names(await directoryOf('bob')).users).toContain('dave')
    await disableUser(t.db.write, 'dave')
    expect(names(await directoryOf('bob')).users).toEqual(['admin', 'bob'])
    expect(names(await directoryOf('admin')).users).not.toContain('dave')
  })
})
