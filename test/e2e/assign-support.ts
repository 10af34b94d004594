/**
 * For the assignment specs: the server's own HTTP API (sign in, pull everything, push mutations as a fresh
 * client) and its CLI (users of the e2e server's database), so a spec makes its own incidents and colleagues
 * instead of leaning on (or changing) the demo's.
 */
import { randomUUID } from 'node:crypto'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { expect, type APIRequestContext } from '@playwright/test'
import { maxPullLimit } from '../../shared/protocol/limits'
import { runServerCli } from '../support/cli'
import { apiPort, e2eDemoPassword, e2eServerUrl } from './env'

const protocol = { 'x-caseload-protocol': '1' }

export interface Api {
  userId: string
  pull(): Promise<Map<string, Record<string, unknown>[]>>
  push(mutations: { name: string; args: unknown }[]): Promise<{ status: string }[]>
}

export async function signInApi(
  request: APIRequestContext,
  username: string,
  password = e2eDemoPassword,
): Promise<Api> {
  const login = await request.post(`${e2eServerUrl}/v1/auth/login`, { data: { username, password } })
  expect(login.ok(), await login.text()).toBe(true)
  const { accessToken, user } = (await login.json()) as { accessToken: string; user: { id: string } }
  const headers = { authorization: `Bearer ${accessToken}`, ...protocol }
  const clientId = randomUUID()
  let mid = 0
  return {
    userId: user.id,
    async pull() {
      const out = new Map<string, Record<string, unknown>[]>()
      const reader = randomUUID()
      let cursor = 0
      for (let page = 0; page < 100; page++) {
        const res = await request.get(
          `${e2eServerUrl}/v1/pull?cursor=${cursor}&clientId=${reader}&limit=${maxPullLimit}`,
          { headers },
        )
        expect(res.ok(), await res.text()).toBe(true)
        const body = (await res.json()) as {
          changes: { table: string; row?: Record<string, unknown>; deleted?: boolean }[]
          cursor: number
          more: boolean
        }
        for (const c of body.changes) {
          if (!c.row || c.deleted) continue
          const rows = out.get(c.table) ?? []
          rows.push(c.row)
          out.set(c.table, rows)
        }
        cursor = body.cursor
        if (!body.more) return out
      }
      throw new Error('the pull never ended')
    },
    async push(mutations) {
      const res = await request.post(`${e2eServerUrl}/v1/push`, {
        headers,
        data: {
          protocol: 1,
          clientId,
          mutations: mutations.map((m) => ({
            mid: ++mid,
            name: m.name,
            mv: 1,
            args: m.args,
            at: new Date().toISOString(),
          })),
        },
      })
      expect(res.ok(), await res.text()).toBe(true)
      const body = (await res.json()) as { results: { status: string }[] }
      return body.results
    },
  }
}

/** `count` new unassigned incidents on Acme Mail (the demo engineer's team), subjects `${prefix} 1…n`. */
export async function openIncidents(api: Api, prefix: string, count: number): Promise<string[]> {
  const rows = await api.pull()
  const customer = rows.get('customers')?.find((c) => c.name === 'Acme Mail')
  expect(customer, 'the demo has Acme Mail').toBeDefined()
  const contact = rows.get('contacts')?.find((c) => c.customerId === customer?.id)
  const license = rows.get('licenses')?.find((l) => l.customerId === customer?.id)
  const ids = Array.from({ length: count }, () => randomUUID())
  const results = await api.push(
    ids.map((id, n) => ({
      name: 'incident.open',
      args: {
        id,
        customerId: customer?.id,
        contactId: contact?.id,
        licenseId: license?.id ?? null,
        subject: `${prefix} ${n + 1}`,
        severity: 'standard',
        category: 'question',
      },
    })),
  )
  expect(results.map((r) => r.status)).toEqual(ids.map(() => 'applied'))
  return ids
}

/** Runs the server CLI on the e2e server's database (playwright.config.ts: the same data dir). */
export function serverCli(...args: string[]): string {
  const result = runServerCli(join(tmpdir(), `caseload-e2e-${apiPort}`), args, {
    CASELOAD_PASSWORD: e2eDemoPassword,
  })
  expect(result.status, `${result.stdout}\n${result.stderr}`).toBe(0)
  return result.stdout
}
