// A bootstrap client in a worker thread: pulls from cursor 0 until `more` is false, parsing every page as a
// client would, and reports rows and elapsed time. In its own thread it shares neither the server's event loop
// nor its heap, as a real client (another process, another machine) would not. Plain JavaScript: worker
// threads on Node 20 do not inherit tsx's loader.
import { parentPort, workerData } from 'node:worker_threads'

const { url, token, limit } = workerData
let cursor = 0
let rows = 0
const start = performance.now()
for (;;) {
  const res = await fetch(`${url}/v1/pull?cursor=${cursor}&limit=${limit}`, {
    headers: { authorization: `Bearer ${token}` },
  })
  if (res.status !== 200) throw new Error(`pull ${res.status}`)
  const body = await res.json()
  rows += body.changes.length
  cursor = body.cursor
  if (!body.more) break
}
parentPort.postMessage({ rows, ms: performance.now() - start })
