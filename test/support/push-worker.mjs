// A pushing client in a worker thread (test/bench/server-push.bench.ts): `batches` pushes of `batch`
// contact.add mutations, each push sent when the previous one answered, as one sync engine does. In its own
// thread it does not take the server's CPU time, as a real client on another machine would not. Plain
// JavaScript: worker threads on Node 20 do not inherit tsx's loader.
//
// A real client has its code loaded and its connection open before it pushes: the worker gets there first
// (starting a thread and loading fetch's HTTP client take far more CPU than a push, and on a small machine that
// would be taken from the server inside the measured time), says 'ready', and starts pushing on 'go'.
import { randomUUID } from 'node:crypto'
import { parentPort, workerData } from 'node:worker_threads'

const { url, token, customers, batches, batch, tag } = workerData
const clientId = randomUUID()

const health = await fetch(`${url}/v1/health`)
if (health.status !== 200) throw new Error(`health check failed: ${health.status}`)
await health.arrayBuffer()
parentPort.postMessage({ ready: true })
await new Promise((resolve) => parentPort.once('message', resolve))

let mid = 0
for (let i = 0; i < batches; i++) {
  const mutations = Array.from({ length: batch }, (_, j) => ({
    mid: ++mid,
    name: 'contact.add',
    mv: 1,
    args: {
      id: randomUUID(),
      customerId: customers[(i * batch + j + tag) % customers.length],
      name: `Bench ${tag}-${i}-${j}`,
      email: `b${tag}.${i}.${j}@bench.test`,
    },
    at: new Date().toISOString(),
  }))
  const res = await fetch(`${url}/v1/push`, {
    method: 'POST',
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    body: JSON.stringify({ protocol: 1, clientId, mutations }),
  })
  const body = await res.json()
  if (
    res.status !== 200 ||
    body.results.length !== batch ||
    body.results.some((r) => r.status !== 'applied')
  ) {
    throw new Error(`push failed: ${res.status} ${JSON.stringify(body).slice(0, 300)}`)
  }
}
parentPort.postMessage({ mutations: batches * batch })
