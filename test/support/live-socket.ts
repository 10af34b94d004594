/** A client's live socket (`GET /v1/live`) with every message it received, for tests of pokes. */
import WebSocket from 'ws'
import type { Loose } from './sync-client'

export function liveSocket(url: string, token: string): Promise<{ ws: WebSocket; messages: Loose[] }> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(`${url.replace(/^http/, 'ws')}/v1/live`, {
      headers: { authorization: `Bearer ${token}` },
    })
    const messages: Loose[] = []
    ws.on('message', (data) => messages.push(JSON.parse(String(data)) as Loose))
    ws.once('open', () => resolve({ ws, messages }))
    ws.once('unexpected-response', (_req, res) => reject(new Error(`upgrade refused: ${res.statusCode}`)))
    ws.once('error', reject)
  })
}
