/** A minimal sync client for tests: numbered mutations per clientId, push, and pull-until-done. */
import { randomUUID } from 'node:crypto'
import { v7 as uuidv7 } from 'uuid'
import type { TableName } from '../../shared/mutations/store'
import { rowKey } from '../../shared/protocol/rows'
import { api, type ApiResponse } from './server'

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- tests read wire JSON loosely and assert on it
export type Loose = Record<string, any>

export const newId = (): string => uuidv7()

export interface WireMutation {
  mid: number
  name: string
  mv: number
  args: unknown
  at: string
}

export class TestClient {
  readonly clientId: string
  private nextMid = 1
  cursor = 0
  readonly rows = new Map<string, Record<string, unknown>>()

  constructor(
    readonly url: string,
    public token: string,
    clientId?: string,
  ) {
    this.clientId = clientId ?? randomUUID()
  }

  mutation(name: string, args: unknown, mv = 1): WireMutation {
    return { mid: this.nextMid++, name, mv, args, at: new Date().toISOString() }
  }

  push(mutations: WireMutation[]): Promise<ApiResponse> {
    return api(this.url, 'POST', '/v1/push', {
      token: this.token,
      body: { protocol: 1, clientId: this.clientId, mutations },
    })
  }

  async pushOk(mutations: WireMutation[]): Promise<{ lastMutationId: number; results: Loose[] }> {
    const res = await this.push(mutations)
    if (res.status !== 200) throw new Error(`push: ${res.status} ${JSON.stringify(res.body)}`)
    return res.body
  }

  pullPage(limit?: number): Promise<ApiResponse> {
    const q = `/v1/pull?cursor=${this.cursor}&clientId=${this.clientId}${limit ? `&limit=${limit}` : ''}`
    return api(this.url, 'GET', q, { token: this.token })
  }

  /** pulls until `more` is false, applying changes to `rows` (keyed by `rowKey`); returns every change seen */
  async pullAll(limit?: number): Promise<Loose[]> {
    const seen: Loose[] = []
    for (;;) {
      const res = await this.pullPage(limit)
      if (res.status !== 200) throw new Error(`pull: ${res.status} ${JSON.stringify(res.body)}`)
      for (const change of res.body.changes) {
        seen.push(change)
        const key = rowKey(change.table, change.id)
        if (change.deleted) this.rows.delete(key)
        else this.rows.set(key, change.row)
      }
      this.cursor = res.body.cursor
      if (!res.body.more) return seen
    }
  }

  rowsOf(table: TableName): Loose[] {
    return [...this.rows.entries()].filter(([k]) => k.startsWith(rowKey(table, ''))).map(([, v]) => v)
  }
}
