// A pushing client in a worker thread (test/bench/server-push.bench.ts): `batches` pushes of `batch`
// contact.add mutations, each push sent when the previous one answered, as one sync engine does. In its own
// thread it does not take the server's CPU time, as a real client on another machine would not. Plain
// JavaScript: worker threads on Node 20 do not inherit tsx's loader.
//
// A real client has its code loaded, its connection open and its outbox filled before it pushes: the worker gets
// there first (thread start, module loading and building the request bodies take CPU that, on a small machine,
// would be taken from the server inside the measured time), says 'ready', and starts pushing on 'go'. It speaks
// plain node:http on one keep-alive connection: fetch's client costs several times more CPU per request, which
// here is the server's CPU too.
// Ids are UUIDv7, as the app makes them (design/sync.md): time-ordered ids land at the end of the primary-key
// index instead of on a random page of it.
import { randomUUID } from 'node:crypto'
import http from 'node:http'
import { parentPort, workerData } from 'node:worker_threads'
import { v7 as uuidv7 } from 'uuid'

const { url, token, customers, batches, batch, tag } = workerData
const clientId = randomUUID()
const target = new URL(url)
const agent = new http.Agent({ keepAlive: true, maxSockets: 1 })

function request(method, path, body) {
  return new Promise((resolve, reject) => {
    const headers = { authorization: `Bearer ${token}` }
    if (body !== undefined) {
      headers['content-type'] = 'application/json'
      headers['content-length'] = Buffer.byteLength(body)
    }
    const req = http.request(
      { host: target.hostname, port: target.port, path, method, agent, headers },
      (res) => {
        const chunks = []
        res.on('data', (chunk) => chunks.push(chunk))
        res.on('end', () => resolve({ status: res.statusCode, text: Buffer.concat(chunks).toString() }))
        res.on('error', reject)
      },
    )
    req.on('error', reject)
    req.end(body)
  })
}

let mid = 0
const bodies = Array.from({ length: batches }, (_, i) =>
  JSON.stringify({
    protocol: 1,
    clientId,
    mutations: Array.from({ length: batch }, (_, j) => ({
      mid: ++mid,
      name: 'contact.add',
      mv: 1,
      args: {
        id: uuidv7(),
        customerId: customers[(i * batch + j + tag) % customers.length],
        name: `Bench ${tag}-${i}-${j}`,
        email: `b${tag}.${i}.${j}@bench.test`,
      },
      at: new Date().toISOString(),
    })),
  }),
)

const health = await request('GET', '/v1/health')
if (health.status !== 200) throw new Error(`health check failed: ${health.status}`)
parentPort.postMessage({ ready: true })
await new Promise((resolve) => parentPort.once('message', resolve))

for (const body of bodies) {
  const res = await request('POST', '/v1/push', body)
  const answer = JSON.parse(res.text)
  if (
    res.status !== 200 ||
    answer.results.length !== batch ||
    answer.results.some((r) => r.status !== 'applied')
  ) {
    throw new Error(`push failed: ${res.status} ${res.text.slice(0, 300)}`)
  }
}
agent.destroy()
parentPort.postMessage({ mutations: batches * batch })
