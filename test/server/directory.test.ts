/** `GET /v1/directory` over real HTTP on SQLite and PostgreSQL: who each caller may name, and no more. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { directoryResponseSchema, type Directory } from '@shared/protocol/index'
import { disableUser } from '../../server/src/auth/users'
import { dialects, stopPostgres } from '../support/databases'
import { addEngineer, api, loginAs, seedUsers, startTestServer, type TestServer } from '../support/server'

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
    await addEngineer(t.db.write, 'carol', ['red'])
    await addEngineer(t.db.write, 'dave', ['blue'])
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
    expect(d.users.find((u) => u.username === 'alice')).toEqual({
      id: alice.id,
      username: 'alice',
      role: 'engineer',
    })
    expect(d.users.find((u) => u.username === 'admin')?.role).toBe('admin')
  })

  it('an engineer sees themself, the admins, their teammates and only their own teams', async () => {
    expect(names(await directoryOf('alice'))).toEqual({ users: ['admin', 'alice', 'carol'], teams: ['red'] })
    expect(names(await directoryOf('bob'))).toEqual({ users: ['admin', 'bob', 'dave'], teams: ['blue'] })
  })

  it('nothing leaves the server but id, username and role', async () => {
    const { accessToken } = await loginAs(t.url, 'admin')
    const res = await api(t.url, 'GET', '/v1/directory', { token: accessToken })
    for (const user of res.body.users) expect(Object.keys(user).sort()).toEqual(['id', 'role', 'username'])
    for (const team of res.body.teams) expect(Object.keys(team).sort()).toEqual(['id', 'name'])
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
