/**
 * The WebSocket `LiveChannel`: `/v1/live?access_token=…` (browsers cannot set headers on a WebSocket), pokes
 * validated with shared/protocol's schema, reconnection with exponential backoff and jitter. Every (re)open is
 * reported so the engine pulls whatever the socket said or missed.
 */
import { pokeSchema } from '@shared/protocol'
import type { LiveChannel, LiveHandlers, Random, Scheduler } from './adapters'
import { backoffDelay, type BackoffPolicy } from './backoff'
import { browserScheduler, mathRandom } from './platform'

export interface WebSocketLiveChannelOptions {
  baseUrl: string
  accessToken: () => string | null
  scheduler?: Scheduler
  random?: Random
  backoff?: BackoffPolicy
  /** the WebSocket constructor (tests inject one) */
  WebSocket?: new (url: string) => WebSocket
}

export function liveUrl(baseUrl: string, token: string | null): string {
  const url = new URL('/v1/live', baseUrl)
  url.protocol = url.protocol === 'https:' ? 'wss:' : 'ws:'
  if (token) url.searchParams.set('access_token', token)
  return url.toString()
}

export class WebSocketLiveChannel implements LiveChannel {
  constructor(private readonly options: WebSocketLiveChannelOptions) {}

  connect(handlers: LiveHandlers): () => void {
    const scheduler = this.options.scheduler ?? browserScheduler
    const random = this.options.random ?? mathRandom
    const policy = this.options.backoff ?? { baseMs: 1_000, maxMs: 30_000 }
    const Ctor = this.options.WebSocket ?? globalThis.WebSocket
    let stopped = false
    let attempt = 0
    let socket: WebSocket | null = null
    let timer: unknown = null

    const open = () => {
      timer = null
      if (stopped) return
      const ws = new Ctor(liveUrl(this.options.baseUrl, this.options.accessToken()))
      socket = ws
      ws.onopen = () => {
        attempt = 0
        handlers.onOpen()
      }
      ws.onmessage = (event: MessageEvent) => {
        if (typeof event.data !== 'string') return
        let data: unknown
        try {
          data = JSON.parse(event.data)
        } catch {
          return
        }
        const poke = pokeSchema.safeParse(data)
        if (poke.success) handlers.onPoke(poke.data.version)
      }
      ws.onclose = () => {
        if (socket !== ws) return
        socket = null
        handlers.onClose()
        if (!stopped) timer = scheduler.setTimeout(open, backoffDelay(attempt++, random, policy))
      }
      ws.onerror = () => {
        // onclose follows and schedules the reconnect
      }
    }
    open()
    return () => {
      stopped = true
      if (timer !== null) scheduler.clearTimeout(timer)
      const ws = socket
      socket = null
      ws?.close()
    }
  }
}
